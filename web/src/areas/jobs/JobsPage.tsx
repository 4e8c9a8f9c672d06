// スケジュール済プロセス: the jobs of the tenant with status and progress; a drawer shows one
// job's log live, and a job can be scheduled or run again.
import { Button, Center, Drawer, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobStatus } from '../../api/types';
import { formatDateTime } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { JobDetail } from './JobDetail';
import { JobProgress, JobStatusBadge } from './JobStatusBadge';
import { isActive, jobKindLabel, jobStatuses, jobsQuery } from './job-queries';
import { ScheduleJobModal } from './ScheduleJobModal';

const route = getRouteApi('/app/jobs');

export function JobsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const { job: openJobId } = route.useSearch();
  const navigate = useNavigate({ from: '/jobs' });
  const [status, setStatus] = useState<JobStatus | 'all'>('all');
  const [scheduling, setScheduling] = useState(false);
  const phone = useMediaQuery('(max-width: 48em)');

  const jobs = useInfiniteQuery({
    ...jobsQuery(status === 'all' ? undefined : status),
    // While something runs, the list refreshes itself; the open job streams its own events.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.items.some(isActive)) ? 3000 : false,
  });
  const rows = jobs.data?.pages.flatMap((page) => page.items) ?? [];

  const openJob = (id: string | undefined) => void navigate({ search: { job: id } });

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('jobs.title')}>
        {can(me, 'jobs.run') && (
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => setScheduling(true)}>
            {t('jobs.schedule')}
          </Button>
        )}
      </PageHeader>

      <SegmentedControl
        value={status}
        onChange={(value) => setStatus(value as JobStatus | 'all')}
        data={[
          { value: 'all', label: t('jobs.allStatuses') },
          ...jobStatuses.map((value) => ({ value, label: t(`jobs.statuses.${value}`) })),
        ]}
        w="fit-content"
        maw="100%"
        size="xs"
        aria-label={t('jobs.fields.status')}
      />

      {jobs.isPending ? (
        <LoadingState />
      ) : jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{t('jobs.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('jobs.fields.kind')}</Table.Th>
                  <Table.Th w={110}>{t('jobs.fields.status')}</Table.Th>
                  <Table.Th w={220}>{t('jobs.fields.progress')}</Table.Th>
                  <Table.Th w={170}>{t('jobs.fields.createdAt')}</Table.Th>
                  <Table.Th w={200}>{t('jobs.fields.startedFinished')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((job) => (
                  <Table.Tr
                    key={job.id}
                    onClick={() => openJob(job.id)}
                    style={{ cursor: 'pointer' }}
                    bg={job.id === openJobId ? 'var(--mantine-color-indigo-light)' : undefined}
                  >
                    <Table.Td>
                      <AnchorLink
                        to="/jobs"
                        search={{ job: job.id }}
                        fw={500}
                        onClick={(event) => event.stopPropagation()}
                      >
                        {jobKindLabel(t, job.kind)}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <JobStatusBadge status={job.status} />
                    </Table.Td>
                    <Table.Td>
                      <JobProgress job={job} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(job.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(job.startedAt)}</Text>
                      <Text size="xs" c="dimmed">
                        {job.finishedAt ? `→ ${formatDateTime(job.finishedAt)}` : ''}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {jobs.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void jobs.fetchNextPage()}
                loading={jobs.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}

      <Drawer
        opened={!!openJobId}
        onClose={() => openJob(undefined)}
        position="right"
        size={phone ? '100%' : 'xl'}
        title={t('jobs.detailTitle')}
      >
        {openJobId && <JobDetail jobId={openJobId} onOpenJob={openJob} canRun={can(me, 'jobs.run')} />}
      </Drawer>

      <ScheduleJobModal opened={scheduling} onClose={() => setScheduling(false)} onStarted={openJob} />
    </Stack>
  );
}
