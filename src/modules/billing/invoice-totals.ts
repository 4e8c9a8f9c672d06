// Writing invoice totals: the per-rate sums of an invoice's lines go through the pure rules
// of invoice-totals.rules.ts (tax per rate, rounded once) and land on the draft.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { rowsOf } from '../../platform/db/rows.js';
import type { BillingSettingsView } from './billing-settings.service.js';
import { invoiceTotals } from './invoice-totals.rules.js';

export interface RateSum {
  invoiceId: string;
  taxRate: number;
  amount: number;
}

/** Recomputes the totals of draft invoices from their lines (tax per rate, rounded once). */
export async function refreshTotals(
  tx: Tx,
  tenantId: string,
  invoiceIds: string[],
  settings: Pick<BillingSettingsView, 'rounding' | 'pricesIncludeTax'>,
): Promise<void> {
  const sums = rowsOf<{ invoice_id: string; tax_rate: number; amount: string }>(
    await tx.execute(sql`
      select invoice_id, tax_rate, sum(amount)::text as amount from invoice_lines
       where tenant_id = ${tenantId} and invoice_id = any(${sql.param(invoiceIds)}::uuid[])
       group by invoice_id, tax_rate`),
  );
  await writeTotals(
    tx,
    tenantId,
    invoiceIds,
    sums.map((sum) => ({
      invoiceId: sum.invoice_id,
      taxRate: Number(sum.tax_rate),
      amount: Number(sum.amount),
    })),
    settings,
  );
}

/** Sets the totals of the given drafts from their per-rate sums, in one statement. */
export async function writeTotals(
  tx: Tx,
  tenantId: string,
  invoiceIds: readonly string[],
  sums: readonly RateSum[],
  settings: Pick<BillingSettingsView, 'rounding' | 'pricesIncludeTax'>,
): Promise<void> {
  if (invoiceIds.length === 0) return;
  const byInvoice = new Map<string, { amount: number; taxRate: number }[]>();
  for (const sum of sums) {
    const list = byInvoice.get(sum.invoiceId);
    const part = { amount: sum.amount, taxRate: sum.taxRate };
    if (list) list.push(part);
    else byInvoice.set(sum.invoiceId, [part]);
  }
  const subtotals: number[] = [];
  const taxTotals: number[] = [];
  const totals: number[] = [];
  const taxes: string[] = [];
  for (const id of invoiceIds) {
    const result = invoiceTotals(byInvoice.get(id) ?? [], settings);
    subtotals.push(result.subtotal);
    taxTotals.push(result.taxTotal);
    totals.push(result.total);
    taxes.push(JSON.stringify(result.taxes));
  }
  await tx.execute(sql`
    update invoices set subtotal = v.subtotal, tax_total = v.tax_total, total = v.total, taxes = v.taxes, updated_at = now()
      from unnest(${sql.param([...invoiceIds])}::uuid[], ${sql.param(subtotals)}::bigint[], ${sql.param(taxTotals)}::bigint[],
                  ${sql.param(totals)}::bigint[], ${sql.param(taxes)}::jsonb[]) as v(id, subtotal, tax_total, total, taxes)
     where invoices.tenant_id = ${tenantId} and invoices.id = v.id and invoices.status = 'draft'`);
}
