// What earlier runs billed, as SQL the billing reads embed: the unique charge keys of
// invoice_lines (rule 7), read by index only.
import { type SQL, sql } from 'drizzle-orm';

/** The last service month billed as a monthly charge of the line item (null: none yet). */
export function lastBilledMonthOf(tenantId: SQL, lineItemId: SQL): SQL {
  return sql`(select max(il.service_month) from invoice_lines il
                where il.tenant_id = ${tenantId} and il.line_item_id = ${lineItemId} and il.charge_kind = 'monthly')`;
}
