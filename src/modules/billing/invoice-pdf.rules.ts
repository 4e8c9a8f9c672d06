// What the invoice PDF prints, decided apart from the drawing (invoice-pdf.ts): the title of
// a qualified invoice or credit note (適格請求書 / 適格返還請求書), the per-rate labels with the
// reduced-rate ※ mark, yen and Japanese dates, lines grouped by service month, file names.
import { addMonths, firstDay } from './billing-month.rules.js';
import type { InvoiceLineView, InvoiceView } from './invoice-read.service.js';
import type { BankAccount } from './schema.js';

const yenFormat = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });
const quantityFormat = new Intl.NumberFormat('ja-JP');

/** `￥1,234` (and `-￥1,234` for a credit). */
export const formatYen = (amount: number): string => yenFormat.format(amount);

export const formatQuantity = (quantity: number): string => quantityFormat.format(quantity);

/** `2026-06-01` -> `2026年6月1日`; null (a draft's dates) -> `—`. */
export function formatDate(date: string | null): string {
  if (!date) return '—';
  const [year, month, day] = date.split('-').map(Number);
  return `${year}年${month}月${day}日`;
}

/** `2026-05` -> `2026年5月`. */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number);
  return `${year}年${number}月`;
}

export const CHARGE_KIND_LABELS: Record<InvoiceLineView['chargeKind'], string> = {
  initial: '初期',
  monthly: '月額',
  adjustment: '調整',
};

/**
 * 請求書, or for a credit note 適格返還請求書 (a registered issuer's return invoice under the
 * qualified-invoice rules) and 返還請求書 when the tenant has no registration number.
 */
export function invoiceTitle(kind: InvoiceView['kind'], registrationNumber: string | null): string {
  if (kind === 'credit_note') return registrationNumber ? '適格返還請求書' : '返還請求書';
  return '請求書';
}

/** 御中 for an organization, 様 for a person (a customer we cannot read is addressed 御中). */
export function honorificOf(customerKind: 'organization' | 'person' | null): string {
  return customerKind === 'person' ? '様' : '御中';
}

/** The qualified-invoice mark for lines of the reduced rate (軽減税率対象). */
export const REDUCED_RATE_MARK = '※';

export function isReducedRate(rate: number, reducedRate: number): boolean {
  return rate > 0 && rate === reducedRate;
}

/** `10%`, `8%※`, as a line's tax rate column shows it. */
export function lineTaxRateLabel(rate: number, reducedRate: number): string {
  return `${rate}%${isReducedRate(rate, reducedRate) ? REDUCED_RATE_MARK : ''}`;
}

/** `10%対象`, `8%対象 (軽減税率)`, `非課税`: the rows of the per-rate summary. */
export function taxPartLabel(rate: number, reducedRate: number): string {
  if (rate === 0) return '非課税・不課税';
  return isReducedRate(rate, reducedRate) ? `${rate}%対象 (軽減税率)` : `${rate}%対象`;
}

/**
 * Whether the per-rate amounts include tax: with tax-inclusive prices (billing.md) the
 * invoice's subtotal is the total less tax while each rate's taxable amount is the inclusive
 * sum, so the sum of taxable amounts equals the total rather than the subtotal.
 */
export function taxableAmountsIncludeTax(
  invoice: Pick<InvoiceView, 'subtotal' | 'taxes' | 'taxTotal'>,
): boolean {
  const taxable = invoice.taxes.reduce((sum, part) => sum + part.taxableAmount, 0);
  return invoice.taxTotal !== 0 && taxable !== invoice.subtotal;
}

export interface ServiceMonthGroup {
  serviceMonth: string;
  lines: InvoiceLineView[];
}

/** Lines by service month (利用月), oldest first; lines keep their order inside a month. */
export function linesByServiceMonth(lines: readonly InvoiceLineView[]): ServiceMonthGroup[] {
  const groups = new Map<string, InvoiceLineView[]>();
  for (const line of lines) {
    const group = groups.get(line.serviceMonth) ?? [];
    group.push(line);
    groups.set(line.serviceMonth, group);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([serviceMonth, grouped]) => ({ serviceMonth, lines: grouped }));
}

/** What a line is called: the product of its line item, or an adjustment's own text. */
export function lineName(line: Pick<InvoiceLineView, 'productName' | 'description'>): string {
  return line.productName ?? line.description ?? '—';
}

/**
 * The date the PDF records as its creation: the issue date, or for a draft the day it would
 * be issued (the 1st of the next month). Not the clock: the same invoice always gives the
 * same bytes (pdfkit derives the file ID from it too).
 */
export function documentDateOf(invoice: Pick<InvoiceView, 'issueDate' | 'billingMonth'>): string {
  return invoice.issueDate ?? firstDay(addMonths(invoice.billingMonth, 1));
}

/** `INV-00000001.pdf`; a draft has no number yet: `draft-<id>.pdf`. */
export function invoicePdfFileName(invoice: Pick<InvoiceView, 'id' | 'number'>): string {
  const base = invoice.number ? invoice.number.replace(/[^A-Za-z0-9._-]/g, '_') : `draft-${invoice.id}`;
  return `${base}.pdf`;
}

const ACCOUNT_TYPE_LABELS: Record<BankAccount['accountType'], string> = {
  ordinary: '普通',
  current: '当座',
};

/** 振込先 as two lines: bank and branch; type, number and holder. */
export function bankAccountLines(bank: BankAccount): [string, string] {
  return [
    `${bank.bankName} ${bank.branchName}`,
    `${ACCOUNT_TYPE_LABELS[bank.accountType]} ${bank.accountNumber}  口座名義 ${bank.accountHolder}`,
  ];
}
