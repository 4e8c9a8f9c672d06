// Reads other modules use inside their own transaction (agreements, ordering, billing):
// a customer's summary (by id, or many by code) and the code and name of many customers at once.
import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { billingAccounts, customers } from './schema.js';

export interface CustomerSummary {
  id: string;
  code: string;
  name: string;
  kind: 'organization' | 'person';
  status: 'active' | 'merged';
  defaultBillingAccountId: string;
}

/** The customer with its default billing account, or null when it is not in the tenant. */
export async function loadCustomer(
  tx: Tx,
  tenantId: string,
  customerId: string,
): Promise<CustomerSummary | null> {
  const [row] = await summaries(tx, tenantId, eq(customers.id, customerId));
  return row ?? null;
}

/** The customers with these codes (注文一括登録), by code; codes not in the tenant are absent. */
export async function loadCustomersByCode(
  tx: Tx,
  tenantId: string,
  codes: readonly string[],
): Promise<Map<string, CustomerSummary>> {
  const wanted = [...new Set(codes)];
  if (wanted.length === 0) return new Map();
  const rows = await summaries(tx, tenantId, inArray(customers.code, wanted));
  return new Map(rows.map((row) => [row.code, row]));
}

function summaries(tx: Tx, tenantId: string, which: SQL): Promise<CustomerSummary[]> {
  return tx
    .select({
      id: customers.id,
      code: customers.code,
      name: customers.name,
      kind: customers.kind,
      status: customers.status,
      defaultBillingAccountId: billingAccounts.id,
    })
    .from(customers)
    .innerJoin(
      billingAccounts,
      and(
        eq(billingAccounts.tenantId, customers.tenantId),
        eq(billingAccounts.customerId, customers.id),
        sql`${billingAccounts.isDefault}`,
      ),
    )
    .where(and(eq(customers.tenantId, tenantId), which));
}

/** Code and name by id, for lists that show the customer beside their own rows. */
export async function loadCustomerNames(
  tx: Tx,
  tenantId: string,
  ids: string[],
): Promise<Map<string, { code: string; name: string }>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, { code: string; name: string }>();
  if (unique.length === 0) return names;
  const rows = await tx
    .select({ id: customers.id, code: customers.code, name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, unique)));
  for (const row of rows) names.set(row.id, { code: row.code, name: row.name });
  return names;
}
