// 基本契約管理 through the API (api.md "Master agreements"; seed 000 基本契約を管理する):
// create as draft (保存する) or on sale (すぐに販売開始する), search, 販売開始, 予約, 編集,
// and what a customer (staff on its behalf, or its own portal user) can order.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
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
import { until } from '../../test/poll.js';
import { portalUserFor } from '../../test/portal.js';

const app = useTestApp({ jobs: true });

let tenant: TestTenant;
let admin: ApiClient;
/** A sales rep: agreements.manage and orders.place. */
let sales: ApiClient;

const today = () => Temporal.Now.plainDateISO('Asia/Tokyo');

let productCounter = 0;
async function product(
  options: { publish?: boolean; code?: string } = {},
): Promise<{ id: string; code: string }> {
  productCounter += 1;
  const code = options.code ?? `AGR-${productCounter}-${randomUUID().slice(0, 6)}`;
  const created = await admin.post('/api/v1/products', {
    code,
    name: `商品 ${code}`,
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
  expect(created.statusCode, created.body).toBe(201);
  const id = String(created.json().id);
  if (options.publish ?? true) {
    const published = await admin.post(`/api/v1/products/${id}/publish`);
    expect(published.statusCode, published.body).toBe(200);
  }
  return { id, code };
}

async function customer(
  name = `株式会社テスト ${randomUUID().slice(0, 6)}`,
): Promise<{ id: string; code: string; name: string }> {
  const created = await admin.post('/api/v1/customers', {
    kind: 'organization',
    name,
    lifecycle: 'prospect',
  });
  expect(created.statusCode, created.body).toBe(201);
  const body = created.json();
  return { id: String(body.id), code: String(body.code), name: String(body.name) };
}

async function agreement(body: Record<string, unknown>, client: ApiClient = sales) {
  const created = await client.post('/api/v1/agreements', body);
  expect(created.statusCode, created.body).toBe(201);
  return created.json();
}

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  sales = await userWithRoles(app(), tenant, ['sales_rep'], admin);
});

