// Issuing by hand (one draft, or every draft of a month) and credit notes (赤伝): an issued
// invoice is corrected by a credit note that negates its lines, never by changing it.
import { and, asc, eq, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { requireBillingMonth } from './billing-month-input.js';
import { refreshTotals } from './billing-run.service.js';
import { loadBillingSettings } from './billing-settings.service.js';
import { lockDraft } from './invoice-edit.service.js';
import { issueDrafts } from './invoice-issue.js';
import { type InvoiceView, readInvoice } from './invoice-read.service.js';
import { invoiceLines, invoices } from './schema.js';

export async function issueInvoice(
  context: TenantContext,
  id: string,
  version: number,
): Promise<InvoiceView> {
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  return database.inTenant(tenantId, async (tx) => {
    const draft = await lockDraft(tx, tenantId, id);
    if (draft.version !== version) throw new DomainError('version_conflict');
    const [lines] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, id)));
    if ((lines?.count ?? 0) === 0) throw new DomainError('invoice_empty');
    const before = await readInvoice(tx, tenantId, id);
    await issueDrafts(tx, tenantId, [id], await tenantToday(tx, tenantId), settings, context.actor.id);
    const after = await readInvoice(tx, tenantId, id);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'invoice',
      entityId: id,
      action: 'issue',
      before: { ...before, lines: undefined },
      after: { ...after, lines: undefined },
    });
    return after;
  });
}

/** Issues every draft invoice of the month that has lines (credit notes are issued one by one). */
export async function issueMonth(context: TenantContext, billingMonth: string): Promise<{ issued: number }> {
  requireBillingMonth(billingMonth);
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  return database.inTenant(tenantId, async (tx) => {
    const drafts = await tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(
        and(
          eq(invoices.tenantId, tenantId),
          eq(invoices.billingMonth, billingMonth),
          eq(invoices.status, 'draft'),
          eq(invoices.kind, 'invoice'),
          sql`exists (select 1 from ${invoiceLines} l where l.tenant_id = ${invoices.tenantId} and l.invoice_id = ${invoices.id})`,
        ),
      )
      .orderBy(asc(invoices.id));
    const ids = drafts.map((draft) => draft.id);
    const issued =
      ids.length === 0
        ? 0
        : await issueDrafts(tx, tenantId, ids, await tenantToday(tx, tenantId), settings, context.actor.id);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'billing_month',
      entityId: tenantId,
      action: 'issue_month',
      after: { billingMonth, issued },
    });
    return { issued };
  });
}

/**
 * A draft credit note for an issued invoice: the same billing account and month, every line
 * negated as an adjustment (so the monthly and initial unique keys stay with the charges
 * they correct). Lines may be removed before it is issued, for a partial credit.
 */
export async function createCreditNote(
  context: TenantContext,
  id: string,
  reason: string,
): Promise<InvoiceView> {
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  return database.inTenant(tenantId, async (tx) => {
    const [original] = await tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, id)))
      .for('update');
    if (!original) throw new DomainError('not_found');
    if (original.kind !== 'invoice' || original.status !== 'issued')
      throw new DomainError('credit_note_not_allowed');
    const lines = await tx
      .select()
      .from(invoiceLines)
      .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, id)))
      .orderBy(asc(invoiceLines.serviceMonth), asc(invoiceLines.id));
    const creditId = newId();
    await tx.insert(invoices).values({
      tenantId,
      id: creditId,
      kind: 'credit_note',
      creditFor: original.id,
      creditReason: reason.trim(),
      billingAccountId: original.billingAccountId,
      customerId: original.customerId,
      billingMonth: original.billingMonth,
      customerName: original.customerName,
      billingAccountName: original.billingAccountName,
      paymentTerms: original.paymentTerms,
    });
    if (lines.length > 0) {
      await tx.insert(invoiceLines).values(
        lines.map((line) => ({
          tenantId,
          id: newId(),
          invoiceId: creditId,
          chargeKind: 'adjustment' as const,
          lineItemId: line.lineItemId,
          orderId: line.orderId,
          serviceMonth: line.serviceMonth,
          quantity: line.quantity,
          unitPrice: -line.unitPrice,
          amount: -line.amount,
          taxRate: line.taxRate,
          description: line.description ?? creditedChargeText(line.chargeKind),
        })),
      );
    }
    await refreshTotals(tx, tenantId, [creditId], settings);
    const credit = await readInvoice(tx, tenantId, creditId);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'invoice',
      entityId: creditId,
      action: 'create_credit_note',
      after: { ...credit, lines: undefined },
    });
    return credit;
  });
}

const creditedChargeText = (kind: 'initial' | 'monthly' | 'adjustment') =>
  kind === 'initial' ? '初期費用の取消' : kind === 'monthly' ? '月額料金の取消' : '調整の取消';
