// `npm run bench -- billing-crash` (issue 5 "Bad input and failure"): a billing run carried
// out by the real server process (src/main.ts with its job worker) that is killed with
// SIGKILL at 20 random points, each time started again; the sweep of the new process
// resumes the run (BILLING_RESUME_AFTER_SECONDS=1). The lines at the end are compared with
// those of an uninterrupted run of the same month: it prints how many are missing and how
// many are there twice (or more), and fails unless both are 0.
//
// A kill point is a number of committed batches, drawn at random below the run's total, and
// a random delay of up to 50 ms after the worker reached it, so kills land between batches,
// in the middle of one (its lines written, not committed) and while a worker starts. The
// data are the bulk generator's (bench/bulk-data.ts) at a small size in a database of their
// own, created and dropped: BENCH_CRASH_CUSTOMERS (default 2,000), BENCH_CRASH_LINE_ITEMS
// (20,000), BENCH_CRASH_KILLS (20), BENCH_SEED (random; printed, to repeat a run).
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { addMonths } from '../src/modules/billing/billing-month.rules.js';
import {
  BILLING_RUN_JOB,
  createBillingRun,
  processBillingRun,
  startBillingRun,
} from '../src/modules/billing/billing-run.service.js';
import { SYSTEM_ACTOR, type TenantContext } from '../src/platform/context.js';
import { openPostgres } from '../src/platform/db/database.js';
import { JobService } from '../src/platform/jobs/service.js';
import { until } from '../src/test/poll.js';
import { type ServerProcess, startServer } from '../src/test/server-process.js';
import { seedBulk } from './bulk-data.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CUSTOMERS = Number(process.env.BENCH_CRASH_CUSTOMERS ?? 2000);
const LINE_ITEMS = Number(process.env.BENCH_CRASH_LINE_ITEMS ?? 20_000);
const KILLS = Number(process.env.BENCH_CRASH_KILLS ?? 20);
/** Small batches, so that a run has many more batches than kill points. */
const ACCOUNTS_PER_BATCH = 10;

/** mulberry32: a small seeded generator, so a run can be repeated with BENCH_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Lines as comparable text (the ids of the lines themselves differ between runs). */
const LINES = `select concat_ws(' ', i.billing_account_id, i.sequence, l.charge_kind, l.line_item_id, l.order_item_id,
                 l.service_month, l.quantity, l.unit_price, l.amount, l.tax_rate) as line
   from invoice_lines l join invoices i on i.tenant_id = l.tenant_id and i.id = l.invoice_id
  where i.tenant_id = $1 and i.billing_month = $2`;

/** How many of `expected` are not in `got`, and how many of `got` are extra (twice or not expected). */
export function compareLines(expected: string[], got: string[]): { missing: number; duplicated: number } {
  const counts = new Map<string, number>();
  for (const line of expected) counts.set(line, (counts.get(line) ?? 0) + 1);
  let duplicated = 0;
  for (const line of got) {
    const left = counts.get(line) ?? 0;
    if (left > 0) counts.set(line, left - 1);
    else duplicated += 1;
  }
  let missing = 0;
  for (const left of counts.values()) missing += left;
  return { missing, duplicated };
}

