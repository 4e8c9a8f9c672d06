// The platform's per-request cost: an authenticated `GET /api/v1/auth/me` (session lookup
// under RLS, user and tenant reads) through the real HTTP server, against the same three
// queries through a bare `pg` pool as the floor. PostgreSQL on 127.0.0.1:5432.
import autocannon from 'autocannon';
import pg from 'pg';
import { createKeiyaku } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createTenantWithAdmin } from '../src/modules/identity/index.js';
import { openPostgres } from '../src/platform/db/database.js';

const ADMIN_URL = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 20;

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function fire(url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS, headers });
  return {
    requests: result.requests.total,
    perSecond: result.requests.average,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

export async function apiMeBenchmark() {
  const name = `keiyaku_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(
    `create database ${name} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`,
  );
  const database = openPostgres(urlFor(name), { max: 10 });
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 200);
  try {
    await database.migrate();
    await createTenantWithAdmin(database, {
      slug: 'bench',
      name: 'ベンチ株式会社',
      adminEmail: 'admin@bench.example',
      adminPassword: 'bench-password-1',
    });
    const config = { ...loadConfig({}), logLevel: 'warn', loginRateLimitPerMinute: 1000 };
    const { app } = await createKeiyaku(config, database, { serveWeb: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'bench', email: 'admin@bench.example', password: 'bench-password-1' }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const measured = await fire(`http://127.0.0.1:${port}/api/v1/auth/me`, { cookie });
    await app.close();

    // Floor: the same reads through a bare pool behind a bare node:http server.
    const pool = new pg.Pool({ connectionString: urlFor(name), max: 10 });
    const http = await import('node:http');
    const server = http.createServer(async (_request, response) => {
      const client = await pool.connect();
      try {
        const session = await client.query('select user_id, tenant_id from sessions limit 1');
        const row = session.rows[0];
        const user = await client.query('select * from users where tenant_id = $1 and id = $2', [
          row.tenant_id,
          row.user_id,
        ]);
        const tenant = await client.query('select * from tenants where id = $1', [row.tenant_id]);
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ user: user.rows[0]?.email, tenant: tenant.rows[0]?.slug }));
      } finally {
        client.release();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const floorAddress = server.address();
    const floorPort = typeof floorAddress === 'object' && floorAddress ? floorAddress.port : 0;
    const floor = await fire(`http://127.0.0.1:${floorPort}/`, {});
    server.close();
    await pool.end();
    return {
      name: 'api-me',
      n: measured.requests,
      seconds: DURATION_SECONDS,
      perSecond: Math.round(measured.perSecond),
      p99Ms: measured.p99Ms,
      errors: measured.errors,
      peakRssMb: Math.round(peakRss / 1024 / 1024),
      floorPerSecond: Math.round(floor.perSecond),
      floorP99Ms: floor.p99Ms,
      ratioToFloor: Number((measured.perSecond / floor.perSecond).toFixed(2)),
    };
  } finally {
    clearInterval(sampler);
    await database.close().catch(() => {});
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
