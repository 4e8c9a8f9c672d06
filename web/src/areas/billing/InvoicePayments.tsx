// 入金履歴: the payments recorded on an invoice, by hand or by a CSV import.
import { Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import { formatYen } from '../../components/money';
import { ErrorState, LoadingState } from '../../components/states';
import { paymentsQuery } from './billing-queries';

export function InvoicePayments({ invoiceId }: { invoiceId: string }) {
  const { t } = useTranslation();
  const payments = useQuery(paymentsQuery(invoiceId));
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('billing.payments.title')}
        </Title>
        {payments.isPending ? (
          <LoadingState />
        ) : payments.isError ? (
          <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
        ) : payments.data.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('billing.payments.none')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs" data-testid="invoice-payments">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('billing.payments.receivedOn')}</Table.Th>
                  <Table.Th ta="right">{t('billing.payments.amount')}</Table.Th>
                  <Table.Th>{t('billing.payments.method')}</Table.Th>
                  <Table.Th>{t('billing.payments.reference')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {payments.data.map((payment) => (
                  <Table.Tr key={payment.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(payment.receivedOn)}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                      {formatYen(payment.amount)}
                    </Table.Td>
                    <Table.Td>
                      {t(`billing.paymentMethods.${payment.method}`)}
                      {payment.importId && (
                        <Badge ml={6} size="xs" variant="outline" color="gray" tt="none">
                          {t('billing.payments.imported')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                        {payment.reference || '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}
