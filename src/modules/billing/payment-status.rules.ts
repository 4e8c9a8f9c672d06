// Payment status of an invoice (billing.md "Invoices": unpaid, partially paid, paid or
// overdue) and the checks of a payment received (入金). Pure: the services pass the figures.

/** How money was received (入金方法). */
export const PAYMENT_METHODS_RECEIVED = [
  'bank_transfer',
  'direct_debit',
  'credit_card',
  'cash',
  'other',
] as const;
export type PaymentMethodReceived = (typeof PAYMENT_METHODS_RECEIVED)[number];

export type PaymentStatus = 'unpaid' | 'partially_paid' | 'paid' | 'overdue';

export interface Receivable {
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'issued';
  total: number;
  paidAmount: number;
  /** The magnitude of the issued credit notes correcting the invoice. */
  creditedAmount: number;
  dueDate: string | null;
}

/** What is still to be collected: total less payments and credit notes; never negative. */
export function openAmountOf(invoice: Receivable): number {
  if (invoice.kind === 'credit_note') return 0;
  return Math.max(0, invoice.total - invoice.paidAmount - invoice.creditedAmount);
}

/**
 * Paid once nothing is open; overdue when something is open after the due date; partially
 * paid when some was received; else unpaid. A credit note is settled by its issue (paid).
 * Drafts are unpaid: nothing is owed before an invoice is issued.
 */
export function paymentStatusOf(invoice: Receivable, today: string): PaymentStatus {
  if (invoice.kind === 'credit_note') return invoice.status === 'issued' ? 'paid' : 'unpaid';
  if (invoice.status === 'draft') return 'unpaid';
  if (openAmountOf(invoice) === 0) return 'paid';
  if (invoice.dueDate !== null && today > invoice.dueDate) return 'overdue';
  return invoice.paidAmount > 0 || invoice.creditedAmount > 0 ? 'partially_paid' : 'unpaid';
}

export type PaymentRefusal =
  | 'invoice_not_issued'
  | 'payment_not_for_credit_note'
  | 'payment_exceeds_open_amount';

/** Why a payment of `amount` (a positive integer) cannot be recorded on the invoice, or null. */
export function paymentRefusal(invoice: Receivable, amount: number): PaymentRefusal | null {
  if (invoice.kind === 'credit_note') return 'payment_not_for_credit_note';
  if (invoice.status !== 'issued') return 'invoice_not_issued';
  if (amount > openAmountOf(invoice)) return 'payment_exceeds_open_amount';
  return null;
}
