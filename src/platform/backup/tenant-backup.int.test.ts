// `keiyaku backup` / `keiyaku restore` round-trip a tenant (quality.md): a tenant with an org
// tree, a customer, an order completed, a month billed, an invoice issued and paid is backed
// up by the command from one database and restored by the command into a fresh one; every
// table then holds the same rows for it, its admin logs in there and sees the invoice, and
// a second restore is refused. The other tenant of the first database stays out.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createKeiyaku } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createBillingRun, processBillingRun } from '../../modules/billing/billing-run.service.js';
import { createTestTenant, loginAs, useTestApp } from '../../test/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { orderingFixture } from '../../test/ordering.js';
import { SYSTEM_ACTOR } from '../context.js';
import type { Database } from '../db/database.js';
import { projectRoot } from '../db/database.js';
import { LEFT_OUT_OF_BACKUPS, restoreTenant } from './tenant-backup.js';

const app = useTestApp();
const TODAY = '2026-12-02';
let target: TestDatabase;
const file = path.join(os.tmpdir(), `keiyaku-backup-test-${process.pid}.gz`);

beforeAll(async () => {
  target = await createTestDatabase({ max: 3 });
}, 60_000);

afterAll(async () => {
  fs.rmSync(file, { force: true });
  await target?.drop();
});

