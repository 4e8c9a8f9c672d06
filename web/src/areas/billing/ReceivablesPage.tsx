// 請求管理 › 売掛金: per customer, the issued invoices with an amount still open, the open and
// overdue amounts and the oldest due date; a customer opens its invoices.
import { Button, Center, Group, Switch, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { BillingSection } from './BillingSection';
import { receivablesQuery } from './billing-queries';
import { ReceivablesTable } from './ReceivablesTable';

const route = getRouteApi('/app/billing/receivables');

export function ReceivablesPage() {
  const { t } = useTranslation();
  const { overdue } = route.useSearch();
  const navigate = useNavigate({ from: '/billing/receivables' });
  const receivables = useInfiniteQuery(receivablesQuery(!!overdue));
  const rows = receivables.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <BillingSection>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t('billing.receivables.intro')}
        </Text>
        <Switch
          label={t('billing.receivables.overdueOnly')}
          checked={!!overdue}
          onChange={(event) =>
            void navigate({ search: { overdue: event.currentTarget.checked || undefined }, replace: true })
          }
        />
      </Group>
      {receivables.isPending ? (
        <LoadingState />
      ) : receivables.isError ? (
        <ErrorState error={receivables.error} onRetry={() => void receivables.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>
          {overdue ? t('billing.receivables.noOverdue') : t('billing.receivables.empty')}
        </EmptyState>
      ) : (
        <>
          <ReceivablesTable rows={rows} />
          {receivables.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void receivables.fetchNextPage()}
                loading={receivables.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
    </BillingSection>
  );
}
