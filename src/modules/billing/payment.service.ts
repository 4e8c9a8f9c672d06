// 入金: payments received against issued invoices, by hand or from a CSV matched on invoice
// number, and the daily job's overdue marking. A payment moves the invoice's paid amount and
// payment status in the same transaction (the only columns of an issued invoice that move).

import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import { auditInsert } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import { parseCsvRecords, rowErrorsRefusal } from '../../platform/csv/csv-import.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { type PaymentRow, type RowError, readPaymentRows } from './payment-import.rules.js';
import {
  type PaymentMethodReceived,
  type PaymentRefusal,
  paymentRefusal,
  paymentStatusOf,
} from './payment-status.rules.js';
import { invoices, payments } from './schema.js';

export interface PaymentInput {
  receivedOn: string;
  amount: number;
  method: PaymentMethodReceived;
  reference?: string | null | undefined;
}

export interface PaymentView {
  id: string;
  invoiceId: string;
  invoiceNumber: string | null;
  receivedOn: string;
  amount: number;
  method: PaymentMethodReceived;
  reference: string | null;
  importId: string | null;
  createdAt: string;
}

type InvoiceRow = typeof invoices.$inferSelect;

const lockInvoices = (tx: Tx, tenantId: string, condition: ReturnType<typeof eq>) =>
  tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), condition))
    .for('update');

/** Applies accepted payments to their (locked) invoices and writes them with their audit entries. */
async function applyPayments(
  context: TenantContext,
  tx: Tx,
  entries: { invoice: InvoiceRow; input: PaymentInput }[],
  importId: string | null,
): Promise<PaymentView[]> {
  const { tenantId } = context;
  const today = await tenantToday(tx, tenantId);
  const rows = entries.map(({ invoice, input }) => ({
    tenantId,
    id: newId(),
    invoiceId: invoice.id,
    receivedOn: input.receivedOn,
    amount: input.amount,
    method: input.method,
    reference: input.reference?.trim() || null,
    importId,
    createdBy: context.actor.id,
  }));
  const inserted = await tx.insert(payments).values(rows).returning();
  const paidOf = new Map<string, { invoice: InvoiceRow; paid: number }>();
  for (const { invoice, input } of entries) {
    const entry = paidOf.get(invoice.id) ?? { invoice, paid: invoice.paidAmount };
    entry.paid += input.amount;
    paidOf.set(invoice.id, entry);
  }
  for (const { invoice, paid } of paidOf.values()) {
    const status = paymentStatusOf({ ...invoice, paidAmount: paid }, today);
    await tx
      .update(invoices)
      .set({ paidAmount: paid, paymentStatus: status, updatedAt: new Date() })
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoice.id)));
  }
  await auditInsert(
    tx,
    tenantId,
    context.actor,
    inserted.map((payment) => ({
      entity: 'invoice',
      entityId: payment.invoiceId,
      action: 'record_payment',
      after: { ...payment, tenantId: undefined },
    })),
  );
  const numberOf = new Map(entries.map(({ invoice }) => [invoice.id, invoice.number]));
  return inserted.map((payment) => toPaymentView(payment, numberOf.get(payment.invoiceId) ?? null));
}

const toPaymentView = (row: typeof payments.$inferSelect, invoiceNumber: string | null): PaymentView => ({
  id: row.id,
  invoiceId: row.invoiceId,
  invoiceNumber,
  receivedOn: row.receivedOn,
  amount: row.amount,
  method: row.method,
  reference: row.reference,
  importId: row.importId,
  createdAt: row.createdAt.toISOString(),
});

/** Records one payment on an issued invoice; 422 beyond what is still open. */
export async function recordPayment(
  context: TenantContext,
  invoiceId: string,
  input: PaymentInput,
): Promise<PaymentView> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const [invoice] = await lockInvoices(tx, tenantId, eq(invoices.id, invoiceId));
    if (!invoice) throw new DomainError('not_found');
    const refusal = paymentRefusal(invoice, input.amount);
    if (refusal) throw new DomainError(refusal);
    const [payment] = await applyPayments(context, tx, [{ invoice, input }], null);
    if (!payment) throw new Error('payment not recorded');
    return payment;
  });
}

