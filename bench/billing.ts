// `npm run bench -- billing` (issue 5, quality.md): one month's billing run over the bulk data
// of `npm run seed:bulk` (1,000,000 line items, 100,000 billing accounts), through the code
// the job worker runs (createBillingRun + processBillingRun, the same batches), against the
// floor of a COPY of the same invoice-line rows measured in the same run:
// - floor: into a scratch table with invoice_lines' columns, indexes, foreign keys and
//   triggers as the catalog has them, i.e. what writing these rows into this schema costs at
//   the least (the median of three copies);
// - plain floor: into a scratch table with the columns and indexes only.
// Before the run the month is reset (bench-data.ts), so the figure can be taken again.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import {
  ACCOUNTS_PER_BATCH,
  BATCHES_AT_ONCE,
  createBillingRun,
  processBillingRun,
} from '../src/modules/billing/billing-run.service.js';
import { SYSTEM_ACTOR } from '../src/platform/context.js';
import { rowsOf } from '../src/platform/db/rows.js';
import {
  constraintsLike,
  copyToFile,
  cpuSeconds,
  loadAverage,
  openBenchData,
  resetMonth,
  timeCopyFrom,
  withPeakRss,
} from './bench-data.js';

const LINE_COLUMNS =
  'tenant_id, id, invoice_id, charge_kind, line_item_id, order_item_id, order_id, service_month, quantity, unit_price, amount, tax_rate, description, created_at';

const FLOOR_COPIES = 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The run's shape, as the worker has it unless these say otherwise (to compare). */
const accountsPerBatch = Number(process.env.BENCH_ACCOUNTS_PER_BATCH ?? ACCOUNTS_PER_BATCH);
const concurrency = Number(process.env.BENCH_BATCHES_AT_ONCE ?? BATCHES_AT_ONCE);

export async function billingBenchmark() {
  const data = await openBenchData();
  const { database, tenantId, billingMonth, today, url } = data;
  const file = path.join(os.tmpdir(), `keiyaku-bench-lines-${process.pid}.copy`);
  try {
    await resetMonth(data);
    await database.executeSql('checkpoint').catch(() => {}); // needs a superuser; only steadies the figure
    const counts = await database.inTenant(tenantId, async (tx) =>
      rowsOf<{ line_items: number; accounts: number }>(
        await tx.execute(sql`
          select (select count(*)::int from line_items where tenant_id = ${tenantId}) as line_items,
                 (select count(*)::int from billing_accounts where tenant_id = ${tenantId}) as accounts`),
      ),
    );
    const context = { database, tenantId, actor: SYSTEM_ACTOR, locale: 'ja' as const };
    const loadBefore = loadAverage();
    const cpuBefore = cpuSeconds();
    const { result, peakRssMb } = await withPeakRss(async () => {
      const started = performance.now();
      const created = await createBillingRun(context, { billingMonth }, today, { accountsPerBatch });
      const run = await processBillingRun(database, tenantId, created.id, today, undefined, { concurrency });
      return { run, seconds: (performance.now() - started) / 1000 };
    });
    const loadAfter = loadAverage();
    const cpuAfter = cpuSeconds();
    const { run, seconds } = result;
    if (run.status !== 'completed') throw new Error(`the run ended ${run.status}`);

    // Every draft's subtotal is the sum of its lines (prices are tax-exclusive in the bulk data).
    const [wrong] = await database.inTenant(tenantId, async (tx) =>
      rowsOf<{ n: number }>(
        await tx.execute(sql`
          select count(*)::int as n from invoices i
           where i.tenant_id = ${tenantId} and i.billing_month = ${billingMonth} and i.status = 'draft'
             and i.subtotal <> (select coalesce(sum(l.amount), 0) from invoice_lines l
                                 where l.tenant_id = i.tenant_id and l.invoice_id = i.id)`),
      ),
    );
    if (wrong?.n) throw new Error(`${wrong.n} invoices whose subtotal is not the sum of their lines`);

    // The floors: the run's own lines, copied out (untimed) and in again (timed).
    const lines = await copyToFile(
      url,
      `select ${LINE_COLUMNS} from invoice_lines l where l.tenant_id = '${tenantId}' and l.invoice_id in
         (select id from invoices where tenant_id = '${tenantId}' and billing_month = '${billingMonth}' and status = 'draft')`,
      file,
    );
    if (lines !== run.report.lines)
      throw new Error(`the run reports ${run.report.lines} lines, ${lines} found`);
    const scratch = 'bench_scratch_invoice_lines';
    const create = [
      `drop table if exists ${scratch}`,
      `create table ${scratch} (like invoice_lines including all)`,
    ];
    // Each floor, like the run, starts after a checkpoint: the run's own dirty pages are not
    // written out during the copy. The floor the ratio uses is the median of three copies
    // (one copy varies by a sixth from the next on the same machine); all three are printed.
    const checkpoint = () => database.executeSql('checkpoint').catch(() => {});
    const floorSamples: number[] = [];
    for (let copy = 0; copy < FLOOR_COPIES; copy += 1) {
      await checkpoint();
      const constrained = await timeCopyFrom(url, `${scratch} (${LINE_COLUMNS})`, file, [
        ...create,
        ...(await constraintsLike(url, 'invoice_lines', scratch)),
      ]);
      floorSamples.push(constrained.seconds);
    }
    const floorSeconds = median(floorSamples);
    await checkpoint();
    const plain = await timeCopyFrom(url, `${scratch} (${LINE_COLUMNS})`, file, create);
    await database.executeSql(`drop table if exists ${scratch}`);

    return {
      name: 'billing-run',
      n: run.report.lines,
      lineItems: counts[0]?.line_items,
      billingAccounts: counts[0]?.accounts,
      invoices: run.report.invoices,
      accountsPerBatch,
      batchesAtOnce: concurrency,
      billingMonth,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(run.report.lines / seconds),
      floorSeconds: Number(floorSeconds.toFixed(2)),
      floorSamples: floorSamples.map((sample) => Number(sample.toFixed(2))),
      ratio: Number((seconds / floorSeconds).toFixed(2)),
      plainFloorSeconds: Number(plain.seconds.toFixed(2)),
      plainRatio: Number((seconds / plain.seconds).toFixed(2)),
      peakRssMb,
      nodeCpuSeconds: Number((cpuAfter.node - cpuBefore.node).toFixed(1)),
      postgresCpuSeconds:
        cpuAfter.postgres === null || cpuBefore.postgres === null
          ? null
          : Number((cpuAfter.postgres - cpuBefore.postgres).toFixed(1)),
      loadAverage: [loadBefore, loadAfter],
    };
  } finally {
    fs.rmSync(file, { force: true });
    await database.close();
  }
}
