// One billing run as it happens: the progress bar fed by its job's server-sent events
// (polling when the stream cannot be kept), then the report, or the error of a failed run.
import { Alert, Badge, Card, CloseButton, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/date-time';
import { ErrorState, LoadingState } from '../../components/states';
import { JobProgress, JobStatusBadge } from '../jobs/JobStatusBadge';
import { isActive, jobQuery } from '../jobs/job-queries';
import { useJobEvents } from '../jobs/use-job-events';
import { monthLabel } from './billing-labels';
import { billingRunQuery, invalidateBilling } from './billing-queries';
import type { BillingRun } from './billing-types';
import { RunReport } from './RunReport';

export function RunPanel({ runId, onClose }: { runId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const run = useQuery({
    ...billingRunQuery(runId),
    // A slow safety net for the final report; the progress itself comes from the job's events.
    refetchInterval: (query) =>
      query.state.data && (query.state.data.status === 'queued' || query.state.data.status === 'running')
        ? 5000
        : false,
  });
  return (
    <Card withBorder radius="md" padding="lg" data-testid="run-panel">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Title order={3} size="h4">
          {run.data
            ? t('billing.runs.panelTitle', { month: monthLabel(run.data.billingMonth) })
            : t('billing.runs.title')}
        </Title>
        <CloseButton onClick={onClose} aria-label={t('common.close')} />
      </Group>
      {run.isPending ? (
        <LoadingState />
      ) : run.isError ? (
        <ErrorState error={run.error} onRetry={() => void run.refetch()} />
      ) : (
        <RunProgressView run={run.data} />
      )}
    </Card>
  );
}

function RunProgressView({ run }: { run: BillingRun }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const streamingRef = useRef(false);
  const jobId = run.jobId ?? '';
  const job = useQuery({
    ...jobQuery(jobId),
    enabled: !!run.jobId,
    // Polling only when the event stream is not carrying the progress.
    refetchInterval: (query) =>
      query.state.data && isActive(query.state.data) && !streamingRef.current ? 2000 : false,
  });
  // The run's own record wins once it has ended; until then the job reports the progress.
  const runEnded = run.status === 'completed' || run.status === 'failed';
  const current = runEnded || !job.data ? run : job.data;
  const status = current.status;
  const active = isActive(current);
  const { streaming } = useJobEvents(jobId, !!run.jobId && active);
  useEffect(() => {
    streamingRef.current = streaming;
  }, [streaming]);

  // When the job ends, the run holds the final report: read it (and the invoices it made) again.
  const jobEnded = !!job.data && !isActive(job.data);
  useEffect(() => {
    if (jobEnded) void invalidateBilling(queryClient);
  }, [jobEnded, queryClient]);

  return (
    <Stack gap="md">
      <Group gap="xs">
        <JobStatusBadge status={status} />
        {run.dryRun && (
          <Badge color="grape" variant="outline" tt="none">
            {t('billing.runs.preview')}
          </Badge>
        )}
        <Text size="xs" c="dimmed">
          {formatDateTime(run.createdAt)}
        </Text>
      </Group>
      <JobProgress job={{ status, progress: current.progress }} size="lg" />
      {active && (
        <Text size="xs" c="dimmed" aria-live="polite">
          {streaming ? t('jobs.live') : t('jobs.polling')}
        </Text>
      )}
      {run.status === 'completed' && (
        <Stack gap="xs">
          <Text size="sm" fw={500} role="status">
            {run.dryRun ? t('billing.runs.previewDone') : t('billing.runs.done')}
          </Text>
          <RunReport report={run.report} />
        </Stack>
      )}
      {status === 'failed' && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} title={t('billing.runs.failed')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {run.error ?? job.data?.error ?? t('errors.unexpected')}
          </Text>
        </Alert>
      )}
    </Stack>
  );
}
