// Billing runs (billing.md rule 6): a run for month M is split into batches of billing
// accounts; each batch (billing-run-batch.ts) loads its line items with their completed
// orders and what earlier runs billed, applies the engine (`charges.rules.ts`), and writes
// its invoices and lines in one transaction. A batch either commits whole or not at all, the
// invoice_lines unique keys refuse any charge billed before, and batches are claimed with
// SKIP LOCKED: a crashed worker's successor, a second worker or a second run for the same
// month is harmless (billing-run-resume.ts finds runs whose worker died).
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { SYSTEM_ACTOR, type TenantContext } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { rowsOf } from '../../platform/db/rows.js';
import { DomainError } from '../../platform/domain-error.js';
import { newId } from '../../platform/ids/id.js';
import type { JobService } from '../../platform/jobs/service.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { billingAccounts } from '../customers/index.js';
import { monthHasEnded } from './billing-month.rules.js';
import { optionalBillingMonth, requireBillingMonth } from './billing-month-input.js';
import { runOneBatch } from './billing-run-batch.js';
import { loadBillingSettings } from './billing-settings.service.js';
import { scheduledRunMonth } from './scheduled-run.rules.js';
import { billingRunBatches, billingRuns } from './schema.js';

// Other use cases of the module recompute totals the same way the run does.
export { refreshTotals } from './invoice-totals.js';

/** Billing accounts per batch: a bounded transaction with steady progress. */
export const ACCOUNTS_PER_BATCH = 500;
/** Batches a worker does at once: PostgreSQL writes one while Node.js computes the next. */
export const BATCHES_AT_ONCE = 3;
/** Rows per INSERT statement (PostgreSQL takes at most 65,535 parameters). */
const ROWS_PER_INSERT = 4000;

export type BillingRunRow = typeof billingRuns.$inferSelect;

