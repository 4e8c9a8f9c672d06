// Killing the worker during a billing run (issue 5 "Bad input and failure", quality.md
// reliability): the real server process (src/main.ts, with its job worker) runs the run's
// job and is killed with SIGKILL three times: while marking the run started, after about a
// third of the batches and after about four fifths, each time in the middle of a batch
// (its lines written, not committed). Each time a new process starts, its sweep finds the
// run without heartbeat and queues it again; the last one finishes it. The lines must be
// exactly those of an uninterrupted run: none missing, none twice.
//
// To kill at a known point the test holds the run's row lock (SELECT ... FOR UPDATE): every
// batch updates the run's counters as its last statement, so with the lock held when
// `batches_done` reaches the target, the worker's batches in flight wait there, and the test
// kills the process while they do.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type BulkTenant, seedBulk } from '../../../bench/bulk-data.js';
import { SYSTEM_ACTOR, type TenantContext } from '../../platform/context.js';
import { JobService } from '../../platform/jobs/service.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { until } from '../../test/poll.js';
import { type ServerProcess, startServer } from '../../test/server-process.js';
import { addMonths } from './billing-month.rules.js';
import {
  BILLING_RUN_JOB,
  type BillingRunView,
  createBillingRun,
  processBillingRun,
} from './billing-run.service.js';

const ACCOUNTS_PER_BATCH = 2;
let testDatabase: TestDatabase;
let bulk: BulkTenant;
let context: TenantContext;
let jobs: JobService;
const servers: ServerProcess[] = [];
// The worker process bills with the real clock: the month just ended in Tokyo.
const today = Temporal.Now.plainDateISO('Asia/Tokyo').toString();
const month = addMonths(today.slice(0, 7), -1);

beforeAll(async () => {
  testDatabase = await createTestDatabase({ max: 4 });
  bulk = await seedBulk(testDatabase.database, {
    customers: 60,
    lineItems: 600,
    billingMonth: month,
    slug: 'crash',
  });
  context = { database: testDatabase.database, tenantId: bulk.tenantId, actor: SYSTEM_ACTOR, locale: 'ja' };
  // This process only queues the job; the worker processes run it.
  jobs = new JobService(testDatabase.database);
  jobs.define({
    kind: BILLING_RUN_JOB,
    runnableByUsers: false,
    expireInSeconds: 60 * 60,
    handler: async () => {
      throw new Error('the test process does not work on jobs');
    },
  });
  await jobs.start({ work: false });
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL', 5000).catch(() => {});
  await jobs?.stop(1000, { graceful: false }).catch(() => {});
  await testDatabase?.drop();
});

const query = async <T>(text: string, values: unknown[] = []) =>
  (await testDatabase.database.executeSql(text, values)).rows as T[];

/** The month's lines, as comparable text rows (ids of the lines themselves differ between runs). */
async function lines(): Promise<string[]> {
  const rows = await query<{ line: string }>(
    `select concat_ws(' ', i.billing_account_id, i.sequence, l.charge_kind, l.line_item_id, l.order_item_id,
                     l.service_month, l.quantity, l.unit_price, l.amount, l.tax_rate) as line
       from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
      where i.tenant_id = $1 and i.billing_month = $2 order by 1`,
    [bulk.tenantId, month],
  );
  return rows.map((row) => row.line);
}

async function removeMonth() {
  const tenantId = bulk.tenantId;
  await testDatabase.database.inTenant(tenantId, async (tx) => {
    await tx.execute(sql`delete from invoice_lines l using invoices i where l.tenant_id = ${tenantId} and i.tenant_id = l.tenant_id
                          and i.id = l.invoice_id and i.billing_month = ${month} and i.status = 'draft'`);
    await tx.execute(
      sql`delete from invoices where tenant_id = ${tenantId} and billing_month = ${month} and status = 'draft'`,
    );
  });
}

async function runState(runId: string) {
  const [run] = await query<{ status: string; batches_done: number; batches_total: number }>(
    'select status, batches_done, batches_total from billing_runs where tenant_id = $1 and id = $2',
    [bulk.tenantId, runId],
  );
  if (!run) throw new Error('run not found');
  return run;
}

function startWorker(): Promise<ServerProcess> {
  return startServer({
    DATABASE_URL: testDatabase.url,
    LOG_LEVEL: 'warn',
    BILLING_RESUME_AFTER_SECONDS: '1',
  }).then((server) => {
    servers.push(server);
    return server;
  });
}

