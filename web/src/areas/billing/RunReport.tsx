// What a billing run billed: billing accounts, invoices, lines and the amount (tax-exclusive).
import { SimpleGrid, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../components/money';
import type { BillingRun } from './billing-types';

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="lg" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }} data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}

export function RunReport({ report }: { report: BillingRun['report'] }) {
  const { t } = useTranslation();
  const count = (value: number) => value.toLocaleString('ja-JP');
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md" data-testid="run-report">
      <Figure
        label={t('billing.runs.report.accounts')}
        value={count(report.accounts)}
        testId="report-accounts"
      />
      <Figure
        label={t('billing.runs.report.invoices')}
        value={count(report.invoices)}
        testId="report-invoices"
      />
      <Figure label={t('billing.runs.report.lines')} value={count(report.lines)} testId="report-lines" />
      <Figure
        label={t('billing.runs.report.amount')}
        value={formatYen(report.amount)}
        testId="report-amount"
      />
    </SimpleGrid>
  );
}

/** One line for a table cell: 1アカウント / 請求書1件 / 明細2件 / ¥24,000. */
export function RunReportSummary({ report }: { report: BillingRun['report'] }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatYen(report.amount)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('billing.runs.report.summary', {
          accounts: report.accounts.toLocaleString('ja-JP'),
          invoices: report.invoices.toLocaleString('ja-JP'),
          lines: report.lines.toLocaleString('ja-JP'),
        })}
      </Text>
    </Stack>
  );
}
