// What completing an order now would reach back into (billing.md rule 7): for each item of
// the order, the last month billed for its line item and the billed months a completion on
// the given date falls into. The completion dialog warns with it before 確定, and an API
// client may ask the same before POST /orders/{id}/complete. Reads only: what was billed is
// the unique monthly charge key of invoice_lines, the order's items are the ordering
// module's records.
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/rows.js';
import { DomainError } from '../../platform/domain-error.js';
import {
  type BilledMonthsAffected,
  billedMonthsAffected,
  type ChangeKind,
} from './backdated-change.rules.js';

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
  const rows = await database.inTenant(tenantId, async (tx) =>
    rowsOf<{
      id: string;
      line_item_id: string;
      kind: ChangeKind;
      status: string;
      last_billed_month: string | null;
    }>(
      await tx.execute(sql`
        select oi.id, oi.line_item_id, oi.kind, oi.status,
               (select max(il.service_month) from invoice_lines il
                 where il.tenant_id = oi.tenant_id and il.line_item_id = oi.line_item_id
                   and il.charge_kind = 'monthly') as last_billed_month
          from order_items oi
         where oi.tenant_id = ${tenantId} and oi.order_id = ${orderId}
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
      affected: billedMonthsAffected(row.kind, completedOn, row.last_billed_month),
    })),
  };
}
