import { Badge, Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Job, JobStatus } from '../../api/types';

const colors: Record<JobStatus, string> = {
  queued: 'gray',
  running: 'blue',
  completed: 'teal',
  failed: 'red',
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status] ?? 'gray'} variant="light" tt="none">
      {t(`jobs.statuses.${status}`)}
    </Badge>
  );
}

/** A bar with done/total; while the total is unknown (0) a running job shows a moving bar. */
export function JobProgress({
  job,
  size = 'md',
}: {
  job: Pick<Job, 'status' | 'progress'>;
  size?: 'sm' | 'md' | 'lg';
}) {
  const { t } = useTranslation();
  const { done, total } = job.progress;
  const percent =
    total > 0 ? Math.min(100, Math.round((done / total) * 100)) : job.status === 'completed' ? 100 : 0;
  const running = job.status === 'running';
  return (
    <Group gap="xs" wrap="nowrap">
      <Progress
        value={running && total === 0 ? 100 : percent}
        striped={running}
        animated={running}
        color={colors[job.status] ?? 'gray'}
        size={size}
        flex={1}
        miw={80}
        aria-label={t('jobs.fields.progress')}
      />
      <Text size="xs" c="dimmed" miw={64} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {t('jobs.progressCount', { done, total })}
      </Text>
    </Group>
  );
}
