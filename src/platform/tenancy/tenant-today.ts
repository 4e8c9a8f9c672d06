// "Today" for a business rule is the tenant's date (domain.md §4: the tenant time zone), read in
// the caller's transaction. The instant is a parameter so jobs and tests pass their clock.
import { eq } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import type { Tx } from '../db/database.js';
import { tenants } from './schema.js';

export async function tenantToday(
  tx: Tx,
  tenantId: string,
  now: Temporal.Instant = Temporal.Now.instant(),
): Promise<string> {
  const [row] = await tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId));
  if (!row) throw new Error(`tenant ${tenantId} not found`);
  return dateIn(row.timeZone, now);
}

/** The calendar date (YYYY-MM-DD) at `now` in a time zone. */
export function dateIn(timeZone: string, now: Temporal.Instant): string {
  return now.toZonedDateTimeISO(timeZone).toPlainDate().toString();
}
