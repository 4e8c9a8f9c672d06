// The header of an invoice: number (or 下書き), customer, billing account, month, issue and
// due dates, amounts paid, credited and still open; for a credit note the invoice it corrects.
import { Card } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DetailList } from '../../components/DetailList';
import { formatDate } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { formatYen } from '../../components/money';
import { invoiceNumberLabel, monthLabel, PaymentStatusBadge } from './billing-labels';
import { invoiceQuery } from './billing-queries';
import type { Invoice } from './billing-types';

export function InvoiceSummary({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const creditNote = invoice.kind === 'credit_note';
  // A credit note names the invoice it corrects by its number (the link text until it loads).
  const original = useQuery({ ...invoiceQuery(invoice.creditFor ?? ''), enabled: !!invoice.creditFor });
  return (
    <Card withBorder radius="md" padding="lg">
      <DetailList
        columns={3}
        items={[
          {
            label: t('billing.fields.number'),
            value: invoiceNumberLabel(t, invoice),
            testId: 'invoice-number',
          },
          { label: t('billing.fields.customer'), value: invoice.customerName, testId: 'invoice-customer' },
          { label: t('billing.fields.billingAccount'), value: invoice.billingAccountName },
          {
            label: t('billing.fields.month'),
            value: monthLabel(invoice.billingMonth),
            testId: 'invoice-month',
          },
          {
            label: t('billing.fields.issueDate'),
            value: formatDate(invoice.issueDate),
            testId: 'invoice-issue-date',
          },
          !creditNote && {
            label: t('billing.fields.dueDate'),
            value: formatDate(invoice.dueDate),
            testId: 'invoice-due-date',
          },
          !creditNote && {
            label: t('billing.fields.paymentStatus'),
            value: <PaymentStatusBadge status={invoice.paymentStatus} />,
            testId: 'invoice-payment-status',
          },
          !creditNote && { label: t('billing.fields.paidAmount'), value: formatYen(invoice.paidAmount) },
          !creditNote &&
            invoice.creditedAmount > 0 && {
              label: t('billing.fields.creditedAmount'),
              value: formatYen(invoice.creditedAmount),
            },
          !creditNote && {
            label: t('billing.fields.openAmount'),
            value: formatYen(invoice.openAmount),
            testId: 'invoice-open-amount',
          },
          invoice.sequence > 1 && {
            label: t('billing.fields.sequence'),
            value: t('billing.invoices.supplementary', { sequence: invoice.sequence }),
          },
          creditNote &&
            !!invoice.creditFor && {
              label: t('billing.fields.creditFor'),
              value: (
                <AnchorLink
                  to="/billing/invoices/$id"
                  params={{ id: invoice.creditFor }}
                  size="sm"
                  data-testid="credit-for"
                >
                  {original.data ? invoiceNumberLabel(t, original.data) : t('billing.creditNote.original')}
                </AnchorLink>
              ),
            },
          creditNote && { label: t('billing.fields.creditReason'), value: invoice.creditReason, wide: true },
        ]}
      />
    </Card>
  );
}
