// One job: status, progress, times, parameters, error and log; 再実行 runs it again.
import { Alert, Badge, Button, Code, Group, ScrollArea, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconAlertCircle, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDateTime, formatTime } from '../../components/date-time';
import { notifyError, notifySuccess } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/states';
import { JobProgress, JobStatusBadge } from './JobStatusBadge';
import { isActive, jobKindLabel, jobQuery, storeJob } from './job-queries';
import { useJobEvents } from './use-job-events';

const levelColors: Record<string, string> = {
  error: 'red',
  warn: 'orange',
  warning: 'orange',
  info: 'blue',
  debug: 'gray',
};

function hasParams(params: unknown): boolean {
  if (params === null || params === undefined) return false;
  if (typeof params === 'object') return Object.keys(params).length > 0;
  return true;
}

export function JobDetail({
  jobId,
  onOpenJob,
  canRun,
}: {
  jobId: string;
  onOpenJob: (id: string) => void;
  canRun: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const streamingRef = useRef(false);
  const job = useQuery({
    ...jobQuery(jobId),
    // Polling only when the event stream is not carrying the progress.
    refetchInterval: (query) =>
      query.state.data && isActive(query.state.data) && !streamingRef.current ? 2000 : false,
  });
  const active = !!job.data && isActive(job.data);
  const { streaming } = useJobEvents(jobId, active);
  useEffect(() => {
    streamingRef.current = streaming;
  }, [streaming]);

  const rerun = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/jobs/{id}/rerun', { params: { path: { id: jobId } } })),
    onSuccess: async (started) => {
      storeJob(queryClient, started);
      notifySuccess(t, t('jobs.rerunStarted'));
      await queryClient.invalidateQueries({ queryKey: ['jobs', 'list'] });
      onOpenJob(started.id);
    },
    onError: (error) => notifyError(t, error),
  });

  if (job.isPending) return <LoadingState />;
  if (job.isError) return <ErrorState error={job.error} onRetry={() => void job.refetch()} />;
  const data = job.data;

  function confirmRerun() {
    modals.openConfirmModal({
      title: t('jobs.rerun'),
      children: <Text size="sm">{t('jobs.rerunConfirm', { kind: jobKindLabel(t, data.kind) })}</Text>,
      labels: { confirm: t('jobs.rerun'), cancel: t('common.cancel') },
      onConfirm: () => rerun.mutate(),
    });
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Title order={3} size="h4">
            {jobKindLabel(t, data.kind)}
          </Title>
          <Text size="xs" c="dimmed" ff="monospace">
            {data.kind}
          </Text>
        </Stack>
        <JobStatusBadge status={data.status} />
      </Group>

      <JobProgress job={data} size="lg" />
      {active && (
        <Text size="xs" c="dimmed" aria-live="polite">
          {streaming ? t('jobs.live') : t('jobs.polling')}
        </Text>
      )}

      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('jobs.fields.createdAt')}
          </Text>
          <Text size="sm">{formatDateTime(data.createdAt)}</Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('jobs.fields.startedAt')}
          </Text>
          <Text size="sm">{formatDateTime(data.startedAt)}</Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {t('jobs.fields.finishedAt')}
          </Text>
          <Text size="sm">{formatDateTime(data.finishedAt)}</Text>
        </Stack>
      </SimpleGrid>

      {data.rerunOf && (
        <Text size="sm">
          {t('jobs.fields.rerunOf')}:{' '}
          <Button variant="subtle" size="compact-sm" onClick={() => onOpenJob(data.rerunOf as string)}>
            {t('jobs.openOriginal')}
          </Button>
        </Text>
      )}

      {hasParams(data.params) && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('jobs.fields.params')}
          </Text>
          <Code block>{JSON.stringify(data.params, null, 2)}</Code>
        </Stack>
      )}

      {data.error && (
        <Alert color="red" icon={<IconAlertCircle size={18} />} title={t('jobs.fields.error')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {data.error}
          </Text>
        </Alert>
      )}

      <Stack gap={4}>
        <Text size="sm" fw={500}>
          {t('jobs.fields.log')}
        </Text>
        {data.log.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('jobs.noLog')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={360} type="auto" offsetScrollbars>
            <Stack gap={2} component="ol" p={0} m={0} style={{ listStyle: 'none' }} data-testid="job-log">
              {data.log.map((line, index) => (
                <Group
                  // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id and never reorder
                  key={index}
                  component="li"
                  gap="xs"
                  wrap="nowrap"
                  align="flex-start"
                >
                  <Text size="xs" c="dimmed" ff="monospace" style={{ flexShrink: 0 }}>
                    {formatTime(line.at)}
                  </Text>
                  <Badge
                    size="xs"
                    variant="light"
                    color={levelColors[line.level] ?? 'gray'}
                    style={{ flexShrink: 0 }}
                  >
                    {line.level}
                  </Badge>
                  <Text size="xs" style={{ wordBreak: 'break-word' }}>
                    {line.code
                      ? t(`jobs.log.${line.code}` as 'jobs.log.queued', {
                          ...line.params,
                          defaultValue: line.message,
                        })
                      : line.message}
                  </Text>
                </Group>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Stack>

      {canRun && (
        <Group justify="flex-end">
          <Button
            leftSection={<IconRefresh size={16} />}
            variant="light"
            onClick={confirmRerun}
            loading={rerun.isPending}
            disabled={active}
          >
            {t('jobs.rerun')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
