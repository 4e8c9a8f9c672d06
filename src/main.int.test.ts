// The real server process on a PostgreSQL server (DATABASE_URL), on the port PORT names;
// graceful shutdown on SIGTERM: a request in flight completes, new ones are turned away,
// and the process exits 0.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestTenant, type TestTenant } from './test/app.js';
import { createTestDatabase, type TestDatabase } from './test/database.js';
import { until } from './test/poll.js';
import { freePort, HttpSession, type ServerProcess, startServer } from './test/server-process.js';

let testDatabase: TestDatabase;
let tenant: TestTenant;
let server: ServerProcess | undefined;
let port: number;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ max: 2 });
  tenant = await createTestTenant(testDatabase.database);
  port = await freePort();
  server = await startServer({ DATABASE_URL: testDatabase.url, PORT: String(port) });
}, 90_000);

afterAll(async () => {
  if (server) await server.stop('SIGKILL', 5000).catch(() => {});
  await testDatabase?.drop();
});

/** Whether a request to /readyz is turned away: 503 while closing, or no connection at all. */
async function turnedAway(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 503;
  } catch {
    return true; // connection refused or reset
  }
}

describe('the server on PostgreSQL', () => {
  test('listens on PORT, uses DATABASE_URL and serves the tenant created there', async () => {
    expect(server!.url).toBe(`http://127.0.0.1:${port}`);
    expect(server!.output()).toContain(`Keiyaku is running: http://localhost:${port}`);
    expect(server!.output()).toContain('database: PostgreSQL (DATABASE_URL)');
    // No demo tenant on a PostgreSQL server unless asked for.
    expect(server!.output()).not.toContain('Log in with');

    const ready = await fetch(`${server!.url}/readyz`);
    expect(ready.status).toBe(200);
    const session = new HttpSession(server!.url);
    const me = await session.login(tenant.slug, tenant.adminEmail, tenant.adminPassword);
    expect(me).toMatchObject({ email: tenant.adminEmail, tenant: { slug: tenant.slug } });
    const demo = await new HttpSession(server!.url).request('POST', '/api/v1/auth/login', {
      tenant: 'demo',
      email: 'admin@demo.example',
      password: 'keiyaku-demo-2026',
    });
    expect(demo.status).toBe(401);

    // A write through the server lands in the database named by DATABASE_URL.
    const created = await session.json<{ id: string }>('POST', '/api/v1/org-units', { name: 'PG 支店' });
    expect(created.status).toBe(201);
    const { rows } = await testDatabase.database.executeSql('select name from org_units where id = $1', [
      created.body.id,
    ]);
    expect(rows).toEqual([{ name: 'PG 支店' }]);
  });

  test('SIGTERM: the request in flight completes with its answer, new requests are turned away, exit code 0', async () => {
    const session = new HttpSession(server!.url);
    await session.login(tenant.slug, tenant.adminEmail, tenant.adminPassword);

    // Hold a request in flight: another connection locks org_units, so the insert waits.
    const blocker = new pg.Client({ connectionString: testDatabase.url });
    await blocker.connect();
    let inFlight: Promise<Response> | undefined;
    let released = 0;
    try {
      await blocker.query('begin');
      await blocker.query('lock table org_units in exclusive mode');
      inFlight = session.request('POST', '/api/v1/org-units', { name: '停止中の支店' });
      await until('the request to wait on the lock', async () => {
        const { rows } = await blocker.query(
          `select count(*)::int as n from pg_locks l join pg_class c on c.oid = l.relation
            where c.relname = 'org_units' and not l.granted`,
        );
        return rows[0].n > 0;
      });

      server!.child.kill('SIGTERM');
      // The server stops taking requests while the one in flight still runs ...
      await until('new requests to be turned away', () => turnedAway(server!.url), { timeoutMs: 5000 });
      expect(server!.child.exitCode).toBeNull();

      released = Date.now();
      await blocker.query('commit');
    } finally {
      await blocker.query('rollback').catch(() => {});
      await blocker.end();
    }

    // ... which completes with its answer ...
    const response = await inFlight!;
    expect(response.status).toBe(201);
    const unit = (await response.json()) as { id: string; name: string };
    expect(unit.name).toBe('停止中の支店');

    // ... and then the process exits 0, within a few seconds.
    const exit = await server!.stop('SIGTERM', 15_000);
    const stoppedIn = Date.now() - released;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stoppedIn).toBeLessThan(5000);
    expect(server!.output()).toContain('shutting down');
    server = undefined;

    expect(await turnedAway(`http://127.0.0.1:${port}`)).toBe(true);
    const { rows } = await testDatabase.database.executeSql('select name from org_units where id = $1', [
      unit.id,
    ]);
    expect(rows).toEqual([{ name: '停止中の支店' }]);
  });
});