/** Whether a worker's statement waits for a row this test holds (the run's). */
async function workerWaits(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'
        and wait_event in ('transactionid', 'tuple')`,
  );
  return Number(rows[0]?.n) > 0;
}

/** Waits until the worker blocks on the run's row, kills it with SIGKILL. */
async function killWhenBlocked(client: pg.Client, worker: ServerProcess): Promise<void> {
  await until('the worker to wait for the run row', () => workerWaits(client), {
    timeoutMs: 30_000,
    intervalMs: 20,
  }).catch(async (error: Error) => {
    // What every session of the database is doing, and what the worker said.
    const { rows } = await client.query(
      `select pid, state, wait_event_type, wait_event, left(query, 120) as query
         from pg_stat_activity where datname = current_database()`,
    );
    throw new Error(`${error.message}\n${JSON.stringify(rows)}\n--- worker output ---\n${worker.output()}`);
  });
  worker.child.kill('SIGKILL');
  await worker.exited;
}

/**
 * Starts a worker, takes the run's row lock as soon as `batches_done` reaches `target`,
 * kills the worker once its batches in flight wait for it, and releases the lock. Answers
 * the batches done at the kill.
 */
async function killAt(runId: string, target: number): Promise<number> {
  // The worker first: its start-up (migrations) needs the table unlocked.
  const worker = await startWorker();
  const client = new pg.Client({ connectionString: testDatabase.url });
  await client.connect();
  try {
    const done = await until(
      `the run to reach ${target} batches`,
      async () => {
        await client.query('begin');
        const { rows } = await client.query(
          'select batches_done from billing_runs where tenant_id = $1 and id = $2 for update',
          [bulk.tenantId, runId],
        );
        const value = Number(rows[0]?.batches_done);
        if (value >= target) return value;
        await client.query('commit');
        return undefined;
      },
      { timeoutMs: 40_000, intervalMs: 10 },
    );
    await killWhenBlocked(client, worker);
    return done;
  } finally {
    await client.query('rollback').catch(() => {});
    await client.end();
  }
}

/**
 * Like startBillingRun (run, job, job attached to the run), with the run's row locked from
 * before its job is queued to a worker that is already waiting for work: the worker marks
 * the job running, blocks marking the run started, and is killed there.
 */
async function startRunAndKillAtStart(): Promise<BillingRunView> {
  const worker = await startWorker();
  const run = await createBillingRun(context, { billingMonth: month }, today, {
    accountsPerBatch: ACCOUNTS_PER_BATCH,
  });
  const client = new pg.Client({ connectionString: testDatabase.url });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('select 1 from billing_runs where tenant_id = $1 and id = $2 for update', [
      bulk.tenantId,
      run.id,
    ]);
    const job = await jobs.enqueue(bulk.tenantId, BILLING_RUN_JOB, { runId: run.id });
    await client.query('update billing_runs set job_id = $3 where tenant_id = $1 and id = $2', [
      bulk.tenantId,
      run.id,
      job.id,
    ]);
    await killWhenBlocked(client, worker);
    await client.query('commit');
    return { ...run, jobId: job.id };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

describe('a billing run whose worker is killed', () => {
  test('three kills (at the start, after a third, after four fifths) bill exactly what an uninterrupted run bills', async () => {
    const reference = await createBillingRun(context, { billingMonth: month }, today, {
      accountsPerBatch: ACCOUNTS_PER_BATCH,
    });
    await processBillingRun(testDatabase.database, bulk.tenantId, reference.id, today);
    const expected = await lines();
    expect(expected.length).toBeGreaterThan(100);
    await removeMonth();

    // 1. Killed while marking the run started.
    const run = await startRunAndKillAtStart();
    const total = run.progress.total;
    expect(total).toBeGreaterThanOrEqual(25);
    const killedAt: number[] = [0];
    expect(await runState(run.id)).toMatchObject({ status: 'queued', batches_done: 0 });

    // 2 and 3. Killed in the middle of a batch, after about a third and four fifths.
    for (const share of [1 / 3, 4 / 5]) {
      const target = Math.floor(total * share);
      const done = await killAt(run.id, target);
      killedAt.push(done);
      const state = await runState(run.id);
      expect(state).toMatchObject({ status: 'running', batches_done: done });
      expect(done).toBeLessThan(total);
      // Nothing of the batches in flight was kept: the lines are those of the batches done.
      const [written] = await query<{ lines: number; batch_lines: number }>(
        `select (select count(*)::int from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
                  where i.tenant_id = $1 and i.billing_month = $2) as lines,
                (select coalesce(sum(lines), 0)::int from billing_run_batches where tenant_id = $1 and run_id = $3 and status = 'done') as batch_lines`,
        [bulk.tenantId, month, run.id],
      );
      expect(written?.lines).toBe(written?.batch_lines);
    }
    expect(killedAt[1]).toBeGreaterThan(0);
    expect(killedAt[2]).toBeGreaterThan(killedAt[1] as number);

    // A last worker finishes the run.
    const last = await startWorker();
    const finished = await until(
      'the run to be completed by the last worker',
      async () => {
        const state = await runState(run.id);
        return state.status === 'completed' ? state : undefined;
      },
      { timeoutMs: 40_000, intervalMs: 100 },
    );
    expect(finished.batches_done).toBe(total);
    await last.stop('SIGTERM');

    const got = await lines();
    const missing = expected.filter((line) => !got.includes(line));
    const extra = got.length - expected.length + missing.length;
    expect({ missing: missing.length, extra }).toEqual({ missing: 0, extra: 0 });
    expect(got).toEqual(expected);
    const job = await jobs.get(bulk.tenantId, run.jobId as string);
    expect(job.status).toBe('completed');
    // Four workers took the job (a sweep may queue it once more than needed; that delivery finds it done).
    expect(job.attempts).toBeGreaterThanOrEqual(4);
  }, 120_000);
});
