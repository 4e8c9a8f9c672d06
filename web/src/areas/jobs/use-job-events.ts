// Live progress of one job over server-sent events (event `job`, data = the Job), while it
// is queued or running. If the stream cannot be kept, the caller falls back to polling.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Job } from '../../api/types';
import { isActive, storeJob } from './job-queries';

export function useJobEvents(jobId: string, active: boolean): { streaming: boolean } {
  const queryClient = useQueryClient();
  const [streaming, setStreaming] = useState(false);

  useEffect(() => {
    if (!active || typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/jobs/${encodeURIComponent(jobId)}/events`);
    let failures = 0;
    source.onopen = () => {
      failures = 0;
      setStreaming(true);
    };
    source.addEventListener('job', (event) => {
      let job: Job;
      try {
        job = JSON.parse((event as MessageEvent<string>).data) as Job;
      } catch {
        return;
      }
      storeJob(queryClient, job);
      if (!isActive(job)) {
        source.close();
        setStreaming(false);
        void queryClient.invalidateQueries({ queryKey: ['jobs', 'list'] });
      }
    });
    source.onerror = () => {
      failures += 1;
      setStreaming(false);
      // The browser retries on its own; after a few failures, stop and let polling take over.
      if (failures >= 3 || source.readyState === EventSource.CLOSED) source.close();
    };
    return () => {
      source.close();
      setStreaming(false);
    };
  }, [jobId, active, queryClient]);

  return { streaming };
}
