// What the billing benchmarks share: the bench database made by `npm run seed:bulk`, its
// tenant and month, a reset of that month (the run's drafts removed, so the run can be timed
// again), COPY through pg-copy-streams, and the figures of the machine.
import fs from 'node:fs';
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { addMonths } from '../src/modules/billing/billing-month.rules.js';
import { type Database, openPostgres } from '../src/platform/db/database.js';
import { rowsOf } from '../src/platform/db/rows.js';
import { DEFAULT_BENCH_URL } from './bulk-data.js';

export interface BenchData {
  url: string;
  database: Database;
  tenantId: string;
  /** The month the bulk data are ready to be billed for. */
  billingMonth: string;
  /** A "today" after that month (the run refuses a month that has not ended). */
  today: string;
}

export async function openBenchData(options: { pool?: number } = {}): Promise<BenchData> {
  const url = process.env.DATABASE_URL || DEFAULT_BENCH_URL;
  const database = openPostgres(url, { max: options.pool ?? 10 });
  await database.migrate();
  const tenants = await database.executeSql(`select id from tenants where slug = 'bench'`);
  const tenantId = tenants.rows[0]?.id as string | undefined;
  if (!tenantId) {
    await database.close();
    throw new Error(`no bench tenant in ${url}: run \`npm run seed:bulk\` first`);
  }
  // The bulk data hold the issued invoices of M-1; the benchmarks bill M.
  const [billed] = await database.inTenant(tenantId, async (tx) =>
    rowsOf<{ month: string }>(
      await tx.execute(
        sql`select max(billing_month) as month from invoices where tenant_id = ${tenantId} and status = 'issued'`,
      ),
    ),
  );
  if (!billed?.month)
    throw new Error('the bench tenant has no issued invoices: run `npm run seed:bulk -- --fresh`');
  const billingMonth = addMonths(billed.month, 1);
  return { url, database, tenantId, billingMonth, today: `${addMonths(billingMonth, 1)}-01` };
}

/**
 * Removes what billing runs of the month wrote (its drafts with their lines, its runs), so a
 * run can be timed again on the data as seeded; when lines were removed, the indexes they
 * leave bloated are rebuilt. Answers the number of lines removed.
 */
export async function resetMonth(data: BenchData): Promise<number> {
  const { database, tenantId, billingMonth } = data;
  const removed = await database.inTenant(tenantId, async (tx) => {
    const lines = rowsOf<{ n: number }>(
      await tx.execute(sql`
        with gone as (
          delete from invoice_lines l using invoices i
           where l.tenant_id = ${tenantId} and i.tenant_id = l.tenant_id and i.id = l.invoice_id
             and i.billing_month = ${billingMonth} and i.status = 'draft'
          returning 1)
        select count(*)::int as n from gone`),
    );
    await tx.execute(
      sql`delete from invoices where tenant_id = ${tenantId} and billing_month = ${billingMonth} and status = 'draft'`,
    );
    await tx.execute(sql`
      delete from billing_run_batches b using billing_runs r
       where b.tenant_id = ${tenantId} and r.tenant_id = b.tenant_id and r.id = b.run_id and r.billing_month = ${billingMonth}`);
    await tx.execute(
      sql`delete from billing_runs where tenant_id = ${tenantId} and billing_month = ${billingMonth}`,
    );
    return lines[0]?.n ?? 0;
  });
  if (removed > 0) {
    await database.executeSql('reindex table invoice_lines');
    await database.executeSql('reindex table invoices');
  }
  await database.executeSql('vacuum (analyze) invoice_lines');
  await database.executeSql('vacuum (analyze) invoices');
  await database.executeSql('vacuum (analyze) billing_runs');
  return removed;
}

/** Streams `COPY ... TO STDOUT` into a file; answers the rows copied. */
export async function copyToFile(url: string, query: string, file: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const stream = client.query(copyTo(`copy (${query}) to stdout`));
    await pipeline(stream, fs.createWriteStream(file));
    return stream.rowCount;
  } finally {
    await client.end();
  }
}

/** Times `COPY table FROM STDIN` of a file, after `setup` statements (untimed) on the same connection. */
export async function timeCopyFrom(
  url: string,
  table: string,
  file: string,
  setup: string[] = [],
): Promise<{ seconds: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of setup) await client.query(statement);
    const started = performance.now();
    const stream = client.query(copyFrom(`copy ${table} from stdin`));
    await pipeline(fs.createReadStream(file), stream);
    return { seconds: (performance.now() - started) / 1000, rows: stream.rowCount };
  } finally {
    await client.end();
  }
}

/**
 * The statements that give `scratch` the foreign keys and triggers `table` has now, read from
 * the catalog, so a floor measured into the scratch table checks what an insert into the real
 * table checks (whatever the migrations made of it).
 */
export async function constraintsLike(url: string, table: string, scratch: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const keys = await client.query<{ def: string }>(
      `select pg_get_constraintdef(oid) as def from pg_constraint
        where conrelid = $1::regclass and contype = 'f' order by conname`,
      [table],
    );
    const triggers = await client.query<{ name: string; def: string }>(
      `select tgname as name, pg_get_triggerdef(oid) as def from pg_trigger
        where tgrelid = $1::regclass and not tgisinternal order by tgname`,
      [table],
    );
    return [
      ...keys.rows.map((key) => `alter table ${scratch} add ${key.def}`),
      ...triggers.rows.map((trigger) =>
        trigger.def
          .replace(`TRIGGER ${trigger.name} `, `TRIGGER ${scratch}_${trigger.name} `)
          .replace(new RegExp(` ON (public\\.)?${table} `), ` ON ${scratch} `),
      ),
    ];
  } finally {
    await client.end();
  }
}

/**
 * CPU seconds (user + system) spent so far by this process and by the machine's postgres
 * processes (from /proc, so only where the server runs on this machine; null elsewhere).
 */
export function cpuSeconds(): { node: number; postgres: number | null } {
  const usage = process.cpuUsage();
  const node = (usage.user + usage.system) / 1e6;
  let postgres: number | null = null;
  try {
    const tick = 100; // USER_HZ on Linux
    postgres = 0;
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (!name.startsWith('postgres')) continue;
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime, stime, cutime, cstime (fields 14-17 of stat; 12-15 after the name)
        postgres += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0) / tick;
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    postgres = null;
  }
  return { node, postgres };
}

/** Peak resident memory of this process, sampled every 100 ms while `work` runs. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 100);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakRssMb: Math.round(peak / 1024 / 1024) };
  } finally {
    clearInterval(sampler);
  }
}

/** The 1-minute load average: other work on the same two cores shows here. */
export const loadAverage = () => Number((os.loadavg()[0] ?? 0).toFixed(2));
