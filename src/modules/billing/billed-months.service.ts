// What completing an order now would reach back into (billing.md rule 7): for each item of
// the order, the last month billed for its line item and the billed months a completion on
// the given date falls into (under the line item's billing policy). The completion dialog
// warns with it before 確定, and an API client may ask the same before POST
// /orders/{id}/complete.
// Reads only: what was billed is the unique monthly charge key of invoice_lines, the order,
// its items and line items are the ordering module's records (a portal user's scope, were
// one to call this, limits them to its customer's orders).
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/rows.js';
import { DomainError } from '../../platform/domain-error.js';
import {
  type BilledMonthsAffected,
  billedMonthsAffected,
  type ChangeKind,
} from './backdated-change.rules.js';
import { lastBilledMonthOf } from './billed-charges.js';
import { loadBillingSettings } from './billing-settings.service.js';
import { type FirstMonthPolicy, policyFor, type QuantityBasis } from './charges.rules.js';

export interface BilledMonthsItem {
  orderItemId: string;
  lineItemId: string;
  kind: ChangeKind;
  status: string;
  lastBilledMonth: string | null;
  /** The billed months a completion on the given date reaches back into, or null. */
  affected: BilledMonthsAffected | null;
}

export async function billedMonthsOfOrder(
  context: TenantContext,
  orderId: string,
  completedOn: string,
): Promise<{ items: BilledMonthsItem[] }> {
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  const rows = await database.inTenant(tenantId, async (tx) =>
    rowsOf<{
      id: string;
      line_item_id: string;
      kind: ChangeKind;
      status: string;
      charge_start_date: string | null;
      first_month: FirstMonthPolicy | null;
      quantity_basis: QuantityBasis | null;
      last_billed_month: string | null;
    }>(
      await tx.execute(sql`
        select oi.id, oi.line_item_id, oi.kind, oi.status, li.charge_start_date::text as charge_start_date,
               li.price_snapshot->>'firstMonth' as first_month, li.price_snapshot->>'quantityBasis' as quantity_basis,
               ${lastBilledMonthOf(sql`oi.tenant_id`, sql`oi.line_item_id`)} as last_billed_month
          from orders o
          join order_items oi on oi.tenant_id = o.tenant_id and oi.order_id = o.id
          join line_items li on li.tenant_id = oi.tenant_id and li.id = oi.line_item_id
         where o.tenant_id = ${tenantId} and o.id = ${orderId}
           ${context.customerScope ? sql`and o.customer_id = ${context.customerScope}` : sql``}
         order by oi.id`),
    ),
  );
  if (rows.length === 0) throw new DomainError('not_found');
  return {
    items: rows.map((row) => ({
      orderItemId: row.id,
      lineItemId: row.line_item_id,
      kind: row.kind,
      status: row.status,
      lastBilledMonth: row.last_billed_month,
      affected: billedMonthsAffected(
        row.kind,
        completedOn,
        { chargeStartDate: row.charge_start_date, lastBilledMonth: row.last_billed_month },
        policyFor(settings, { firstMonth: row.first_month, quantityBasis: row.quantity_basis }).quantityBasis,
      ),
    })),
  };
}