export interface BillingRunView {
  id: string;
  billingMonth: string;
  status: BillingRunRow['status'];
  dryRun: boolean;
  trigger: BillingRunRow['trigger'];
  jobId: string | null;
  progress: { done: number; total: number };
  report: { accounts: number; invoices: number; lines: number; amount: number };
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export const toBillingRunView = (row: BillingRunRow): BillingRunView => ({
  id: row.id,
  billingMonth: row.billingMonth,
  status: row.status,
  dryRun: row.dryRun,
  trigger: row.trigger,
  jobId: row.jobId,
  progress: { done: row.batchesDone, total: row.batchesTotal },
  report: { accounts: row.accounts, invoices: row.invoices, lines: row.lines, amount: row.amount },
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

export interface RunOptions {
  /** Billing accounts per batch (tests use small batches to have many). */
  accountsPerBatch?: number;
}

/**
 * Creates a run for `billingMonth` with its batches (queued). A month that has not ended in
 * the tenant's time zone is refused unless the run is a dry run (a preview).
 */
export async function createBillingRun(
  context: TenantContext,
  input: { billingMonth: string; dryRun?: boolean; trigger?: 'user' | 'schedule' },
  today: string,
  options: RunOptions = {},
): Promise<BillingRunView> {
  requireBillingMonth(input.billingMonth);
  const dryRun = input.dryRun ?? false;
  if (!dryRun && !monthHasEnded(input.billingMonth, today)) throw new DomainError('billing_month_not_ended');
  const { database, tenantId } = context;
  return database.inTenant(tenantId, async (tx) => {
    const id = newId();
    // Batches are ranges of billing account ids, so a batch finds its accounts by index.
    const bounds = await tx.execute<{ batch_no: number; first_id: string; last_id: string }>(sql`
      select (n / ${options.accountsPerBatch ?? ACCOUNTS_PER_BATCH})::int as batch_no, min(id::text)::uuid as first_id, max(id::text)::uuid as last_id
        from (select id, (row_number() over (order by id)) - 1 as n
                from ${billingAccounts} where tenant_id = ${tenantId} and payment_method <> 'non_billable') numbered
       group by 1 order by 1`);
    const batches = rowsOf<{ batch_no: number; first_id: string; last_id: string }>(bounds);
    const [run] = await tx
      .insert(billingRuns)
      .values({
        tenantId,
        id,
        billingMonth: input.billingMonth,
        dryRun,
        trigger: input.trigger ?? 'user',
        batchesTotal: batches.length,
        createdBy: context.actor.id,
      })
      .returning();
    for (let start = 0; start < batches.length; start += ROWS_PER_INSERT) {
      await tx.insert(billingRunBatches).values(
        batches.slice(start, start + ROWS_PER_INSERT).map((batch) => ({
          tenantId,
          runId: id,
          batchNo: Number(batch.batch_no),
          firstAccountId: batch.first_id,
          lastAccountId: batch.last_id,
        })),
      );
    }
    if (!run) throw new Error('billing run insert returned no row');
    return toBillingRunView(run);
  });
}

/** The job kind that carries out a run (defined by the composition root with billing-run.job.ts). */
export const BILLING_RUN_JOB = 'billing.run';

/** Creates a run for today's tenant date and queues the job that carries it out. */
export async function startBillingRun(
  context: TenantContext,
  input: { billingMonth: string; dryRun?: boolean; trigger?: 'user' | 'schedule' },
  jobs: Pick<JobService, 'enqueue'>,
  now: Temporal.Instant = Temporal.Now.instant(),
  options: RunOptions = {},
): Promise<BillingRunView> {
  requireBillingMonth(input.billingMonth);
  const timeZone = await tenantTimeZone(context.database, context.tenantId);
  const today = now.toZonedDateTimeISO(timeZone).toPlainDate().toString();
  const run = await createBillingRun(context, input, today, options);
  const job = await jobs.enqueue(
    context.tenantId,
    BILLING_RUN_JOB,
    { runId: run.id },
    { createdBy: context.actor.id },
  );
  await attachJob(context.database, context.tenantId, run.id, job.id);
  return { ...run, jobId: job.id };
}

/**
 * The monthly scheduled run: when it is the 1st, hour 0, in the tenant's time zone, a run
 * for the month just ended, once (a second check in the same hour finds the run).
 */
export async function startScheduledRun(
  database: Database,
  tenantId: string,
  jobs: Pick<JobService, 'enqueue'>,
  now: Temporal.Instant = Temporal.Now.instant(),
): Promise<BillingRunView | null> {
  const month = scheduledRunMonth(now, await tenantTimeZone(database, tenantId));
  if (!month) return null;
  const [existing] = await database.inTenant(tenantId, (tx) =>
    tx
      .select({ id: billingRuns.id })
      .from(billingRuns)
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.billingMonth, month),
          eq(billingRuns.trigger, 'schedule'),
        ),
      )
      .limit(1),
  );
  if (existing) return null;
  const context: TenantContext = { database, tenantId, actor: SYSTEM_ACTOR, locale: 'ja' };
  return startBillingRun(context, { billingMonth: month, trigger: 'schedule' }, jobs, now);
}

export async function listBillingRuns(
  database: Database,
  tenantId: string,
  query: { limit: number; cursor?: string | undefined; billingMonth?: string | undefined },
): Promise<Page<BillingRunView>> {
  optionalBillingMonth(query.billingMonth);
  const rows = await database.inTenant(tenantId, (tx) =>
    tx
      .select()
      .from(billingRuns)
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          query.billingMonth ? eq(billingRuns.billingMonth, query.billingMonth) : undefined,
          query.cursor ? lt(billingRuns.id, query.cursor) : undefined,
        ),
      )
      .orderBy(desc(billingRuns.id))
      .limit(query.limit + 1),
  );
  return pageOf(rows, query.limit, toBillingRunView);
}

export async function attachJob(
  database: Database,
  tenantId: string,
  runId: string,
  jobId: string,
): Promise<void> {
  await database.inTenant(tenantId, (tx) =>
    tx
      .update(billingRuns)
      .set({ jobId })
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId))),
  );
}

export async function getBillingRun(
  database: Database,
  tenantId: string,
  runId: string,
): Promise<BillingRunView> {
  const [row] = await database.inTenant(tenantId, (tx) =>
    tx
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId))),
  );
  if (!row) throw new DomainError('not_found');
  return toBillingRunView(row);
}

export type RunProgress = (done: number, total: number) => Promise<void>;

