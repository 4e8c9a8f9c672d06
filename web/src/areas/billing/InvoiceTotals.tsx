// The amounts of a qualified invoice (適格請求書): per tax rate the taxable subtotal and its
// tax (rounded once per rate), then subtotal, tax and the total.
import { Divider, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../components/money';
import type { Invoice } from './billing-types';

function Row({
  label,
  amount,
  strong,
  testId,
}: {
  label: string;
  amount: number;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <Group justify="space-between" gap="xl" wrap="nowrap" data-testid={testId}>
      <Text size={strong ? 'md' : 'sm'} fw={strong ? 700 : 400}>
        {label}
      </Text>
      <Text
        size={strong ? 'lg' : 'sm'}
        fw={strong ? 700 : 500}
        style={{ fontVariantNumeric: 'tabular-nums' }}
      >
        {formatYen(amount)}
      </Text>
    </Group>
  );
}

export function InvoiceTotals({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const taxes = [...invoice.taxes].sort((a, b) => b.rate - a.rate);
  return (
    <Stack gap={6} w={{ base: '100%', sm: 360 }} ml="auto" data-testid="invoice-totals">
      {taxes.map((part) => (
        <Stack key={part.rate} gap={2}>
          <Row label={t('billing.totals.taxable', { rate: part.rate })} amount={part.taxableAmount} />
          <Row label={t('billing.totals.tax', { rate: part.rate })} amount={part.tax} />
        </Stack>
      ))}
      <Divider my={4} />
      <Row label={t('billing.totals.subtotal')} amount={invoice.subtotal} />
      <Row label={t('billing.totals.taxTotal')} amount={invoice.taxTotal} />
      <Row label={t('billing.totals.total')} amount={invoice.total} strong testId="invoice-total" />
    </Stack>
  );
}
