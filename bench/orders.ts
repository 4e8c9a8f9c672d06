// Placing and completing orders through the service layer (issue 4), on PostgreSQL at
// 127.0.0.1:5432, two ways:
// - one at a time (the order screen and POST /orders): 10,000 new orders, each placed
//   (contract, line item, order, order item, audit) and then completed (注文完了: line item
//   active, charge start date from the free period, audit), by a few concurrent workers as
//   several desks would;
// - 注文一括登録 (POST /orders/import): 10,000 new orders in one CSV, placed and completed at
//   once by the same rules, set-based.
// The setup (tenant, products, customers, on-sale agreements) goes through the HTTP API and
// is not timed.
import os from 'node:os';
import pg from 'pg';
import { createKeiyaku } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createTenantWithAdmin } from '../src/modules/identity/index.js';
import { completeOrder, placeOrder } from '../src/modules/ordering/order.service.js';
import { importOrders } from '../src/modules/ordering/order-import.service.js';
import type { TenantContext } from '../src/platform/context.js';
import { openPostgres } from '../src/platform/db/database.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 4);
/** Orders of the 注文一括登録 part, in one CSV (at most MAX_IMPORT_ROWS). */
const IMPORT_ORDERS = Number(process.env.BENCH_IMPORT_ORDERS ?? 10_000);
const POOL = 10;
const CUSTOMERS = 200;
const PRODUCTS = 5;

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Counts the statements sent to PostgreSQL (every pool client is a pg.Client). */
function countStatements(): { count: () => number } {
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements += 1;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return { count: () => statements };
}

