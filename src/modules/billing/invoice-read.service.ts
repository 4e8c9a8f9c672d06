// Invoices as the API shows them (api.md "Billing"): header, per-rate taxes and lines.
import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { customerSearchCondition, customers } from '../customers/index.js';
import { contracts, lineItems } from '../ordering/index.js';
import { optionalBillingMonth } from './billing-month-input.js';
import type { TaxablePart } from './invoice-totals.rules.js';
import { openAmountOf } from './payment-status.rules.js';
import { invoiceLines, invoices } from './schema.js';

export interface InvoiceLineView {
  id: string;
  lineItemId: string | null;
  orderId: string | null;
  chargeKind: 'initial' | 'monthly' | 'adjustment';
  serviceMonth: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  taxRate: number;
  description: string | null;
  /** From the line item's price snapshot and contract (null for free adjustment lines). */
  productCode: string | null;
  productName: string | null;
  lineItemNumber: string | null;
  contractNumber: string | null;
  contractName: string | null;
}

export interface InvoiceView {
  id: string;
  number: string | null;
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'issued';
  billingAccountId: string;
  customerId: string;
  customerName: string;
  billingAccountName: string;
  billingMonth: string;
  sequence: number;
  issueDate: string | null;
  dueDate: string | null;
  subtotal: number;
  taxTotal: number;
  total: number;
  taxes: TaxablePart[];
  paidAmount: number;
  creditedAmount: number;
  /** What is still to be collected (0 for a credit note). */
  openAmount: number;
  paymentStatus: 'unpaid' | 'partially_paid' | 'paid' | 'overdue';
  /** The invoice a credit note corrects, and why. */
  creditFor: string | null;
  creditReason: string | null;
  version: number;
  lines: InvoiceLineView[];
}

type InvoiceRow = typeof invoices.$inferSelect;
type LineRow = typeof invoiceLines.$inferSelect & {
  productCode: string | null;
  productName: string | null;
  lineItemNumber: string | null;
  contractNumber: string | null;
  contractName: string | null;
};

const toLineView = (row: LineRow): InvoiceLineView => ({
  id: row.id,
  lineItemId: row.lineItemId,
  orderId: row.orderId,
  chargeKind: row.chargeKind,
  serviceMonth: row.serviceMonth,
  quantity: row.quantity,
  unitPrice: row.unitPrice,
  amount: row.amount,
  taxRate: row.taxRate,
  description: row.description,
  productCode: row.productCode,
  productName: row.productName,
  lineItemNumber: row.lineItemNumber,
  contractNumber: row.contractNumber,
  contractName: row.contractName,
});

const toInvoiceView = (row: InvoiceRow, lines: LineRow[]): InvoiceView => ({
  id: row.id,
  number: row.number,
  kind: row.kind,
  status: row.status,
  billingAccountId: row.billingAccountId,
  customerId: row.customerId,
  customerName: row.customerName,
  billingAccountName: row.billingAccountName,
  billingMonth: row.billingMonth,
  sequence: row.sequence,
  issueDate: row.issueDate,
  dueDate: row.dueDate,
  subtotal: row.subtotal,
  taxTotal: row.taxTotal,
  total: row.total,
  taxes: row.taxes,
  paidAmount: row.paidAmount,
  creditedAmount: row.creditedAmount,
  openAmount: openAmountOf(row),
  paymentStatus: row.paymentStatus,
  creditFor: row.creditFor,
  creditReason: row.creditReason,
  version: row.version,
  lines: lines.map(toLineView),
});

async function linesOf(tx: Tx, tenantId: string, invoiceIds: string[]): Promise<Map<string, LineRow[]>> {
  const byInvoice = new Map<string, LineRow[]>();
  if (invoiceIds.length === 0) return byInvoice;
  const rows = await tx
    .select({
      line: invoiceLines,
      productCode: sql<string | null>`${lineItems.priceSnapshot}->>'productCode'`,
      productName: sql<string | null>`${lineItems.priceSnapshot}->>'productName'`,
      lineItemNumber: lineItems.number,
      contractNumber: contracts.number,
      contractName: contracts.name,
    })
    .from(invoiceLines)
    .leftJoin(
      lineItems,
      and(eq(lineItems.tenantId, invoiceLines.tenantId), eq(lineItems.id, invoiceLines.lineItemId)),
    )
    .leftJoin(
      contracts,
      and(eq(contracts.tenantId, lineItems.tenantId), eq(contracts.id, lineItems.contractId)),
    )
    .where(and(eq(invoiceLines.tenantId, tenantId), inArray(invoiceLines.invoiceId, invoiceIds)))
    .orderBy(asc(invoiceLines.serviceMonth), asc(invoiceLines.chargeKind), asc(invoiceLines.id));
  for (const { line, ...names } of rows) {
    const list = byInvoice.get(line.invoiceId) ?? [];
    list.push({ ...line, ...names });
    byInvoice.set(line.invoiceId, list);
  }
  return byInvoice;
}

export interface InvoiceQuery {
  limit: number;
  cursor?: string | undefined;
  billingMonth?: string | undefined;
  customerId?: string | undefined;
  /** The customer's code, folded name or phone, as the customer search reads it. */
  q?: string | undefined;
  status?: 'draft' | 'issued' | undefined;
  paymentStatus?: InvoiceView['paymentStatus'] | undefined;
}

/** Invoices newest first, with their lines (grouped by service month, then kind). */
export async function listInvoices(context: TenantContext, query: InvoiceQuery): Promise<Page<InvoiceView>> {
  optionalBillingMonth(query.billingMonth);
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const byCustomer = customerSearchCondition(query.q);
    const rows = await tx
      .select()
      .from(invoices)
      .where(
        and(
          eq(invoices.tenantId, tenantId),
          query.billingMonth ? eq(invoices.billingMonth, query.billingMonth) : undefined,
          query.customerId ? eq(invoices.customerId, query.customerId) : undefined,
          query.status ? eq(invoices.status, query.status) : undefined,
          query.paymentStatus ? eq(invoices.paymentStatus, query.paymentStatus) : undefined,
          byCustomer
            ? inArray(
                invoices.customerId,
                tx
                  .select({ id: customers.id })
                  .from(customers)
                  .where(and(eq(customers.tenantId, tenantId), byCustomer)),
              )
            : undefined,
          query.cursor ? lt(invoices.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(invoices.id))
      .limit(query.limit + 1);
    const lines = await linesOf(
      tx,
      tenantId,
      rows.slice(0, query.limit).map((row) => row.id),
    );
    return pageOf(rows, query.limit, (row) => toInvoiceView(row, lines.get(row.id) ?? []));
  });
}

/** One invoice with its lines; 404 for an id not in the tenant. */
export async function getInvoice(context: TenantContext, id: string): Promise<InvoiceView> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => readInvoice(tx, tenantId, id));
}

/** The same read inside a caller's transaction (after an issue, a payment ...). */
export async function readInvoice(tx: Tx, tenantId: string, id: string): Promise<InvoiceView> {
  const [row] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)));
  if (!row) throw new DomainError('not_found');
  const lines = await linesOf(tx, tenantId, [id]);
  return toInvoiceView(row, lines.get(id) ?? []);
}
