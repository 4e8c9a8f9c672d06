import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, unwrap } from '../../api/client';
import type { Job, JobStatus } from '../../api/types';

export const jobStatuses: JobStatus[] = ['queued', 'running', 'completed', 'failed'];

export function isActive(job: Pick<Job, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

export const jobsQuery = (status: JobStatus | undefined) =>
  infiniteQueryOptions({
    queryKey: ['jobs', 'list', status ?? 'all'],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/jobs', { params: { query: { status, limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const jobQuery = (id: string) =>
  queryOptions({
    queryKey: ['jobs', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id } } })),
  });

export const jobKindsQuery = queryOptions({
  queryKey: ['job-kinds'],
  queryFn: async () => (await unwrap(api.GET('/api/v1/job-kinds'))).items,
  staleTime: 10 * 60_000,
});

/** A job as just reported (by the event stream or an action) replaces the cached one. */
export function storeJob(queryClient: QueryClient, job: Job): void {
  queryClient.setQueryData(jobQuery(job.id).queryKey, job);
  queryClient.setQueriesData<{ pages: { items: Job[]; nextCursor: string | null }[]; pageParams: unknown[] }>(
    { queryKey: ['jobs', 'list'] },
    (data) =>
      data && {
        ...data,
        pages: data.pages.map((page) => ({
          ...page,
          items: page.items.map((item) => (item.id === job.id ? job : item)),
        })),
      },
  );
}

export function jobKindLabel(t: TFunction, kind: string): string {
  return t(`jobs.kinds.${kind}` as 'jobs.kinds.maintenance.cleanup', { defaultValue: kind });
}