export async function ordersBenchmark() {
  const name = `keiyaku_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(
    `create database ${name} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`,
  );
  const database = openPostgres(urlFor(name), { max: POOL });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  try {
    await database.migrate();
    const { tenantId, adminUserId } = await createTenantWithAdmin(database, {
      slug: 'bench',
      name: 'ベンチ株式会社',
      adminEmail: 'admin@bench.example',
      adminPassword: 'bench-password-1',
      adminName: '管理者',
    });

    // Setup through the API, as staff would.
    const config = { ...loadConfig({}), logLevel: 'warn', loginRateLimitPerMinute: 1000 };
    const { app } = await createKeiyaku(config, database, { serveWeb: false });
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'bench', email: 'admin@bench.example', password: 'bench-password-1' },
    });
    const cookie = login.cookies.find((c) => c.name === 'keiyaku_session');
    const headers = {
      cookie: `${cookie?.name}=${cookie?.value}`,
      'x-csrf-token': String(login.json().csrfToken),
    };
    const post = async (url: string, payload: object = {}) => {
      const response = await app.inject({ method: 'POST', url, headers, payload });
      if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
      return response.json();
    };
    const productIds: string[] = [];
    const productCodes: string[] = [];
    for (let index = 0; index < PRODUCTS; index++) {
      const product = await post('/api/v1/products', {
        code: `BENCH-${index}`,
        name: `ベンチ商品 ${index}`,
        taxCategory: 'standard',
        fulfilment: 'immediate',
        pricing: {
          pattern: 'initial_and_monthly',
          initialFee: 3000,
          monthlyFee: 1000,
          quantityLinkedInitialFee: false,
          freePeriod: { unit: 'month', length: 1 },
        },
      });
      await post(`/api/v1/products/${product.id}/publish`);
      productIds.push(product.id);
      productCodes.push(product.code);
    }
    const customerIds: string[] = [];
    const customerCodes: string[] = [];
    for (let index = 0; index < CUSTOMERS; index++) {
      const customer = await post('/api/v1/customers', {
        kind: 'organization',
        name: `ベンチ顧客${index}株式会社`,
        lifecycle: 'prospect',
      });
      await post('/api/v1/agreements', { customerId: customer.id, productIds, startNow: true });
      customerIds.push(customer.id);
      customerCodes.push(customer.code);
    }
    await app.close();

    const context: TenantContext = {
      database,
      tenantId,
      actor: { id: adminUserId, name: '管理者' },
      locale: 'ja',
      customerScope: null,
    };
    const analyzeOrdering = () =>
      database.executeSql('analyze contracts, line_items, orders, order_items, audit_log');
    const statements = countStatements();
    const before = statements.count();
    let next = 0;
    let placeMs = 0;
    let completeMs = 0;
    const worker = async () => {
      for (let index = next++; index < ORDERS; index = next++) {
        const t0 = performance.now();
        const order = await placeOrder(context, {
          kind: 'new',
          customerId: customerIds[index % CUSTOMERS] as string,
          contractName: `ベンチ契約 ${index}`,
          items: [{ productId: productIds[index % PRODUCTS] as string, quantity: 1 + (index % 3) }],
        });
        const t1 = performance.now();
        await completeOrder(context, order.id, { completedOn: order.orderedOn });
        placeMs += t1 - t0;
        completeMs += performance.now() - t1;
        // What autovacuum does in its first minute on a new database (50 changes make a table
        // due): fresh statistics, so the pooled connections plan their foreign-key checks again.
        // Without it, checks planned while the tables were one page long stay sequential scans
        // and each order costs more than the one before (10,000 orders: 99/s -> 79/s).
        if (index === 499) await analyzeOrdering();
      }
    };
    const loadBefore = os.loadavg()[0] ?? 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: WORKERS }, () => worker()));
    const seconds = (performance.now() - started) / 1000;
    const statementsPerOrder = (statements.count() - before) / ORDERS;
    const loadAfter = os.loadavg()[0] ?? 0;

    const completedOrders = async () => {
      const { rows } = await database.executeSql(
        `select count(*)::int as n from orders where status = 'completed' and tenant_id = $1`,
        [tenantId],
      );
      return Number(rows[0]?.n);
    };
    if ((await completedOrders()) !== ORDERS)
      throw new Error(`expected ${ORDERS} completed orders, found ${await completedOrders()}`);

    // 注文一括登録: the same kind of orders in one CSV, each row completed on its order date.
    // The tenant's today (Asia/Tokyo, the default time zone): sv-SE formats as YYYY-MM-DD.
    const orderedOn = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const csv = [
      '顧客コード,商品コード,数量,契約名,注文日,完了日',
      ...Array.from(
        { length: IMPORT_ORDERS },
        (_, index) =>
          `${customerCodes[index % CUSTOMERS]},${productCodes[index % PRODUCTS]},${1 + (index % 3)},一括契約 ${index},${orderedOn},${orderedOn}`,
      ),
    ].join('\r\n');
    // Again what autovacuum does within a minute of 10,000 new orders (without it, the
    // import's checks of the rows it writes run on plans made for tables of 500 orders:
    // 9 s -> 100 s).
    await analyzeOrdering();
    const importLoadBefore = os.loadavg()[0] ?? 0;
    const statementsBeforeImport = statements.count();
    const importStarted = performance.now();
    const imported = await importOrders(context, csv, false);
    const importSeconds = (performance.now() - importStarted) / 1000;
    const importStatements = statements.count() - statementsBeforeImport;
    if (imported.completedOrders !== IMPORT_ORDERS || (await completedOrders()) !== ORDERS + IMPORT_ORDERS)
      throw new Error(`expected ${IMPORT_ORDERS} imported completed orders, got ${imported.completedOrders}`);
    return {
      name: 'orders',
      n: ORDERS,
      seconds: Number(seconds.toFixed(2)),
      perSecond: Math.round(ORDERS / seconds),
      workers: WORKERS,
      pool: POOL,
      statementsPerOrder: Number(statementsPerOrder.toFixed(1)),
      placeMsAvg: Number((placeMs / ORDERS).toFixed(2)),
      completeMsAvg: Number((completeMs / ORDERS).toFixed(2)),
      import: {
        n: IMPORT_ORDERS,
        seconds: Number(importSeconds.toFixed(2)),
        perSecond: Math.round(IMPORT_ORDERS / importSeconds),
        statements: importStatements,
        loadAverage: [Number(importLoadBefore.toFixed(2)), Number((os.loadavg()[0] ?? 0).toFixed(2))],
      },
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      // The machine's 1-minute load average before and after: other work on the same cores shows here.
      loadAverage: [Number(loadBefore.toFixed(2)), Number(loadAfter.toFixed(2))],
    };
  } finally {
    clearInterval(sampler);
    await database.close().catch(() => {});
    // BENCH_KEEP_DATABASE=1 keeps the database to look into afterwards (its name is printed).
    if (process.env.BENCH_KEEP_DATABASE) console.error(`kept database ${name}`);
    else await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
