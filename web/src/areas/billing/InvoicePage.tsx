// 請求データ詳細: one invoice (seed: 一覧より該当する請求IDをクリック -> 詳細情報画面): who and
// which month it bills, its dates and payment status, the lines by service month, the
// per-rate tax and the total, its PDF; for 請求担当 the actions its state allows (発行,
// 調整行, 赤伝, 入金) and the payments received.
import { ActionIcon, Button, Card, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import {
  IconArrowLeft,
  IconCash,
  IconFileMinus,
  IconFileTypePdf,
  IconPlus,
  IconSend,
  IconTrash,
} from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import { ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { AdjustmentModal } from './AdjustmentModal';
import { invoicePdfUrl } from './billing-downloads';
import { CreditNoteBadge, InvoiceStatusBadge, invoiceNumberLabel, monthLabel } from './billing-labels';
import { invoiceQuery } from './billing-queries';
import type { Invoice } from './billing-types';
import { CreditNoteModal } from './CreditNoteModal';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { InvoicePayments } from './InvoicePayments';
import { InvoiceSummary } from './InvoiceSummary';
import { InvoiceTotals } from './InvoiceTotals';
import { invoiceAbilities, isRemovable, useInvoiceActions } from './invoice-actions';
import { PaymentModal } from './PaymentModal';

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
        <InvoiceDetail key={invoice.data.id} invoice={invoice.data} />
      )}
    </Stack>
  );
}

type Dialog = 'adjustment' | 'creditNote' | 'payment' | null;

function InvoiceDetail({ invoice }: { invoice: Invoice }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const [dialog, setDialog] = useState<Dialog>(null);
  const able = invoiceAbilities(invoice, can(me, 'billing.run'));
  const actions = useInvoiceActions(invoice);
  const creditNote = invoice.kind === 'credit_note';
  const title = creditNote
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
            {creditNote && <CreditNoteBadge />}
          </Group>
          <Text size="sm" c="dimmed">
            {invoice.customerName} / {monthLabel(invoice.billingMonth)}
          </Text>
        </Stack>
        <Group gap="xs">
          {able.issue && (
            <Button
              leftSection={<IconSend size={16} />}
              onClick={actions.confirmIssue}
              loading={actions.issue.isPending}
            >
              {t('billing.issue.action')}
            </Button>
          )}
          {able.pay && (
            <Button leftSection={<IconCash size={16} />} onClick={() => setDialog('payment')}>
              {t('billing.payments.record')}
            </Button>
          )}
          {able.creditNote && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconFileMinus size={16} />}
              onClick={() => setDialog('creditNote')}
            >
              {t('billing.creditNote.action')}
            </Button>
          )}
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

      <InvoiceSummary invoice={invoice} />

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={3} size="h4">
              {t('billing.lines.title')}
            </Title>
            {able.adjust && (
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDialog('adjustment')}
              >
                {t('billing.adjustment.action')}
              </Button>
            )}
          </Group>
          <InvoiceLinesTable
            lines={invoice.lines}
            lineActions={
              able.adjust
                ? (line) =>
                    isRemovable(invoice, line) && (
                      <Tooltip label={t('billing.adjustment.remove')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('billing.adjustment.remove')}
                          onClick={() => actions.confirmRemoveLine(line)}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )
                : undefined
            }
          />
          <InvoiceTotals invoice={invoice} />
        </Stack>
      </Card>

      {invoice.status === 'issued' && !creditNote && <InvoicePayments invoiceId={invoice.id} />}

      <AdjustmentModal invoice={invoice} opened={dialog === 'adjustment'} onClose={() => setDialog(null)} />
      <CreditNoteModal invoice={invoice} opened={dialog === 'creditNote'} onClose={() => setDialog(null)} />
      <PaymentModal invoice={invoice} opened={dialog === 'payment'} onClose={() => setDialog(null)} />
    </>
  );
}
