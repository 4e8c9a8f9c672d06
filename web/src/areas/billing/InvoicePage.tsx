// 請求データ詳細: one invoice (seed: 一覧より該当する請求IDをクリック -> 詳細情報画面): who and
// which month it bills, its dates and payment status, the lines by service month, the
// per-rate tax and the total, and its PDF.
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconFileTypePdf } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DetailList } from '../../components/DetailList';
import { formatDate } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { formatYen } from '../../components/money';
import { ErrorState, LoadingState } from '../../components/states';
import { invoicePdfUrl } from './billing-downloads';
import {
  CreditNoteBadge,
  InvoiceStatusBadge,
  invoiceNumberLabel,
  monthLabel,
  PaymentStatusBadge,
} from './billing-labels';
import { invoiceQuery } from './billing-queries';
import type { Invoice } from './billing-types';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { InvoiceTotals } from './InvoiceTotals';

const route = getRouteApi('/app/billing/invoices/$id');

export function InvoicePage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const invoice = useQuery(invoiceQuery(id));
  return (
    <Stack gap="md" maw={1200}>
      <AnchorLink to="/billing" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('billing.invoices.backToList')}
        </Group>
      </AnchorLink>
      {invoice.isPending ? (
        <LoadingState />
      ) : invoice.isError ? (
        <ErrorState error={invoice.error} onRetry={() => void invoice.refetch()} />
      ) : (
        <InvoiceDetail invoice={invoice.data} />
      )}
    </Stack>
  );
}

function InvoiceDetail({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const title =
    invoice.kind === 'credit_note'
      ? t('billing.invoices.creditNoteTitle', { number: invoiceNumberLabel(t, invoice) })
      : t('billing.invoices.detailTitle', { number: invoiceNumberLabel(t, invoice) });
  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {title}
            </Title>
            <InvoiceStatusBadge status={invoice.status} />
            {invoice.kind === 'credit_note' && <CreditNoteBadge />}
          </Group>
          <Text size="sm" c="dimmed">
            {invoice.customerName} / {monthLabel(invoice.billingMonth)}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button
            component="a"
            href={invoicePdfUrl(invoice.id)}
            download
            variant="default"
            leftSection={<IconFileTypePdf size={16} />}
          >
            {t('billing.pdf.download')}
          </Button>
        </Group>
      </Group>

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
            { label: t('billing.fields.issueDate'), value: formatDate(invoice.issueDate) },
            { label: t('billing.fields.dueDate'), value: formatDate(invoice.dueDate) },
            {
              label: t('billing.fields.paymentStatus'),
              value: <PaymentStatusBadge status={invoice.paymentStatus} />,
            },
            { label: t('billing.fields.paidAmount'), value: formatYen(invoice.paidAmount) },
            invoice.sequence > 1 && {
              label: t('billing.fields.sequence'),
              value: t('billing.invoices.supplementary', { sequence: invoice.sequence }),
            },
          ]}
        />
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Title order={3} size="h4">
            {t('billing.lines.title')}
          </Title>
          <InvoiceLinesTable lines={invoice.lines} />
          <InvoiceTotals invoice={invoice} />
        </Stack>
      </Card>
    </>
  );
}
