// 請求管理 › 請求実行: the billing runs with status, month and report; [請求を実行する] starts
// one (or a preview) and the run's progress streams in above the list until its report.
import { Button, Center } from '@mantine/core';
import { IconPlayerPlay } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { BillingRunTable } from './BillingRunTable';
import { BillingSection } from './BillingSection';
import { billingRunsQuery } from './billing-queries';
import { RunPanel } from './RunPanel';
import { StartRunModal } from './StartRunModal';

const route = getRouteApi('/app/billing/runs');

export function BillingRunsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const { run: openRunId } = route.useSearch();
  const navigate = useNavigate({ from: '/billing/runs' });
  const [starting, setStarting] = useState(false);
  const runs = useInfiniteQuery({
    ...billingRunsQuery(),
    // While a run is under way the list refreshes itself; the open run streams its own events.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) =>
        page.items.some((run) => run.status === 'queued' || run.status === 'running'),
      )
        ? 3000
        : false,
  });
  const rows = runs.data?.pages.flatMap((page) => page.items) ?? [];
  const openRun = (id: string | undefined) => void navigate({ search: { run: id } });

  return (
    <BillingSection
      actions={
        can(me, 'billing.run') && (
          <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => setStarting(true)}>
            {t('billing.runs.start')}
          </Button>
        )
      }
    >
      {openRunId && <RunPanel key={openRunId} runId={openRunId} onClose={() => openRun(undefined)} />}

      {runs.isPending ? (
        <LoadingState />
      ) : runs.isError ? (
        <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{t('billing.runs.empty')}</EmptyState>
      ) : (
        <>
          <BillingRunTable runs={rows} openRunId={openRunId} onOpen={openRun} />
          {runs.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void runs.fetchNextPage()}
                loading={runs.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}

      <StartRunModal
        opened={starting}
        onClose={() => setStarting(false)}
        onStarted={(run) => openRun(run.id)}
      />
    </BillingSection>
  );
}
