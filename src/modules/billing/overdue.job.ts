// The daily overdue marking (billing.md "Invoices": status overdue): issued invoices with an
// amount still open after their due date, in the tenant's time zone. The composition root
// checks every tenant each hour and enqueues the job only where an invoice is due to be
// marked, so each tenant's invoices turn overdue within the first hour of their local day.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import type { Database } from '../../platform/db/database.js';
import type { JobContext } from '../../platform/jobs/service.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { invoices } from './schema.js';

export const MARK_OVERDUE_JOB = 'billing.mark_overdue';

/**
 * Issued invoices not yet marked whose open amount (openAmountOf) is above 0 after their
 * due date: paymentStatusOf's overdue case, as a condition the database can apply.
 */
const dueToMarkOverdue = (tenantId: string, today: string) =>
  and(
    eq(invoices.tenantId, tenantId),
    eq(invoices.kind, 'invoice'),
    eq(invoices.status, 'issued'),
    inArray(invoices.paymentStatus, ['unpaid', 'partially_paid']),
    lt(invoices.dueDate, today),
    sql`${invoices.total} - ${invoices.paidAmount} - ${invoices.creditedAmount} > 0`,
  );

/** Marks the tenant's invoices overdue on `today` (its local date); answers how many. */
export async function markOverdue(database: Database, tenantId: string, today: string): Promise<number> {
  return database.inTenant(tenantId, async (tx) => {
    const marked = await tx
      .update(invoices)
      .set({ paymentStatus: 'overdue', updatedAt: new Date() })
      .where(dueToMarkOverdue(tenantId, today))
      .returning({ id: invoices.id });
    return marked.length;
  });
}

/** Whether an invoice of the tenant is past due and not yet marked at `now`: the hourly check. */
export async function hasInvoicesToMarkOverdue(
  database: Database,
  tenantId: string,
  now: Temporal.Instant = Temporal.Now.instant(),
): Promise<boolean> {
  return database.inTenant(tenantId, async (tx) => {
    const today = await tenantToday(tx, tenantId, now);
    const [row] = await tx
      .select({ id: invoices.id })
      .from(invoices)
      .where(dueToMarkOverdue(tenantId, today))
      .limit(1);
    return row !== undefined;
  });
}

/** The handler of `billing.mark_overdue`; the clock is a parameter so tests fix it. */
export function markOverdueHandler(clock: () => Temporal.Instant = () => Temporal.Now.instant()) {
  return async (context: JobContext): Promise<void> => {
    const today = await context.database.inTenant(context.tenantId, (tx) =>
      tenantToday(tx, context.tenantId, clock()),
    );
    await context.setProgress(0, 1);
    const marked = await markOverdue(context.database, context.tenantId, today);
    await context.log(`${marked} invoices overdue on ${today}`, {
      code: 'billing.overdue',
      params: { count: marked, today },
    });
    await context.setProgress(1, 1);
  };
}
