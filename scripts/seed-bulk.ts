// `npm run seed:bulk -- [--customers N] [--line-items M] [--month YYYY-MM] [--fresh]`: the bench
// tenant (slug `bench`) with N customers / billing accounts and M line items, ready to be
// billed for the month (default: the month before today), in DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/keiyaku_bench, created when missing and migrated).
// `--fresh` drops and recreates that database first. bench/bulk-data.ts says what is made.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DEFAULT_BENCH_URL, seedBulk } from '../bench/bulk-data.js';
import { openPostgres } from '../src/platform/db/database.js';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '100000' },
    'line-items': { type: 'string', default: '1000000' },
    month: { type: 'string' },
    fresh: { type: 'boolean', default: false },
  },
});

const url = process.env.DATABASE_URL || DEFAULT_BENCH_URL;
const customers = Number(values.customers);
const lineItems = Number(values['line-items']);
const lastMonth = new Date();
lastMonth.setUTCDate(1);
lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
const billingMonth = values.month ?? lastMonth.toISOString().slice(0, 7);
if (!Number.isInteger(customers) || customers < 1 || !Number.isInteger(lineItems) || lineItems < 1)
  throw new Error('--customers and --line-items must be positive whole numbers');
if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(billingMonth)) throw new Error('--month must be YYYY-MM');

const name = new URL(url).pathname.slice(1);
const adminUrl = new URL(url);
adminUrl.pathname = '/postgres';
const admin = new pg.Client({ connectionString: adminUrl.toString() });
await admin.connect();
const quoted = `"${name.replaceAll('"', '""')}"`;
if (values.fresh) await admin.query(`drop database if exists ${quoted} with (force)`);
const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
if (exists.rowCount === 0) {
  await admin.query(
    `create database ${quoted} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`,
  );
}
await admin.end();

const database = openPostgres(url, { max: 2 });
try {
  await database.migrate();
  const taken = await database.executeSql(`select id from tenants where slug = 'bench'`);
  if (taken.rows.length > 0) {
    process.stderr.write(
      `${name} already holds the bench tenant: use --fresh to drop and recreate the database\n`,
    );
    process.exitCode = 1;
  } else {
    const started = performance.now();
    const tenant = await seedBulk(database, { customers, lineItems, billingMonth }, (step, seconds) =>
      process.stderr.write(`${step}: ${seconds.toFixed(1)} s\n`),
    );
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(
      `${JSON.stringify({ database: name, tenantId: tenant.tenantId, slug: tenant.slug, customers, lineItems, billingMonth, seconds: Number(seconds.toFixed(1)) })}\n`,
    );
  }
} finally {
  await database.close();
}
