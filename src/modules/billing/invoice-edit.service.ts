// Corrections before an invoice is issued (billing.md "Invoices"): open a draft invoice for a
// billing account and month (to carry adjustment lines when no run made one), add an
// adjustment line to a draft (a discount, a late charge, a refund of an earlier month) and
// remove one. Charges made by runs are never removed by hand: they are what the rules bill.
import { and, desc, eq, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { billingAccounts, customers } from '../customers/index.js';
import { requireBillingMonth } from './billing-month-input.js';
import { refreshTotals } from './billing-run.service.js';
import { loadBillingSettings } from './billing-settings.service.js';
import { type InvoiceView, readInvoice } from './invoice-read.service.js';
import { invoiceLines, invoices } from './schema.js';

/** The draft invoice of a billing account and month: the open one, or a new one (next sequence). */
export async function openDraftInvoice(
  context: TenantContext,
  input: { billingAccountId: string; billingMonth: string },
): Promise<{ invoice: InvoiceView; created: boolean }> {
  requireBillingMonth(input.billingMonth);
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const [account] = await tx
      .select({
        id: billingAccounts.id,
        name: billingAccounts.name,
        paymentTerms: billingAccounts.paymentTerms,
        customerId: billingAccounts.customerId,
        customerName: customers.name,
      })
      .from(billingAccounts)
      .innerJoin(
        customers,
        and(eq(customers.tenantId, billingAccounts.tenantId), eq(customers.id, billingAccounts.customerId)),
      )
      .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.id, input.billingAccountId)))
      .for('update', { of: billingAccounts });
    if (!account) throw new DomainError('billing_account_not_found');
    const [latest] = await tx
      .select({ id: invoices.id, status: invoices.status, sequence: invoices.sequence })
      .from(invoices)
      .where(
        and(
          eq(invoices.tenantId, tenantId),
          eq(invoices.billingAccountId, account.id),
          eq(invoices.billingMonth, input.billingMonth),
          eq(invoices.kind, 'invoice'),
        ),
      )
      .orderBy(desc(invoices.sequence))
      .limit(1);
    if (latest?.status === 'draft')
      return { invoice: await readInvoice(tx, tenantId, latest.id), created: false };
    const id = newId();
    // A run of the same month may insert the same (account, month, sequence) at once: the
    // unique key makes one of the two wait and fail, and the caller's retry finds the draft.
    await tx.insert(invoices).values({
      tenantId,
      id,
      billingAccountId: account.id,
      customerId: account.customerId,
      billingMonth: input.billingMonth,
      sequence: (latest?.sequence ?? 0) + 1,
      customerName: account.customerName,
      billingAccountName: account.name,
      paymentTerms: account.paymentTerms,
    });
    const invoice = await readInvoice(tx, tenantId, id);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'invoice',
      entityId: id,
      action: 'create',
      after: invoice,
    });
    return { invoice, created: true };
  });
}

export interface AdjustmentInput {
  description: string;
  serviceMonth: string;
  quantity: number;
  /** Yen per unit, tax-exclusive (or inclusive, as the tenant's prices are); negative for a discount. */
  unitPrice: number;
  taxRate: number;
}

/** A change of a draft's lines is a change of the draft: who issues an older view gets a 409. */
async function bumpVersion(tx: Tx, tenantId: string, invoiceId: string): Promise<void> {
  await tx
    .update(invoices)
    .set({ version: sql`${invoices.version} + 1` })
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)));
}

/** Locks a draft (invoice or credit note) for a change; 409 once issued. */
export async function lockDraft(tx: Tx, tenantId: string, invoiceId: string) {
  const [row] = await tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoiceId)))
    .for('update');
  if (!row) throw new DomainError('not_found');
  if (row.status !== 'draft') throw new DomainError('invoice_not_draft');
  return row;
}

export async function addAdjustmentLine(
  context: TenantContext,
  invoiceId: string,
  input: AdjustmentInput,
): Promise<InvoiceView> {
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  return database.inTenant(tenantId, async (tx) => {
    await lockDraft(tx, tenantId, invoiceId);
    requireBillingMonth(input.serviceMonth, '/serviceMonth');
    const rates = new Set([settings.taxRateOf('standard'), settings.taxRateOf('reduced'), 0]);
    if (!rates.has(input.taxRate))
      throw new DomainError('tax_rate_invalid', {
        errors: [
          {
            path: '/taxRate',
            message: {
              ja: `${input.taxRate}% はテナントの税率ではありません(${[...rates].join('% / ')}%)。`,
              en: `${input.taxRate}% is not a rate of the tenant (${[...rates].join('% / ')}%).`,
            },
          },
        ],
      });
    const lineId = newId();
    const line = {
      tenantId,
      id: lineId,
      invoiceId,
      chargeKind: 'adjustment' as const,
      serviceMonth: input.serviceMonth,
      quantity: input.quantity,
      unitPrice: input.unitPrice,
      amount: input.quantity * input.unitPrice,
      taxRate: input.taxRate,
      description: input.description.trim(),
    };
    await tx.insert(invoiceLines).values(line);
    await refreshTotals(tx, tenantId, [invoiceId], settings);
    await bumpVersion(tx, tenantId, invoiceId);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'invoice',
      entityId: invoiceId,
      action: 'add_adjustment',
      after: { ...line, tenantId: undefined },
    });
    return readInvoice(tx, tenantId, invoiceId);
  });
}

/**
 * Removes a line from a draft: an adjustment line of an invoice, or any line of a credit
 * note (a partial credit keeps only the lines it corrects).
 */
export async function removeInvoiceLine(
  context: TenantContext,
  invoiceId: string,
  lineId: string,
): Promise<InvoiceView> {
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  return database.inTenant(tenantId, async (tx) => {
    const invoice = await lockDraft(tx, tenantId, invoiceId);
    const [line] = await tx
      .select()
      .from(invoiceLines)
      .where(
        and(
          eq(invoiceLines.tenantId, tenantId),
          eq(invoiceLines.invoiceId, invoiceId),
          eq(invoiceLines.id, lineId),
        ),
      );
    if (!line) throw new DomainError('not_found');
    if (invoice.kind === 'invoice' && line.chargeKind !== 'adjustment')
      throw new DomainError('invoice_line_not_adjustment');
    await tx
      .delete(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.id, lineId)));
    await refreshTotals(tx, tenantId, [invoiceId], settings);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'invoice',
      entityId: invoiceId,
      action: 'remove_line',
      before: { ...line, tenantId: undefined },
    });
    return readInvoice(tx, tenantId, invoiceId);
  });
}
