// The billing dashboard (ホーム for 請求担当): billed amount per month over the last 12 months
// (issued, and drafts not yet issued), monthly recurring revenue, and what is unpaid and
// overdue. Loaded on its own, so the chart library is fetched only by people who see it.
import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import { formatYen } from '../../components/money';
import { ErrorState, LoadingState } from '../../components/states';
import { billingDashboardQuery } from './billing-queries';

function Figure({
  label,
  amount,
  note,
  color,
  testId,
}: {
  label: string;
  amount: number;
  note?: string;
  color?: string;
  testId: string;
}) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {formatYen(amount)}
      </Text>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Card>
  );
}

/** `2026-11` on the chart's axis: `2026/11`. */
const axisMonth = (month: string) => month.replace('-', '/');

export function BillingDashboard() {
  const { t } = useTranslation();
  const dashboard = useQuery(billingDashboardQuery);
  return (
    <Stack gap="sm" data-testid="billing-dashboard">
      <Group justify="space-between">
        <Title order={3} size="h4">
          {t('billing.dashboard.title')}
        </Title>
        <AnchorLink to="/billing" size="sm">
          {t('billing.dashboard.open')}
        </AnchorLink>
      </Group>
      {dashboard.isPending ? (
        <LoadingState />
      ) : dashboard.isError ? (
        <ErrorState error={dashboard.error} onRetry={() => void dashboard.refetch()} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
            <Figure
              label={t('billing.dashboard.mrr')}
              amount={dashboard.data.mrr}
              note={t('billing.dashboard.mrrNote')}
              testId="dashboard-mrr"
            />
            <Figure
              label={t('billing.dashboard.unpaid')}
              amount={dashboard.data.unpaid}
              note={t('billing.dashboard.invoiceCount', { count: dashboard.data.unpaidInvoices })}
              testId="dashboard-unpaid"
            />
            <Figure
              label={t('billing.dashboard.overdue')}
              amount={dashboard.data.overdue}
              note={t('billing.dashboard.invoiceCount', { count: dashboard.data.overdueInvoices })}
              color={dashboard.data.overdue > 0 ? 'red' : undefined}
              testId="dashboard-overdue"
            />
          </SimpleGrid>
          <Card withBorder radius="md" padding="md">
            <Text size="sm" fw={500} mb="sm">
              {t('billing.dashboard.billed')}
            </Text>
            <BarChart
              h={260}
              data={dashboard.data.months.map((month) => ({ ...month, label: axisMonth(month.month) }))}
              dataKey="label"
              type="stacked"
              withLegend
              legendProps={{ verticalAlign: 'bottom' }}
              valueFormatter={(value) => formatYen(value)}
              yAxisProps={{ width: 90 }}
              series={[
                { name: 'issued', label: t('billing.dashboard.issued'), color: 'indigo.6' },
                { name: 'draft', label: t('billing.dashboard.draft'), color: 'gray.4' },
              ]}
              aria-label={t('billing.dashboard.billed')}
            />
          </Card>
        </>
      )}
    </Stack>
  );
}
