// POST /billing-runs and GET /billing-runs/{id} (api.md "Billing"): a run is 202 with its
// job, carried out by the worker with progress; months not ended, malformed months and
// people without the billing permission are refused and nothing is written.
import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { databaseFingerprint } from '../../test/fingerprint.js';
import { until } from '../../test/poll.js';
import { startScheduledRun } from './billing-run.service.js';

const app = useTestApp({ jobs: true });

let tenant: TestTenant;
let admin: ApiClient;
let billing: ApiClient;

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  billing = await userWithRoles(app(), tenant, ['billing'], admin);
});

function json(response: { statusCode: number; body: string; json(): unknown }, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as Record<string, unknown> & { id: string };
}

describe('billing runs through the API', () => {
  test('請求担当 starts a run; the worker bills the month and the run reports it', async () => {
    const code = `RUN-${randomUUID().slice(0, 8)}`;
    const product = json(
      await admin.post('/api/v1/products', {
        code,
        name: `月額 ${code}`,
        taxCategory: 'standard',
        fulfilment: 'immediate',
        pricing: {
          pattern: 'monthly_only',
          initialFee: 0,
          monthlyFee: 4000,
          quantityLinkedInitialFee: false,
          freePeriod: { unit: 'month', length: 0 },
        },
      }),
      201,
    );
    json(await admin.post(`/api/v1/products/${product.id}/publish`), 200);
    const customer = json(
      await admin.post('/api/v1/customers', { kind: 'person', lifecycle: 'prospect', name: '請求 太郎' }),
      201,
    );
    json(
      await admin.post('/api/v1/agreements', {
        customerId: customer.id,
        productIds: [product.id],
        startNow: true,
      }),
      201,
    );
    const placed = json(
      await admin.post('/api/v1/orders', {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-02-01',
        items: [{ productId: product.id, quantity: 3 }],
      }),
      201,
    );
    json(await admin.post(`/api/v1/orders/${placed.id}/complete`, { completedOn: '2026-02-01' }), 200);

    const started = json(await billing.post('/api/v1/billing-runs', { billingMonth: '2026-03' }), 202);
    expect(started).toMatchObject({ billingMonth: '2026-03', status: 'queued', dryRun: false });
    expect(started.jobId).toEqual(expect.any(String));
    const done = await until('the run to complete', async () => {
      const run = json(await billing.get(`/api/v1/billing-runs/${started.id}`), 200);
      return run.status === 'completed' ? run : undefined;
    });
    expect(done).toMatchObject({
      progress: { done: 1, total: 1 },
      report: { accounts: 1, invoices: 1, lines: 2, amount: 24000 },
    });
    const listed = json(await billing.get('/api/v1/billing-runs?billingMonth=2026-03'), 200);
    expect((listed.items as { id: string }[]).map((run) => run.id)).toContain(started.id);
  });

  test('a month not ended or no month is refused (422) unless it is a preview; malformed bodies 400; other roles 403', async () => {
    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const refused = await billing.post('/api/v1/billing-runs', { billingMonth: '2099-01' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'billing_month_not_ended' });
    for (const billingMonth of ['2026-13', '202611', 'abc']) {
      const noMonth = await billing.post('/api/v1/billing-runs', { billingMonth });
      expect(noMonth.statusCode, noMonth.body).toBe(422);
      expect(noMonth.json()).toMatchObject({
        code: 'billing_month_invalid',
        errors: [{ path: '/billingMonth', message: 'YYYY-MM形式で指定してください。' }],
      });
    }
    expect((await billing.get('/api/v1/billing-runs?billingMonth=2026-00')).statusCode).toBe(422);
    expect((await billing.post('/api/v1/billing-runs', {})).statusCode).toBe(400);
    expect(
      (await billing.post('/api/v1/billing-runs', { billingMonth: '2026-01', extra: 1 })).statusCode,
    ).toBe(400);
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    const beforeRep = await databaseFingerprint(app().database, tenant.tenantId);
    expect((await rep.post('/api/v1/billing-runs', { billingMonth: '2026-01' })).statusCode).toBe(403);
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(beforeRep);
    const preview = json(
      await billing.post('/api/v1/billing-runs', { billingMonth: '2099-01', dryRun: true }),
      202,
    );
    expect(preview.dryRun).toBe(true);
  });
});

describe('the scheduled monthly run', () => {
  test('on the 1st at 00:30 in the tenant time zone a run for the month just ended starts, once', async () => {
    // 2026-11-01 00:30 in Tokyo.
    const at = Temporal.Instant.from('2026-10-31T15:30:00Z');
    expect(
      await startScheduledRun(
        app().database,
        tenant.tenantId,
        app().jobs,
        Temporal.Instant.from('2026-10-31T14:30:00Z'),
      ),
    ).toBeNull();
    const run = await startScheduledRun(app().database, tenant.tenantId, app().jobs, at);
    expect(run).toMatchObject({ billingMonth: '2026-10', trigger: 'schedule' });
    expect(await startScheduledRun(app().database, tenant.tenantId, app().jobs, at)).toBeNull();
    await until('the scheduled run to complete', async () => {
      const current = json(await billing.get(`/api/v1/billing-runs/${run?.id}`), 200);
      return current.status === 'completed' ? current : undefined;
    });
  });
});

describe('GET /invoices (請求データを確認する)', () => {
  test('lists the month’s invoices with per-rate taxes and lines; filters by customer and status', async () => {
    const listed = json(await billing.get('/api/v1/invoices?billingMonth=2026-03'), 200);
    const items = listed.items as {
      customerId: string;
      status: string;
      total: number;
      taxes: unknown[];
      lines: { chargeKind: string; serviceMonth: string; amount: number }[];
    }[];
    expect(items).toHaveLength(1);
    const [invoice] = items;
    expect(invoice).toMatchObject({
      status: 'draft',
      subtotal: 24000,
      taxTotal: 2400,
      total: 26400,
      taxes: [{ rate: 10, taxableAmount: 24000, tax: 2400 }],
    });
    expect(invoice?.lines.map((line) => [line.chargeKind, line.serviceMonth, line.amount])).toEqual([
      ['monthly', '2026-02', 12000],
      ['monthly', '2026-03', 12000],
    ]);
    const byCustomer = json(await billing.get(`/api/v1/invoices?customerId=${invoice?.customerId}`), 200);
    expect((byCustomer.items as unknown[]).length).toBeGreaterThanOrEqual(1);
    const issued = json(await billing.get('/api/v1/invoices?billingMonth=2026-03&status=issued'), 200);
    expect(issued.items).toEqual([]);
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect((await rep.get('/api/v1/invoices')).statusCode).toBe(403);
  });
});
