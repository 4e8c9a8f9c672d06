// How billing codes read in the UI: invoice and payment statuses as coloured badges, charge
// kinds (初期 / 月額 / 調整), credit notes (赤伝), and billing months in the UI language.
import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../../i18n';
import { formatMonth } from './billing-month';
import type { ChargeKind, Invoice, InvoiceStatus, PaymentStatus } from './billing-types';

const badgeStyle = { flexShrink: 0, minWidth: 'max-content' } as const;

const invoiceStatusColors: Record<InvoiceStatus, string> = { draft: 'gray', issued: 'indigo' };

const paymentStatusColors: Record<PaymentStatus, string> = {
  unpaid: 'orange',
  partially_paid: 'yellow',
  paid: 'teal',
  overdue: 'red',
};

export function monthLabel(month: string | null | undefined): string {
  return formatMonth(month, intlLocale());
}

export function chargeKindLabel(t: TFunction, kind: ChargeKind): string {
  return t(`billing.chargeKinds.${kind}`);
}

/** 請求番号, or 下書き while the invoice has none. */
export function invoiceNumberLabel(t: TFunction, invoice: Pick<Invoice, 'number'>): string {
  return invoice.number ?? t('billing.invoices.draftNumber');
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={invoiceStatusColors[status]} variant="light" tt="none" style={badgeStyle}>
      {t(`billing.statuses.${status}`)}
    </Badge>
  );
}

export function PaymentStatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={paymentStatusColors[status]} variant="light" tt="none" style={badgeStyle}>
      {t(`billing.paymentStatuses.${status}`)}
    </Badge>
  );
}

export function CreditNoteBadge() {
  const { t } = useTranslation();
  return (
    <Badge color="red" variant="outline" tt="none" style={badgeStyle}>
      {t('billing.kinds.credit_note')}
    </Badge>
  );
}

export function ChargeKindBadge({ kind }: { kind: ChargeKind }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={kind === 'adjustment' ? 'grape' : kind === 'initial' ? 'cyan' : 'gray'}
      variant="outline"
      tt="none"
      style={badgeStyle}
    >
      {chargeKindLabel(t, kind)}
    </Badge>
  );
}