export async function billingCrashBenchmark() {
  const seed = Number(process.env.BENCH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const next = random(seed);
  const name = `keiyaku_bench_crash_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(
    `create database ${name} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`,
  );
  const url = urlFor(name);
  const database = openPostgres(url, { max: 4 });
  const servers: ServerProcess[] = [];
  const jobs = new JobService(database);
  const started = performance.now();
  try {
    await database.migrate();
    // The workers bill with the real clock: the month just ended in Tokyo.
    const today = Temporal.Now.plainDateISO('Asia/Tokyo').toString();
    const month = addMonths(today.slice(0, 7), -1);
    const tenant = await seedBulk(database, {
      customers: CUSTOMERS,
      lineItems: LINE_ITEMS,
      billingMonth: month,
      slug: 'crash',
    });
    const tenantId = tenant.tenantId;
    const context: TenantContext = { database, tenantId, actor: SYSTEM_ACTOR, locale: 'ja' };
    const query = async <T>(text: string, values: unknown[] = []) =>
      (await database.executeSql(text, values)).rows as T[];
    const lines = async () =>
      (await query<{ line: string }>(LINES, [tenantId, month])).map((row) => row.line);

    // The uninterrupted run, in this process; then its drafts go.
    const reference = await createBillingRun(context, { billingMonth: month }, today, {
      accountsPerBatch: ACCOUNTS_PER_BATCH,
    });
    await processBillingRun(database, tenantId, reference.id, today);
    const expected = await lines();
    await query(
      `delete from invoice_lines l using invoices i where l.tenant_id = $1 and i.tenant_id = l.tenant_id
          and i.id = l.invoice_id and i.billing_month = $2 and i.status = 'draft'`,
      [tenantId, month],
    );
    await query(`delete from invoices where tenant_id = $1 and billing_month = $2 and status = 'draft'`, [
      tenantId,
      month,
    ]);

    // This process only queues the job; the server processes carry it out.
    jobs.define({
      kind: BILLING_RUN_JOB,
      runnableByUsers: false,
      expireInSeconds: 60 * 60,
      handler: async () => {
        throw new Error('the benchmark process does not work on jobs');
      },
    });
    await jobs.start({ work: false });
    const run = await startBillingRun(context, { billingMonth: month }, jobs, undefined, {
      accountsPerBatch: ACCOUNTS_PER_BATCH,
    });
    const total = run.progress.total;
    const state = async () => {
      const [row] = await query<{ status: string; batches_done: number }>(
        'select status, batches_done from billing_runs where tenant_id = $1 and id = $2',
        [tenantId, run.id],
      );
      return { status: row?.status ?? 'missing', done: Number(row?.batches_done) };
    };
    const startWorker = async () => {
      const server = await startServer({
        DATABASE_URL: url,
        LOG_LEVEL: 'warn',
        BILLING_RESUME_AFTER_SECONDS: '1',
      });
      servers.push(server);
      return server;
    };

    // The kill points: batches committed, drawn below the total, in order.
    const targets = Array.from({ length: KILLS }, () => Math.floor(next() * (total - 1))).sort(
      (a, b) => a - b,
    );
    const kills: { target: number; delayMs: number; batchesDone: number }[] = [];
    for (const target of targets) {
      const worker = await startWorker();
      const reached = await until(
        `the run to reach ${target} of ${total} batches`,
        async () => {
          const now = await state();
          return now.done >= target || now.status === 'completed' ? now : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 5 },
      );
      if (reached.status === 'completed') {
        await worker.stop('SIGKILL', 5000);
        throw new Error(
          `the run completed before kill ${kills.length + 1} (at ${target} of ${total} batches)`,
        );
      }
      const delayMs = Math.floor(next() * 50);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      worker.child.kill('SIGKILL');
      await worker.exited;
      kills.push({ target, delayMs, batchesDone: (await state()).done });
    }

    // A last worker finishes the run.
    const last = await startWorker();
    const finished = await until(
      'the run to be completed by the last worker',
      async () => {
        const now = await state();
        return now.status === 'completed' ? now : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 50 },
    );
    await last.stop('SIGTERM');
    const got = await lines();
    const { missing, duplicated } = compareLines(expected, got);
    const result = {
      name: 'billing-crash',
      n: expected.length,
      seed,
      batches: total,
      kills: kills.length,
      batchesDoneAtKills: kills.map((kill) => kill.batchesDone),
      finishedBatches: finished.done,
      lines: got.length,
      missing,
      duplicated,
      seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    };
    if (missing > 0 || duplicated > 0 || kills.length < KILLS) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      throw new Error(`after ${kills.length} kills: ${missing} lines missing, ${duplicated} duplicated`);
    }
    return result;
  } finally {
    for (const server of servers) await server.stop('SIGKILL', 5000).catch(() => {});
    await jobs.stop(1000, { graceful: false }).catch(() => {});
    await database.close().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
    await admin.end();
  }
}