export async function listPayments(
  context: TenantContext,
  query: { limit: number; cursor?: string | undefined; invoiceId?: string | undefined },
): Promise<Page<PaymentView>> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const rows = await tx
      .select({ payment: payments, invoiceNumber: invoices.number })
      .from(payments)
      .innerJoin(invoices, and(eq(invoices.tenantId, payments.tenantId), eq(invoices.id, payments.invoiceId)))
      .where(
        and(
          eq(payments.tenantId, tenantId),
          query.invoiceId ? eq(payments.invoiceId, query.invoiceId) : undefined,
          query.cursor ? lt(payments.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(payments.id))
      .limit(query.limit + 1);
    return pageOf(
      rows.map((row) => ({ ...row, id: row.payment.id })),
      query.limit,
      (row) => toPaymentView(row.payment, row.invoiceNumber),
    );
  });
}

export interface ImportRowView {
  row: number;
  invoiceNumber: string;
  invoiceId: string | null;
  receivedOn: string;
  amount: number;
  method: PaymentMethodReceived;
  reference: string | null;
}

const REFUSAL_TEXT: Record<PaymentRefusal, { ja: string; en: string }> = {
  invoice_not_issued: { ja: 'この請求書はまだ発行されていません。', en: 'The invoice has not been issued.' },
  payment_not_for_credit_note: { ja: '赤伝には入金を記録できません。', en: 'The number is a credit note.' },
  payment_exceeds_open_amount: {
    ja: '入金額が未収金額を超えています。',
    en: 'The amount is larger than what is open on the invoice.',
  },
};

/**
 * Imports a payment CSV, all or nothing: every row must parse, name an issued invoice of the
 * tenant and fit in what is still open (rows of one invoice count together). Any error
 * answers 422 with every error by row, and nothing is written. `dryRun` checks only. The
 * text is decoded already (`decodeCsv` of platform/csv).
 */
export async function importPayments(
  context: TenantContext,
  csv: string,
  dryRun: boolean,
): Promise<{ applied: boolean; rows: ImportRowView[]; total: number }> {
  const { database, tenantId } = context;
  const records = parseCsvRecords(csv, 'payment_import_invalid');
  const read = readPaymentRows(records);
  if (read.errors.length > 0) throw importError(read.errors);
  return database.inTenant(tenantId, async (tx) => {
    const numbers = [...new Set(read.rows.map((row) => row.invoiceNumber))];
    const found =
      numbers.length === 0
        ? []
        : await lockInvoices(tx, tenantId, inArray(invoices.number, numbers)).orderBy(invoices.id);
    const byNumber = new Map(found.map((invoice) => [invoice.number as string, invoice]));
    const errors: RowError[] = [];
    const running = new Map<string, number>();
    const entries: { invoice: InvoiceRow; input: PaymentRow }[] = [];
    for (const row of read.rows) {
      const invoice = byNumber.get(row.invoiceNumber);
      if (!invoice) {
        errors.push({
          row: row.row,
          column: '請求番号',
          message: {
            ja: `請求番号 ${row.invoiceNumber} の請求書が見つかりません。`,
            en: `No invoice numbered ${row.invoiceNumber}.`,
          },
        });
        continue;
      }
      const paidSoFar = running.get(invoice.id) ?? invoice.paidAmount;
      const refusal = paymentRefusal({ ...invoice, paidAmount: paidSoFar }, row.amount);
      if (refusal) {
        errors.push({ row: row.row, column: '金額', message: REFUSAL_TEXT[refusal] });
        continue;
      }
      running.set(invoice.id, paidSoFar + row.amount);
      entries.push({ invoice, input: row });
    }
    if (errors.length > 0) throw importError(errors);
    const rows = entries.map(({ invoice, input }) => ({
      row: input.row,
      invoiceNumber: input.invoiceNumber,
      invoiceId: invoice.id,
      receivedOn: input.receivedOn,
      amount: input.amount,
      method: input.method,
      reference: input.reference,
    }));
    const total = rows.reduce((sum, row) => sum + row.amount, 0);
    if (dryRun || entries.length === 0) return { applied: false, rows, total };
    await applyPayments(context, tx, entries, newId());
    return { applied: true, rows, total };
  });
}

const importError = (errors: RowError[]) => rowErrorsRefusal('payment_import_invalid', errors);
