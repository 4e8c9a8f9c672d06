// 売掛金 per customer: issued invoices with an amount open, open and overdue amounts, the
// oldest due date; the customer's name opens its invoices. Cards on phones.
import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { formatYen } from '../../components/money';
import { usePhone } from '../orders/use-phone';
import type { Receivable } from './billing-types';

const numeric = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

function CustomerLink({ row }: { row: Receivable }) {
  return (
    <Stack gap={0}>
      <AnchorLink to="/billing" search={{ q: row.customerCode }} size="sm" fw={500}>
        {row.customerName}
      </AnchorLink>
      <Text size="xs" c="dimmed">
        {row.customerCode}
      </Text>
    </Stack>
  );
}

export function ReceivablesTable({ rows }: { rows: Receivable[] }) {
  const { t } = useTranslation();
  if (usePhone()) {
    return (
      <Stack gap="sm" data-testid="receivables-table">
        {rows.map((row) => (
          <Card key={row.customerId} withBorder radius="md" padding="sm">
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <CustomerLink row={row} />
              <Stack gap={0} align="flex-end">
                <Text size="sm" fw={600} style={numeric}>
                  {formatYen(row.openAmount)}
                </Text>
                {row.overdueAmount > 0 && (
                  <Text size="xs" c="red" style={numeric}>
                    {t('billing.receivables.overdueAmount')} {formatYen(row.overdueAmount)}
                  </Text>
                )}
              </Stack>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              {t('billing.receivables.invoices')} {row.invoices.toLocaleString('ja-JP')} /{' '}
              {t('billing.receivables.oldestDueDate')} {formatDate(row.oldestDueDate)}
            </Text>
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table striped verticalSpacing="xs" data-testid="receivables-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.fields.customer')}</Table.Th>
            <Table.Th ta="right">{t('billing.receivables.invoices')}</Table.Th>
            <Table.Th ta="right">{t('billing.receivables.openAmount')}</Table.Th>
            <Table.Th ta="right">{t('billing.receivables.overdueAmount')}</Table.Th>
            <Table.Th>{t('billing.receivables.oldestDueDate')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.customerId}>
              <Table.Td>
                <CustomerLink row={row} />
              </Table.Td>
              <Table.Td ta="right" style={numeric}>
                {row.invoices.toLocaleString('ja-JP')}
              </Table.Td>
              <Table.Td ta="right" style={numeric}>
                {formatYen(row.openAmount)}
              </Table.Td>
              <Table.Td ta="right" style={numeric} c={row.overdueAmount > 0 ? 'red' : undefined}>
                {formatYen(row.overdueAmount)}
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(row.oldestDueDate)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
