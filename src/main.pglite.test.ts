// The PGlite smoke suite (issue 3 item 9): the real server process on the embedded database,
// as `npm start` runs it on a fresh machine: start, migrate, seed the demo tenant, log in,
// one write and one read; stop with SIGTERM; start again on the same data directory and find
// the data still there, the migrations re-run harmlessly and the demo not seeded twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HttpSession, type ServerProcess, startServer } from './test/server-process.js';

const DEMO = { tenant: 'demo', email: 'admin@demo.example', password: 'keiyaku-demo-2026' };

let dataDir: string;
let server: ServerProcess | undefined;

const start = () => startServer({ DATA_DIR: dataDir, SEED_DEMO: 'true' }, { readyTimeoutMs: 60_000 });

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keiyaku-pglite-'));
  server = await start();
}, 90_000);

afterAll(async () => {
  if (server) await server.stop('SIGKILL', 5000).catch(() => {});
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface OrgUnit {
  id: string;
  name: string;
  code: string | null;
}

describe('the server on the embedded PGlite', () => {
  test('answers /healthz, /readyz, the OpenAPI 3.1 document and the API reference', async () => {
    const { url } = server!;
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });

    const openapi = await fetch(`${url}/api/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(openapi.headers.get('content-type')).toContain('application/json');
    const document = (await openapi.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/org-units', '/api/v1/jobs/{id}/events']),
    );

    const docs = await fetch(`${url}/api/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
    expect((await docs.text()).toLowerCase()).toContain('<html');
  });

  test('the demo admin logs in, writes and reads; after SIGTERM and a restart on the same DATA_DIR the data is still there', async () => {
    // The start-up message tells how to log in.
    expect(server!.output()).toContain(
      `Log in with 会社ID "${DEMO.tenant}", ${DEMO.email} / ${DEMO.password}`,
    );
    expect(server!.output()).toContain(`embedded PGlite in ${dataDir}`);
    expect(server!.output()).toContain('demo tenant created');

    const first = new HttpSession(server!.url);
    const me = await first.login(DEMO.tenant, DEMO.email, DEMO.password);
    expect(me).toMatchObject({ email: DEMO.email, roles: ['admin'], devOutbox: true });

    const created = await first.json<OrgUnit>('POST', '/api/v1/org-units', {
      name: '永続化テスト支店',
      code: 'PERSIST',
    });
    expect(created.status).toBe(201);
    const units = await first.json<{ items: OrgUnit[] }>('GET', '/api/v1/org-units');
    expect(units.body.items).toContainEqual(
      expect.objectContaining({ id: created.body.id, name: '永続化テスト支店' }),
    );
    const usersBefore = (await first.json<{ items: unknown[] }>('GET', '/api/v1/users?limit=200')).body.items
      .length;
    expect(usersBefore).toBe(7); // the demo admin and six demo staff

    // SIGTERM: a clean exit that releases the data directory.
    const exit = await server!.stop('SIGTERM', 20_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
    server = undefined;

    server = await start();
    expect(server.output()).not.toContain('demo tenant created');
    const second = new HttpSession(server.url);
    await second.login(DEMO.tenant, DEMO.email, DEMO.password);
    const after = await second.json<{ items: OrgUnit[] }>('GET', '/api/v1/org-units');
    expect(after.body.items).toHaveLength(units.body.items.length);
    expect(after.body.items.filter((unit) => unit.code === 'PERSIST')).toEqual([created.body]);
    const usersAfter = (await second.json<{ items: unknown[] }>('GET', '/api/v1/users?limit=200')).body.items
      .length;
    expect(usersAfter).toBe(usersBefore);
    // The audit trail survived too.
    const audit = await second.json<{ items: { action: string }[] }>(
      'GET',
      `/api/v1/audit?entity=org_unit&id=${created.body.id}`,
    );
    expect(audit.body.items.map((entry) => entry.action)).toEqual(['create']);
  });

  test('jobs run on the embedded database: a job started from スケジュール済プロセス completes with its log', async () => {
    const session = new HttpSession(server!.url);
    await session.login(DEMO.tenant, DEMO.email, DEMO.password);
    const queued = await session.json<{ id: string; status: string }>('POST', '/api/v1/jobs', {
      kind: 'maintenance.cleanup',
    });
    expect(queued.status).toBe(202);
    let job:
      | { status: string; progress: { done: number; total: number }; log: { code: string }[] }
      | undefined;
    for (let attempt = 0; attempt < 120; attempt++) {
      const read = await session.json<NonNullable<typeof job>>('GET', `/api/v1/jobs/${queued.body.id}`);
      if (read.body.status === 'completed' || read.body.status === 'failed') {
        job = read.body;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(job?.status).toBe('completed');
    expect(job?.progress.done).toBe(job?.progress.total);
    expect(job?.log.map((line) => line.code)).toEqual(expect.arrayContaining(['cleanup.outbox']));
  });

  test('注文一括登録 runs on the embedded database (one connection: its numbers are taken in the import’s transaction)', async () => {
    const session = new HttpSession(server!.url);
    await session.login(DEMO.tenant, DEMO.email, DEMO.password);
    const product = await session.json<{ id: string; code: string }>('POST', '/api/v1/products', {
      code: 'PGLITE-IMPORT',
      name: '一括登録の商品',
      taxCategory: 'standard',
      fulfilment: 'immediate',
      pricing: {
        pattern: 'monthly_only',
        initialFee: 0,
        monthlyFee: 1000,
        quantityLinkedInitialFee: false,
        freePeriod: { unit: 'month', length: 0 },
      },
    });
    expect(product.status).toBe(201);
    expect((await session.json('POST', `/api/v1/products/${product.body.id}/publish`)).status).toBe(200);
    const customer = await session.json<{ id: string; code: string }>('POST', '/api/v1/customers', {
      kind: 'organization',
      name: '株式会社一括登録',
      lifecycle: 'prospect',
    });
    expect(customer.status).toBe(201);
    const agreement = await session.json('POST', '/api/v1/agreements', {
      customerId: customer.body.id,
      productIds: [product.body.id],
      startNow: true,
    });
    expect(agreement.status).toBe(201);
    // The tenant's today (Asia/Tokyo): sv-SE formats as YYYY-MM-DD.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const csv = [
      '顧客コード,商品コード,数量,契約キー,完了日',
      `${customer.body.code},${product.body.code},2,A,${today}`,
      `${customer.body.code},${product.body.code},1,A,`,
    ].join('\r\n');
    const response = await session.send('POST', '/api/v1/orders/import', csv, 'text/csv');
    const imported = (await response.json()) as {
      applied: boolean;
      orders: number;
      rows: { orderNumber: string }[];
    };
    expect(response.status, JSON.stringify(imported)).toBe(200);
    expect(imported).toMatchObject({ applied: true, orders: 1 });
    expect(imported.rows.map((row) => row.orderNumber)).toEqual([
      expect.stringMatching(/^O\d{6}$/),
      imported.rows[0]?.orderNumber,
    ]);
  });

  test('a second server on the same DATA_DIR is refused while the first runs', async () => {
    await expect(
      startServer({ DATA_DIR: dataDir, SEED_DEMO: 'true' }, { readyTimeoutMs: 30_000 }),
    ).rejects.toThrow(/in use by process/);
    // The running one is unharmed.
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);
  });
});
