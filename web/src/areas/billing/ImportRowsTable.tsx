// The rows of a payment CSV as they would be recorded: row, 請求番号, 入金日, 金額, 方法, 参照.
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import { formatYen } from '../../components/money';
import type { PaymentImport } from './billing-types';

export function ImportRowsTable({ rows }: { rows: PaymentImport['rows'] }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped verticalSpacing="xs" data-testid="import-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.import.row')}</Table.Th>
            <Table.Th>{t('billing.fields.number')}</Table.Th>
            <Table.Th>{t('billing.payments.receivedOn')}</Table.Th>
            <Table.Th ta="right">{t('billing.payments.amount')}</Table.Th>
            <Table.Th>{t('billing.payments.method')}</Table.Th>
            <Table.Th>{t('billing.payments.reference')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td>{row.row}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{row.invoiceNumber}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(row.receivedOn)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {formatYen(row.amount)}
              </Table.Td>
              <Table.Td>{t(`billing.paymentMethods.${row.method}`)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.reference || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