function keiyaku(
  args: string[],
  databaseUrl: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KEIYAKU_CLI_FROM_SOURCE: '1', DATABASE_URL: databaseUrl };
  delete env.DATA_DIR;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/keiyaku.js', ...args],
      { cwd: projectRoot(), env, timeout: 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

/** Every row of every table of the tenant, as PostgreSQL's JSON, in a stable order. */
async function snapshot(database: Database, tenantId: string): Promise<Record<string, string>> {
  const { rows: tables } = await database.executeSql(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and not (c.relname = any($1::text[]))
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id')
      order by 1`,
    [[...LEFT_OUT_OF_BACKUPS]],
  );
  const result: Record<string, string> = {};
  for (const { name } of tables as { name: string }[]) {
    const { rows } = await database.executeSql(
      `select coalesce(jsonb_agg(x order by x::text), '[]')::text as rows
         from (select to_jsonb(t) as x from ${name} t where tenant_id = $1) s`,
      [tenantId],
    );
    result[name] = String(rows[0]?.rows);
  }
  const { rows } = await database.executeSql('select to_jsonb(t)::text as row from tenants t where id = $1', [
    tenantId,
  ]);
  result.tenants = String(rows[0]?.row);
  return result;
}

describe('keiyaku backup / restore', () => {
  test('round-trip a tenant into a fresh database: the same rows, a working login, a second restore refused', async () => {
    const tenant = await createTestTenant(app().database);
    const other = await createTestTenant(app().database);
    const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
    // An org tree (a self-reference), the order-to-cash records, a month billed and paid.
    const [hq] = (await admin.get('/api/v1/org-units')).json().items;
    const branch = await admin.post('/api/v1/org-units', {
      name: '大阪支店',
      kind: 'branch',
      parentId: hq.id,
    });
    expect(branch.statusCode, branch.body).toBe(201);
    const f = orderingFixture(admin);
    await f.activeLineItem(2, { orderedOn: '2026-05-10', completedOn: '2026-05-10' });
    const context = {
      database: app().database,
      tenantId: tenant.tenantId,
      actor: SYSTEM_ACTOR,
      locale: 'ja' as const,
    };
    const run = await createBillingRun(context, { billingMonth: '2026-11' }, TODAY);
    await processBillingRun(app().database, tenant.tenantId, run.id, TODAY);
    const [draft] = (await admin.get('/api/v1/invoices?billingMonth=2026-11')).json().items;
    const issued = await admin.post(`/api/v1/invoices/${draft.id}/issue`, { version: draft.version });
    expect(issued.statusCode, issued.body).toBe(200);
    const paid = await admin.post(`/api/v1/invoices/${draft.id}/payments`, {
      receivedOn: '2026-12-01',
      amount: 1000,
      method: 'bank_transfer',
    });
    expect(paid.statusCode, paid.body).toBe(201);

    const backup = await keiyaku(['backup', '--tenant', tenant.slug, '--out', file], app().testDatabase.url);
    expect(backup.code, backup.stderr).toBe(0);
    const summary = JSON.parse(backup.stdout);
    expect(summary).toMatchObject({ tenant: { id: tenant.tenantId, slug: tenant.slug }, file });
    expect(summary.rows).toMatchObject({ tenants: 1, org_units: 2, invoices: 1, payments: 1 });
    expect(summary.rows.invoice_lines).toBeGreaterThan(0);
    expect(summary.rows).not.toHaveProperty('sessions');

    // A file changed to carry a row of another tenant is refused whole: nothing is written.
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const customerLine = lines.findIndex((line) => line.startsWith('customers\t'));
    expect(customerLine).toBeGreaterThan(0);
    lines[customerLine] = (lines[customerLine] as string).replace(tenant.tenantId, other.tenantId);
    fs.writeFileSync(`${file}.tampered`, zlib.gzipSync(lines.join('\n')));
    const tampered = await keiyaku(['restore', '--in', `${file}.tampered`], target.url);
    fs.rmSync(`${file}.tampered`, { force: true });
    expect(tampered.code).toBe(1);
    expect(JSON.parse(tampered.stderr)).toMatchObject({ error: 'restore_refused' });
    expect((await target.database.executeSql('select count(*)::int as n from tenants')).rows).toEqual([
      { n: 0 },
    ]);

    // Readable by its owner only; an existing file is not overwritten.
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(
      (await keiyaku(['backup', '--tenant', tenant.slug, '--out', file], app().testDatabase.url)).code,
    ).toBe(2);
    // A file cut off before its end line is refused.
    const whole = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
    expect(whole.at(-1)).toMatch(/^#end\t/);
    fs.writeFileSync(`${file}.cut`, zlib.gzipSync(`${whole.slice(0, -1).join('\n')}\n`));
    const cut = await keiyaku(['restore', '--in', `${file}.cut`], target.url);
    fs.rmSync(`${file}.cut`, { force: true });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain('restore_refused');

    // Nor an invoice line naming a line item that is not in the file (the reference trigger is
    // paused while rows are written; the same check runs once at the end).
    const lineIndex = lines.findIndex((line) => line.startsWith('invoice_lines\t'));
    const broken = [...lines];
    broken[customerLine] = lines[customerLine]?.replace(other.tenantId, tenant.tenantId) as string;
    broken[lineIndex] = (broken[lineIndex] as string).replace(
      /"line_item_id": "[0-9a-f-]+"/,
      '"line_item_id": "00000000-0000-7000-8000-000000000000"',
    );
    const refused = await restoreTenant(
      target.database,
      Readable.from(zlib.gzipSync(broken.join('\n'))),
    ).then(
      () => null,
      (error: Error & { cause?: { code?: string } }) =>
        error.cause?.code ?? (error as { code?: string }).code,
    );
    expect(refused).toBe('23503');
    expect((await target.database.executeSql('select count(*)::int as n from tenants')).rows).toEqual([
      { n: 0 },
    ]);

    const restored = await keiyaku(['restore', '--in', file], target.url);
    expect(restored.code, restored.stderr).toBe(0);
    expect(JSON.parse(restored.stdout).rows).toEqual(summary.rows);

    // Row for row the same, table by table; the other tenant is not there.
    expect(await snapshot(target.database, tenant.tenantId)).toEqual(
      await snapshot(app().database, tenant.tenantId),
    );
    const { rows } = await target.database.executeSql('select slug from tenants');
    expect(rows).toEqual([{ slug: tenant.slug }]);
    expect(other.slug).not.toBe(tenant.slug);

    // The restored tenant works: its admin logs in and finds the issued, partly paid invoice;
    // the guards are back on (lines of an issued invoice stay as they are).
    const restoredApp = await createKeiyaku({ ...loadConfig({}), logLevel: 'silent' }, target.database, {
      serveWeb: false,
    });
    try {
      await restoredApp.app.ready();
      const login = await restoredApp.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: tenant.slug, email: tenant.adminEmail, password: tenant.adminPassword },
      });
      expect(login.statusCode, login.body).toBe(200);
      await expect(
        target.database.inTenant(tenant.tenantId, (tx) =>
          tx.execute(sql`delete from invoice_lines where invoice_id = ${draft.id}`),
        ),
      ).rejects.toThrow();
    } finally {
      await restoredApp.app.close();
    }

    // Once there, it is not restored over.
    const again = await keiyaku(['restore', '--in', file], target.url);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stderr)).toMatchObject({ error: 'restore_refused' });
    await expect(restoreTenant(target.database, fs.createReadStream(file))).rejects.toMatchObject({
      code: 'restore_refused',
    });
    // A file that is not a backup is refused before anything is written.
    fs.writeFileSync(`${file}.txt`, 'not a backup');
    const wrong = await keiyaku(['restore', '--in', `${file}.txt`], target.url);
    fs.rmSync(`${file}.txt`, { force: true });
    expect(wrong.code).not.toBe(0);
    // Four runs of the command from source (each compiles on start: 5-10 s on a busy machine).
  }, 150_000);

  test('an unknown tenant exits 2 and leaves no file', async () => {
    const result = await keiyaku(
      ['backup', '--tenant', 'no-such-tenant', '--out', `${file}.none`],
      app().testDatabase.url,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('does not exist');
    expect(fs.existsSync(`${file}.none`)).toBe(false);
  }, 60_000);
});
