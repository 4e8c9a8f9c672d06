// Numbers people read (customer code, order number ...), unique per tenant under
// concurrency: the counter row is locked by the upsert until the transaction ends, so two
// transactions can never take the same value, and a rolled-back one gives its value back.
import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.js';

export async function nextNumber(tx: Tx, tenantId: string, sequence: string): Promise<number> {
  const result = await tx.execute<{ last_value: number }>(sql`
    insert into number_sequences (tenant_id, name, last_value) values (${tenantId}, ${sequence}, 1)
    on conflict (tenant_id, name) do update set last_value = number_sequences.last_value + 1
    returning last_value`);
  const row = (result as unknown as { rows: { last_value: number }[] }).rows[0];
  if (!row) throw new Error(`number sequence ${sequence} returned no row`);
  return Number(row.last_value);
}

/**
 * Several numbers of several sequences in one statement (an order takes its contract, line
 * item and order numbers at once): `{ contract: 1, line_item: 3 }` -> the values taken,
 * ascending. Gapless like `nextNumber`; the counter rows are locked in name order, so two
 * callers never wait for each other crosswise. Take them as late as the use case allows:
 * the rows stay locked until the transaction ends.
 */
export async function nextNumbers(
  tx: Tx,
  tenantId: string,
  counts: Readonly<Record<string, number>>,
): Promise<Record<string, number[]>> {
  const names = Object.keys(counts)
    .filter((name) => (counts[name] ?? 0) > 0)
    .sort();
  if (names.length === 0) return {};
  const rows = sql.join(
    names.map((name) => sql`(${tenantId}::uuid, ${name}, ${counts[name]}::bigint)`),
    sql`, `,
  );
  const result = await tx.execute<{ name: string; last_value: number }>(sql`
    insert into number_sequences (tenant_id, name, last_value) values ${rows}
    on conflict (tenant_id, name) do update set last_value = number_sequences.last_value + excluded.last_value
    returning name, last_value`);
  const taken: Record<string, number[]> = {};
  for (const row of (result as unknown as { rows: { name: string; last_value: number }[] }).rows) {
    const count = counts[row.name] ?? 0;
    const last = Number(row.last_value);
    taken[row.name] = Array.from({ length: count }, (_, index) => last - count + 1 + index);
  }
  for (const name of names) if (!taken[name]) throw new Error(`number sequence ${name} returned no row`);
  return taken;
}

/** `formatNumber('C', 42, 6)` -> `C000042`. */
export function formatNumber(prefix: string, value: number, width: number): string {
  return `${prefix}${String(value).padStart(width, '0')}`;
}