/**
 * Works through a run's pending batches until none is left, then completes the run. Safe to
 * call from several workers at once and again after a crash: each batch is claimed by a row
 * lock and done in the same transaction as its invoices. `concurrency` batches are done at
 * once (each in its own transaction; PGlite has one connection, so one there).
 */
export async function processBillingRun(
  database: Database,
  tenantId: string,
  runId: string,
  today: string,
  onProgress: RunProgress = async () => {},
  options: { concurrency?: number } = {},
): Promise<BillingRunView> {
  const settings = await loadBillingSettings(database, tenantId);
  await database.inTenant(tenantId, (tx) =>
    tx
      .update(billingRuns)
      .set({
        status: 'running',
        startedAt: sql`coalesce(${billingRuns.startedAt}, now())`,
        heartbeatAt: sql`now()`,
        // A failed run processed again is running again.
        error: null,
        finishedAt: null,
      })
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.id, runId),
          sql`${billingRuns.status} <> 'completed'`,
        ),
      ),
  );
  const concurrency = database.kind === 'pglite' ? 1 : (options.concurrency ?? BATCHES_AT_ONCE);
  // A batch that fails stops the others from claiming more; the batches in flight finish
  // (commit or fail) before the error is thrown, so whoever marks the run failed reads a
  // report that no batch of this call changes afterwards.
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure) {
      try {
        const progressed = await database.inTenant(tenantId, (tx) =>
          runOneBatch(tx, tenantId, runId, today, settings),
        );
        if (!progressed) return;
        await onProgress(progressed.done, progressed.total);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  for (;;) {
    await Promise.all(Array.from({ length: concurrency }, worker));
    if (failure) throw failure.error;
    // Batches still pending are held by another worker (or by a dead one's transaction, until
    // PostgreSQL ends it): wait for them, so the run is complete when this returns.
    if (!(await hasPendingBatches(database, tenantId, runId))) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return database.inTenant(tenantId, async (tx) => {
    const [row] = await tx
      .update(billingRuns)
      .set({ status: 'completed', finishedAt: new Date(), heartbeatAt: sql`now()` })
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.id, runId),
          sql`not exists (select 1 from ${billingRunBatches} b where b.tenant_id = ${tenantId} and b.run_id = ${runId} and b.status = 'pending')`,
        ),
      )
      .returning();
    if (row) return toBillingRunView(row);
    const [current] = await tx
      .select()
      .from(billingRuns)
      .where(and(eq(billingRuns.tenantId, tenantId), eq(billingRuns.id, runId)));
    if (!current) throw new DomainError('not_found');
    return toBillingRunView(current);
  });
}

async function hasPendingBatches(database: Database, tenantId: string, runId: string): Promise<boolean> {
  const [pending] = await database.inTenant(tenantId, (tx) =>
    tx
      .select({ batchNo: billingRunBatches.batchNo })
      .from(billingRunBatches)
      .where(
        and(
          eq(billingRunBatches.tenantId, tenantId),
          eq(billingRunBatches.runId, runId),
          eq(billingRunBatches.status, 'pending'),
        ),
      )
      .limit(1),
  );
  return pending !== undefined;
}

/**
 * Records that a worker gave up on the run (`error` is what people see). A run another worker
 * completed meanwhile stays completed. A failed run is not resumed by itself: processing it
 * again (a re-run of its job) carries on with the batches not yet done.
 */
export async function markRunFailed(
  database: Database,
  tenantId: string,
  runId: string,
  error: string,
): Promise<void> {
  await database.inTenant(tenantId, (tx) =>
    tx
      .update(billingRuns)
      .set({ status: 'failed', error, finishedAt: new Date(), updatedAt: new Date() })
      .where(
        and(
          eq(billingRuns.tenantId, tenantId),
          eq(billingRuns.id, runId),
          sql`${billingRuns.status} <> 'completed'`,
        ),
      ),
  );
}

/** Reads the tenant's time zone for "today" (jobs pass their clock). */
export async function tenantTimeZone(database: Database, tenantId: string): Promise<string> {
  const [row] = await database.inTenant(tenantId, (tx) =>
    tx.select({ timeZone: tenants.timeZone }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  if (!row) throw new Error(`tenant ${tenantId} not found`);
  return row.timeZone;
}
