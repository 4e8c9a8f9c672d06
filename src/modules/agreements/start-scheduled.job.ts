// The daily start (seed: 設定した販売開始日になるとステータスが[販売中]に変更されます): every
// scheduled agreement whose sale start date has come in the tenant's time zone goes on sale.
// The composition root runs `hasAgreementsDueToStart` for every tenant each hour and
// enqueues the job where it finds work (docs/operations.md, Scheduled tasks), so any time
// zone gets its start within the first hour of its day. The job is safe to run again:
// it only touches agreements still scheduled and due, under a row lock.
import { and, asc, count, eq, inArray, lte, sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { recordChange } from '../../platform/audit/service.js';
import { SYSTEM_ACTOR } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import type { JobContext } from '../../platform/jobs/service.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { isDueToStart } from './agreement-status.rules.js';
import { agreements } from './schema.js';

export const START_SCHEDULED_JOB = 'agreements.start_scheduled';

/** Agreements started per transaction: a bounded lock set and steady progress. */
const BATCH_SIZE = 100;

type Clock = () => Temporal.Instant;
const systemClock: Clock = () => Temporal.Now.instant();

const dueFilter = (tenantId: string, today: string) =>
  and(
    eq(agreements.tenantId, tenantId),
    eq(agreements.status, 'scheduled'),
    lte(agreements.saleStartDate, today),
  );

/** Whether a scheduled agreement of the tenant is due at `now` (its local date): the hourly check. */
export async function hasAgreementsDueToStart(
  database: Database,
  tenantId: string,
  now: Temporal.Instant = Temporal.Now.instant(),
): Promise<boolean> {
  return database.inTenant(tenantId, async (tx) => {
    const today = await tenantToday(tx, tenantId, now);
    const [row] = await tx
      .select({ id: agreements.id })
      .from(agreements)
      .where(dueFilter(tenantId, today))
      .limit(1);
    return row !== undefined;
  });
}

/** The job's work for one tenant at `now`; the clock is a parameter so tests fix it. */
export async function startScheduledAgreements(
  context: Pick<JobContext, 'database' | 'tenantId' | 'log' | 'setProgress'>,
  now: Temporal.Instant,
): Promise<{ started: number; today: string }> {
  const { database, tenantId } = context;
  const { today, due } = await database.inTenant(tenantId, async (tx) => {
    const date = await tenantToday(tx, tenantId, now);
    const [row] = await tx.select({ n: count() }).from(agreements).where(dueFilter(tenantId, date));
    return { today: date, due: row?.n ?? 0 };
  });
  await context.log(`today is ${today} in the tenant: ${due} scheduled agreements due`, {
    code: 'agreements.due',
    params: { today, count: due },
  });
  await context.setProgress(0, due);
  let started = 0;
  for (;;) {
    const batch = await database.inTenant(tenantId, async (tx) => {
      // Waits for a user's edit in progress; a row another run started meanwhile no longer matches.
      const rows = await tx
        .select()
        .from(agreements)
        .where(dueFilter(tenantId, today))
        .orderBy(asc(agreements.saleStartDate), asc(agreements.id))
        .limit(BATCH_SIZE)
        .for('update');
      const ids = rows.filter((row) => isDueToStart(row, today)).map((row) => row.id);
      if (ids.length === 0) return [];
      const startedAt = new Date(now.epochMilliseconds);
      const after = await tx
        .update(agreements)
        .set({ status: 'on_sale', startedAt, updatedAt: startedAt, version: sql`${agreements.version} + 1` })
        .where(and(eq(agreements.tenantId, tenantId), inArray(agreements.id, ids)))
        .returning();
      for (const row of after) {
        await recordChange(tx, tenantId, SYSTEM_ACTOR, {
          entity: 'agreement',
          entityId: row.id,
          action: 'start_scheduled',
          before: { status: 'scheduled', saleStartDate: row.saleStartDate },
          after: { status: row.status, saleStartDate: row.saleStartDate, version: row.version },
        });
      }
      return after;
    });
    if (batch.length === 0) break;
    for (const row of batch) {
      await context.log(`${row.number} on sale (sale start date ${row.saleStartDate})`, {
        code: 'agreements.started',
        params: { number: row.number, saleStartDate: row.saleStartDate ?? today },
      });
    }
    started += batch.length;
    await context.setProgress(started, Math.max(due, started));
  }
  return { started, today };
}

/** The handler the composition root defines for `agreements.start_scheduled`. */
export function startScheduledAgreementsHandler(clock: Clock = systemClock) {
  return async (context: JobContext): Promise<void> => {
    await startScheduledAgreements(context, clock());
  };
}
