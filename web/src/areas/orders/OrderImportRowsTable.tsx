// The rows of an order CSV as they will be (preview) or were (after import) registered: row,
// 顧客, 商品, 数量, 契約名, the dates and シリアルNO, and once imported the numbers given.
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import type { OrderImportRow } from './order-import';

export function OrderImportRowsTable({ rows, applied }: { rows: OrderImportRow[]; applied: boolean }) {
  const { t } = useTranslation();
  const nowrap = { whiteSpace: 'nowrap' } as const;
  return (
    <Table.ScrollContainer minWidth={applied ? 1040 : 900}>
      <Table striped verticalSpacing="xs" data-testid="order-import-rows">
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={nowrap}>{t('orders.import.row')}</Table.Th>
            {applied && <Table.Th style={nowrap}>{t('orders.fields.number')}</Table.Th>}
            <Table.Th>{t('orders.fields.customer')}</Table.Th>
            <Table.Th>{t('orders.fields.product')}</Table.Th>
            <Table.Th ta="right" style={nowrap}>
              {t('orders.fields.quantity')}
            </Table.Th>
            <Table.Th miw={120}>{t('orders.fields.contractName')}</Table.Th>
            <Table.Th style={nowrap}>{t('orders.fields.orderedOn')}</Table.Th>
            <Table.Th style={nowrap}>{t('orders.import.completedOn')}</Table.Th>
            <Table.Th style={nowrap}>{t('orders.fields.chargeStartDate')}</Table.Th>
            <Table.Th style={nowrap}>{t('orders.fields.serialNumber')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.row}>
              <Table.Td style={{ fontVariantNumeric: 'tabular-nums' }}>{row.row}</Table.Td>
              {applied && (
                <Table.Td>
                  <Text size="sm" style={nowrap}>
                    {row.orderNumber ?? '—'}
                  </Text>
                  <Text size="xs" c="dimmed" style={nowrap}>
                    {row.lineItemNumber ?? ''}
                  </Text>
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">{row.customerName}</Text>
                <Text size="xs" c="dimmed">
                  {row.customerCode}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{row.productName}</Text>
                <Text size="xs" c="dimmed">
                  {row.productCode}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ ...nowrap, fontVariantNumeric: 'tabular-nums' }}>
                {row.quantity.toLocaleString('ja-JP')}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.contractName ?? '—'}</Table.Td>
              <Table.Td style={nowrap}>{formatDate(row.orderedOn)}</Table.Td>
              <Table.Td style={nowrap}>{formatDate(row.completedOn)}</Table.Td>
              <Table.Td style={nowrap}>{formatDate(row.chargeStartDate)}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{row.serialNumber ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
