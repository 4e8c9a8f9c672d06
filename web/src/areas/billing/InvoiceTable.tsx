// The list of invoices found: 請求ID (number, or 下書き), customer, month, total, status and
// payment status. A row (or its number) opens the invoice.
import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import { formatYen } from '../../components/money';
import { usePhone } from '../orders/use-phone';
import {
  CreditNoteBadge,
  InvoiceStatusBadge,
  invoiceNumberLabel,
  monthLabel,
  PaymentStatusBadge,
} from './billing-labels';
import type { Invoice } from './billing-types';

export function InvoiceTable({ invoices }: { invoices: Invoice[] }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  if (usePhone()) return <InvoiceCards invoices={invoices} />;
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="invoices-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.fields.id')}</Table.Th>
            <Table.Th>{t('billing.fields.customer')}</Table.Th>
            <Table.Th>{t('billing.fields.month')}</Table.Th>
            <Table.Th ta="right">{t('billing.fields.total')}</Table.Th>
            <Table.Th>{t('billing.fields.status')}</Table.Th>
            <Table.Th>{t('billing.fields.paymentStatus')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((invoice) => (
            <Table.Tr
              key={invoice.id}
              style={{ cursor: 'pointer' }}
              onClick={() => void navigate({ to: '/billing/invoices/$id', params: { id: invoice.id } })}
            >
              <Table.Td>
                <InvoiceId invoice={invoice} />
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm">{invoice.customerName}</Text>
                  <Text size="xs" c="dimmed">
                    {invoice.billingAccountName}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{monthLabel(invoice.billingMonth)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                {formatYen(invoice.total)}
              </Table.Td>
              <Table.Td>
                <InvoiceStatusBadge status={invoice.status} />
              </Table.Td>
              <Table.Td>
                {invoice.kind === 'invoice' ? <PaymentStatusBadge status={invoice.paymentStatus} /> : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function InvoiceId({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Group gap={6} wrap="nowrap">
        <AnchorLink
          to="/billing/invoices/$id"
          params={{ id: invoice.id }}
          size="sm"
          fw={500}
          style={{ whiteSpace: 'nowrap' }}
          onClick={(event) => event.stopPropagation()}
        >
          {invoiceNumberLabel(t, invoice)}
        </AnchorLink>
        {invoice.kind === 'credit_note' && <CreditNoteBadge />}
      </Group>
      {invoice.sequence > 1 && (
        <Text size="xs" c="dimmed">
          {t('billing.invoices.supplementary', { sequence: invoice.sequence })}
        </Text>
      )}
    </Stack>
  );
}

/** On phones each invoice is a card, its amount and statuses in reach without scrolling sideways. */
function InvoiceCards({ invoices }: { invoices: Invoice[] }) {
  return (
    <Stack gap="sm" data-testid="invoices-table">
      {invoices.map((invoice) => (
        <Card key={invoice.id} withBorder radius="md" padding="sm">
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
              <InvoiceId invoice={invoice} />
              <Text size="sm" fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatYen(invoice.total)}
              </Text>
            </Group>
            <Text size="sm">{invoice.customerName}</Text>
            <Group gap="xs">
              <Text size="xs" c="dimmed">
                {monthLabel(invoice.billingMonth)}
              </Text>
              <InvoiceStatusBadge status={invoice.status} />
              {invoice.kind === 'invoice' ? <PaymentStatusBadge status={invoice.paymentStatus} /> : '—'}
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