describe('create (基本契約を作成する)', () => {
  test('保存する: a draft with its number, customer and products', async () => {
    const c = await customer();
    const p1 = await product();
    const p2 = await product({ publish: false });
    const created = await sales.post('/api/v1/agreements', {
      customerId: c.id,
      productIds: [p1.id, p2.id, p1.id],
      name: ' 光回線の基本契約 ',
      remarks: '',
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      number: expect.stringMatching(/^A\d{6}$/),
      customerId: c.id,
      customer: { id: c.id, code: c.code, name: c.name },
      name: '光回線の基本契約',
      remarks: null,
      status: 'draft',
      saleStartDate: null,
      startedAt: null,
      productCount: 2,
      version: 1,
    });
    expect(body.products.map((p: { id: string }) => p.id).sort()).toEqual([p1.id, p2.id].sort());
    expect(body.products.find((p: { id: string }) => p.id === p2.id).status).toBe('draft');

    const read = await sales.get(`/api/v1/agreements/${body.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(body);

    const audit = await admin.get(`/api/v1/audit?entity=agreement&id=${body.id}`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items.map((entry: { action: string }) => entry.action)).toEqual(['create']);
  });

  test('numbers count up per tenant', async () => {
    const c = await customer();
    const p = await product();
    const first = await agreement({ customerId: c.id, productIds: [p.id] });
    const second = await agreement({ customerId: c.id, productIds: [p.id] });
    expect(Number(second.number.slice(1))).toBe(Number(first.number.slice(1)) + 1);
  });

  test('すぐに販売開始する: on sale from today (tenant time zone)', async () => {
    const c = await customer();
    const p = await product();
    const body = await agreement({ customerId: c.id, productIds: [p.id], startNow: true });
    expect(body).toMatchObject({ status: 'on_sale', saleStartDate: today().toString() });
    expect(body.startedAt).not.toBeNull();
  });

  test('an on-sale agreement lists only published products; nothing is written when refused', async () => {
    const c = await customer();
    const published = await product();
    const draft = await product({ publish: false });
    const refused = await sales.post('/api/v1/agreements', {
      customerId: c.id,
      productIds: [published.id, draft.id],
      startNow: true,
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'product_not_published',
      errors: [{ path: '/productIds/1', message: expect.stringContaining(draft.code) }],
    });
    const list = await sales.get(`/api/v1/agreements?customerId=${c.id}`);
    expect(list.json().items).toEqual([]);
  });

  test('unknown customer, unknown products, no products: 422 with the field', async () => {
    const c = await customer();
    const p = await product();
    const noCustomer = await sales.post('/api/v1/agreements', {
      customerId: randomUUID(),
      productIds: [p.id],
    });
    expect(noCustomer.statusCode).toBe(422);
    expect(noCustomer.json()).toMatchObject({
      code: 'customer_not_found',
      errors: [{ path: '/customerId' }],
    });

    const noProduct = await sales.post('/api/v1/agreements', {
      customerId: c.id,
      productIds: [p.id, randomUUID()],
    });
    expect(noProduct.statusCode).toBe(422);
    expect(noProduct.json()).toMatchObject({
      code: 'product_not_found',
      errors: [{ path: '/productIds/1' }],
    });

    const none = await sales.post('/api/v1/agreements', { customerId: c.id, productIds: [] });
    expect(none.statusCode).toBe(422);
    expect(none.json()).toMatchObject({
      code: 'agreement_products_required',
      detail: '商品を1つ以上選択してください。',
    });
  });

  test('reading needs agreements.read, writing agreements.manage', async () => {
    const backOffice = await userWithRoles(app(), tenant, ['back_office'], admin);
    expect((await backOffice.get('/api/v1/agreements')).statusCode).toBe(200);
    const c = await customer();
    const p = await product();
    const refused = await backOffice.post('/api/v1/agreements', { customerId: c.id, productIds: [p.id] });
    expect(refused.statusCode).toBe(403);
  });
});

describe('search (基本契約管理)', () => {
  test('by status, customer, number or customer name; with the customer and product count; paged', async () => {
    const c = await customer('株式会社検索テスト商事');
    const p1 = await product();
    const p2 = await product();
    const draft = await agreement({ customerId: c.id, productIds: [p1.id, p2.id] });
    const onSale = await agreement({ customerId: c.id, productIds: [p1.id], startNow: true });

    const drafts = await sales.get(`/api/v1/agreements?customerId=${c.id}&status=draft`);
    expect(drafts.statusCode).toBe(200);
    expect(drafts.json().items.map((a: { id: string }) => a.id)).toEqual([draft.id]);
    expect(drafts.json().items[0]).toMatchObject({
      customer: { id: c.id, code: c.code, name: c.name },
      productCount: 2,
      status: 'draft',
    });

    const both = await sales.get(`/api/v1/agreements?customerId=${c.id}&status=draft&status=on_sale`);
    expect(both.json().items.map((a: { id: string }) => a.id)).toEqual([onSale.id, draft.id]);

    const byNumber = await sales.get(`/api/v1/agreements?q=${onSale.number}`);
    expect(byNumber.json().items.map((a: { id: string }) => a.id)).toEqual([onSale.id]);

    const byName = await sales.get(`/api/v1/agreements?q=${encodeURIComponent('検索テスト')}`);
    expect(byName.json().items.map((a: { id: string }) => a.id)).toEqual([onSale.id, draft.id]);

    const byCode = await sales.get(`/api/v1/agreements?q=${c.code}`);
    expect(byCode.json().items.map((a: { id: string }) => a.id)).toEqual([onSale.id, draft.id]);

    const first = await sales.get(`/api/v1/agreements?customerId=${c.id}&limit=1`);
    expect(first.json().items.map((a: { id: string }) => a.id)).toEqual([onSale.id]);
    const next = await sales.get(
      `/api/v1/agreements?customerId=${c.id}&limit=1&cursor=${first.json().nextCursor}`,
    );
    expect(next.json()).toMatchObject({ items: [{ id: draft.id }], nextCursor: null });

    expect((await sales.get('/api/v1/agreements?status=sold')).statusCode).toBe(400);
  });
});

describe('status: only a draft changes status', () => {
  test('販売開始: a draft goes on sale today; again is agreement_not_draft', async () => {
    const c = await customer();
    const p = await product();
    const draft = await agreement({ customerId: c.id, productIds: [p.id] });
    const started = await sales.post(`/api/v1/agreements/${draft.id}/start-selling`);
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json()).toMatchObject({
      status: 'on_sale',
      saleStartDate: today().toString(),
      version: 2,
    });
    const again = await sales.post(`/api/v1/agreements/${draft.id}/start-selling`);
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({
      code: 'agreement_not_draft',
      detail: '作成中の基本契約のみステータスを変更できます。',
    });
    const schedule = await sales.post(`/api/v1/agreements/${draft.id}/schedule`, {
      saleStartDate: today().add({ days: 3 }).toString(),
    });
    expect(schedule.json().code).toBe('agreement_not_draft');
  });

  test('販売開始 of a draft that still lists a draft product: publish it first', async () => {
    const c = await customer();
    const p = await product({ publish: false });
    const draft = await agreement({ customerId: c.id, productIds: [p.id] });
    const refused = await sales.post(`/api/v1/agreements/${draft.id}/start-selling`);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'product_not_published',
      errors: [{ path: '/products/0' }],
    });
    expect((await sales.get(`/api/v1/agreements/${draft.id}`)).json()).toMatchObject({
      status: 'draft',
      version: 1,
    });
    await admin.post(`/api/v1/products/${p.id}/publish`);
    expect((await sales.post(`/api/v1/agreements/${draft.id}/start-selling`)).statusCode).toBe(200);
  });

  test('予約: a later date schedules; today and past dates are refused; a scheduled one is not a draft', async () => {
    const c = await customer();
    const p = await product();
    const draft = await agreement({ customerId: c.id, productIds: [p.id] });

    for (const date of [today(), today().subtract({ days: 1 }), today().subtract({ years: 1 })]) {
      const refused = await sales.post(`/api/v1/agreements/${draft.id}/schedule`, {
        saleStartDate: date.toString(),
      });
      expect(refused.statusCode, date.toString()).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'sale_start_date_invalid',
        errors: [{ path: '/saleStartDate' }],
      });
    }
    expect(
      (await sales.post(`/api/v1/agreements/${draft.id}/schedule`, { saleStartDate: '2026-02-30' }))
        .statusCode,
    ).toBe(400);

    const later = today().add({ days: 7 }).toString();
    const scheduled = await sales.post(`/api/v1/agreements/${draft.id}/schedule`, { saleStartDate: later });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.json()).toMatchObject({ status: 'scheduled', saleStartDate: later, startedAt: null });

    expect((await sales.post(`/api/v1/agreements/${draft.id}/start-selling`)).json().code).toBe(
      'agreement_not_draft',
    );
    const rescheduled = await sales.post(`/api/v1/agreements/${draft.id}/schedule`, {
      saleStartDate: today().add({ days: 8 }).toString(),
    });
    expect(rescheduled.json().code).toBe('agreement_not_draft');

    const scheduledOnly = await sales.get(`/api/v1/agreements?customerId=${c.id}&status=scheduled`);
    expect(scheduledOnly.json().items.map((a: { id: string }) => a.id)).toEqual([draft.id]);
  });

  test('an id not in the tenant is 404', async () => {
    const id = randomUUID();
    expect((await sales.get(`/api/v1/agreements/${id}`)).statusCode).toBe(404);
    expect((await sales.post(`/api/v1/agreements/${id}/start-selling`)).statusCode).toBe(404);
    expect((await sales.patch(`/api/v1/agreements/${id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
  });
});

describe('edit (基本契約を編集する)', () => {
  test('name, remarks and products with the version; a stale version is 409', async () => {
    const c = await customer();
    const p1 = await product();
    const p2 = await product({ publish: false });
    const draft = await agreement({ customerId: c.id, productIds: [p1.id] });
    const edited = await sales.patch(`/api/v1/agreements/${draft.id}`, {
      version: 1,
      name: '更新後',
      remarks: '備考',
      productIds: [p2.id],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '更新後',
      remarks: '備考',
      version: 2,
      productCount: 1,
      products: [{ id: p2.id, status: 'draft' }],
    });
    const stale = await sales.patch(`/api/v1/agreements/${draft.id}`, { version: 1, name: '古い' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const empty = await sales.patch(`/api/v1/agreements/${draft.id}`, { version: 2, productIds: [] });
    expect(empty.json().code).toBe('agreement_products_required');
    const cleared = await sales.patch(`/api/v1/agreements/${draft.id}`, { version: 2, name: null });
    expect(cleared.json()).toMatchObject({ name: null, remarks: '備考', version: 3 });
  });

  test('products of an on-sale agreement change too, but a draft product cannot be added', async () => {
    const c = await customer();
    const p1 = await product();
    const p2 = await product();
    const draftProduct = await product({ publish: false });
    const onSale = await agreement({ customerId: c.id, productIds: [p1.id], startNow: true });

    const refused = await sales.patch(`/api/v1/agreements/${onSale.id}`, {
      version: 1,
      productIds: [p1.id, draftProduct.id],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'product_not_published',
      errors: [{ path: '/productIds/1' }],
    });

    const swapped = await sales.patch(`/api/v1/agreements/${onSale.id}`, { version: 1, productIds: [p2.id] });
    expect(swapped.statusCode, swapped.body).toBe(200);
    expect(swapped.json()).toMatchObject({
      status: 'on_sale',
      version: 2,
      products: [{ id: p2.id }],
    });
    const audit = await admin.get(`/api/v1/audit?entity=agreement&id=${onSale.id}`);
    const update = audit.json().items.find((entry: { action: string }) => entry.action === 'update');
    expect(update.before.productIds).toEqual([p1.id]);
    expect(update.after.productIds).toEqual([p2.id]);
  });
});

describe('what a customer can order (GET /customers/{customerId}/orderable-products)', () => {
  let c: { id: string };
  let other: { id: string };
  let shared: { id: string; code: string };
  let second: { id: string; code: string };
  let inDraft: { id: string };
  let inScheduled: { id: string };

  beforeAll(async () => {
    c = await customer();
    other = await customer();
    shared = await product({ code: `ORD-A-${randomUUID().slice(0, 6)}` });
    second = await product({ code: `ORD-B-${randomUUID().slice(0, 6)}` });
    inDraft = await product();
    inScheduled = await product();
    const attribute = await admin.post('/api/v1/attribute-definitions', {
      entity: 'product',
      labelJa: '設置場所',
      type: 'text',
      required: true,
    });
    expect(attribute.statusCode, attribute.body).toBe(201);
    const linked = await admin.post(`/api/v1/attribute-definitions/${attribute.json().id}/products`, {
      productIds: [second.id],
    });
    expect(linked.statusCode, linked.body).toBe(200);
    // Two on-sale agreements share a product; a draft and a scheduled one do not count.
    await agreement({ customerId: c.id, productIds: [shared.id, second.id], startNow: true });
    await agreement({ customerId: c.id, productIds: [shared.id], startNow: true });
    await agreement({ customerId: c.id, productIds: [inDraft.id] });
    const toSchedule = await agreement({ customerId: c.id, productIds: [inScheduled.id] });
    await sales.post(`/api/v1/agreements/${toSchedule.id}/schedule`, {
      saleStartDate: today().add({ days: 2 }).toString(),
    });
    await agreement({ customerId: other.id, productIds: [inDraft.id], startNow: true });
  });

  test('staff: the published products of its on-sale agreements, once each, with pricing and attributes', async () => {
    const response = await sales.get(`/api/v1/customers/${c.id}/orderable-products`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items;
    expect(items.map((item: { id: string }) => item.id)).toEqual([shared.id, second.id]);
    expect(items[0]).toEqual({
      id: shared.id,
      code: shared.code,
      name: `商品 ${shared.code}`,
      taxCategory: 'standard',
      fulfilment: 'immediate',
      agency: false,
      pricing: {
        pattern: 'initial_and_monthly',
        initialFee: 3000,
        monthlyFee: 1000,
        quantityLinkedInitialFee: false,
        freePeriod: { unit: 'month', length: 1 },
      },
      serialNumberPattern: null,
      attributeDefinitions: [],
    });
    expect(items[1].attributeDefinitions).toMatchObject([
      { labelJa: '設置場所', type: 'text', required: true },
    ]);
  });

  test('a customer without an on-sale agreement can order nothing; an unknown customer is 404', async () => {
    const fresh = await customer();
    expect((await sales.get(`/api/v1/customers/${fresh.id}/orderable-products`)).json()).toEqual({
      items: [],
    });
    expect((await sales.get(`/api/v1/customers/${randomUUID()}/orderable-products`)).statusCode).toBe(404);
  });

  test("a portal user sees their own customer's products and 404 for any other customer", async () => {
    // Made as a customer gets one: staff create it, the person sets a password from the mail.
    const portal = (await portalUserFor(app(), tenant, admin, { customerId: c.id })).client;
    const own = await portal.get(`/api/v1/customers/${c.id}/orderable-products`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().items.map((item: { id: string }) => item.id)).toEqual([shared.id, second.id]);

    const others = await portal.get(`/api/v1/customers/${other.id}/orderable-products`);
    expect(others.statusCode).toBe(404);
    expect(others.body).not.toContain(inDraft.id);
    expect((await portal.get(`/api/v1/customers/${randomUUID()}/orderable-products`)).statusCode).toBe(404);

    // Agreements themselves are staff screens.
    expect((await portal.get('/api/v1/agreements')).statusCode).toBe(403);
    expect((await portal.get(`/api/v1/agreements?customerId=${c.id}`)).statusCode).toBe(403);
  });

  test('needs orders.place', async () => {
    const billing = await userWithRoles(app(), tenant, ['billing'], admin);
    expect((await billing.get(`/api/v1/customers/${c.id}/orderable-products`)).statusCode).toBe(403);
  });
});

describe('販売予定 -> 販売中 from スケジュール済プロセス', () => {
  test('the job is offered to people, starts what is due, and a re-run starts nothing twice', async () => {
    const kinds = await admin.get('/api/v1/job-kinds');
    expect(kinds.json().items).toContainEqual({ kind: 'agreements.start_scheduled' });

    const c = await customer();
    const p = await product();
    const due = await agreement({ customerId: c.id, productIds: [p.id] });
    const tomorrow = today().add({ days: 1 }).toString();
    await sales.post(`/api/v1/agreements/${due.id}/schedule`, { saleStartDate: tomorrow });
    const waiting = await agreement({ customerId: c.id, productIds: [p.id] });
    await sales.post(`/api/v1/agreements/${waiting.id}/schedule`, { saleStartDate: tomorrow });
    // The date has come for one of them (as if the server had been down on that day).
    const yesterday = today().subtract({ days: 1 }).toString();
    await app().database.inTenant(tenant.tenantId, (tx) =>
      tx.execute(sql`update agreements set sale_start_date = ${yesterday}
        where tenant_id = ${tenant.tenantId} and id = ${due.id}`),
    );

    const finished = async (jobId: string) =>
      until('the job to finish', async () => {
        const job = (await admin.get(`/api/v1/jobs/${jobId}`)).json();
        return job.status === 'completed' || job.status === 'failed' ? job : undefined;
      });
    const started = await admin.post('/api/v1/jobs', { kind: 'agreements.start_scheduled' });
    expect(started.statusCode, started.body).toBe(202);
    const job = await finished(started.json().id);
    expect(job.status).toBe('completed');
    expect(job.log.filter((line: { code: string }) => line.code === 'agreements.started')).toMatchObject([
      { params: { number: due.number, saleStartDate: yesterday } },
    ]);
    expect((await sales.get(`/api/v1/agreements/${due.id}`)).json()).toMatchObject({
      status: 'on_sale',
      saleStartDate: yesterday,
    });
    expect((await sales.get(`/api/v1/agreements/${waiting.id}`)).json().status).toBe('scheduled');

    const rerun = await admin.post(`/api/v1/jobs/${job.id}/rerun`);
    expect(rerun.statusCode, rerun.body).toBe(202);
    const again = await finished(rerun.json().id);
    expect(again.status).toBe('completed');
    expect(again.log.some((line: { code: string }) => line.code === 'agreements.started')).toBe(false);
  });

  test('the hourly schedule is in the job queue and, when it fires, starts what is due', async () => {
    // The schedules the server registers with pg-boss (UTC, each a few minutes past the hour).
    const schedules = await app().jobs.registeredSchedules();
    expect(schedules).toEqual(
      expect.arrayContaining([
        { name: 'keiyaku-agreements-start-scheduled', cron: '5 * * * *', timeZone: 'UTC' },
        { name: 'keiyaku-billing-monthly', cron: '30 * * * *', timeZone: 'UTC' },
        { name: 'keiyaku-billing-overdue', cron: '10 * * * *', timeZone: 'UTC' },
      ]),
    );

    const c = await customer();
    const p = await product();
    const due = await agreement({ customerId: c.id, productIds: [p.id] });
    await sales.post(`/api/v1/agreements/${due.id}/schedule`, {
      saleStartDate: today().add({ days: 1 }).toString(),
    });
    await app().database.inTenant(tenant.tenantId, (tx) =>
      tx.execute(sql`update agreements set sale_start_date = ${today().toString()}
        where tenant_id = ${tenant.tenantId} and id = ${due.id}`),
    );
    // What pg-boss runs at minute 5: the check enqueues the start job, the worker runs it.
    await app().jobs.runScheduleNow('keiyaku-agreements-start-scheduled');
    await until('the agreement on sale', async () => {
      const status = (await sales.get(`/api/v1/agreements/${due.id}`)).json().status;
      return status === 'on_sale' ? status : undefined;
    });
  });
});
