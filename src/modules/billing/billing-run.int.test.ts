// Billing runs on PostgreSQL (billing.md rules 6, 7 and 9, examples A, D and G): orders are
// placed and completed through the API as staff would, runs go through the service layer
// with "today" passed in. Re-runs and simultaneous runs add nothing; issued invoices are
// immutable also for SQL run as the application role.
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { beforeAll, describe, expect, test } from 'vitest';
import { SYSTEM_ACTOR, type TenantContext } from '../../platform/context.js';
import { rowsOf } from '../../platform/db/rows.js';
import { type ApiClient, createTestTenant, loginAs, type TestTenant, useTestApp } from '../../test/app.js';
import { createBillingRun, processBillingRun } from './billing-run.service.js';
import { issueDrafts } from './invoice-issue.js';
import { invoiceLines, invoices } from './schema.js';

const app = useTestApp();
const TODAY = '2026-12-02';

let tenant: TestTenant;
let admin: ApiClient;
let context: TenantContext;

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  context = { database: app().database, tenantId: tenant.tenantId, actor: SYSTEM_ACTOR, locale: 'ja' };
});

/** The fields these tests read of the API's answers. */
interface Answer {
  id: string;
  defaultBillingAccountId: string;
  items: { id: string; lineItemId: string; version: number }[];
}

function ok(response: { statusCode: number; body: string; json(): unknown }, status = 200): Answer {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as Answer;
}

async function product(pricing: Record<string, unknown>): Promise<string> {
  const code = `BIL-${randomUUID().slice(0, 8)}`;
  const created = ok(
    await admin.post('/api/v1/products', {
      code,
      name: `商品 ${code}`,
      taxCategory: 'standard',
      fulfilment: 'immediate',
      pricing,
    }),
    201,
  );
  ok(await admin.post(`/api/v1/products/${created.id}/publish`));
  return String(created.id);
}

async function customerWith(productId: string) {
  const customer = ok(
    await admin.post('/api/v1/customers', {
      kind: 'organization',
      lifecycle: 'prospect',
      name: `株式会社請求${randomUUID().slice(0, 6)}`,
    }),
    201,
  );
  ok(
    await admin.post('/api/v1/agreements', {
      customerId: customer.id,
      productIds: [productId],
      startNow: true,
    }),
    201,
  );
  return { id: String(customer.id), billingAccountId: String(customer.defaultBillingAccountId) };
}

async function order(body: Record<string, unknown>, completion: Record<string, unknown>) {
  const placed = ok(await admin.post('/api/v1/orders', body), 201);
  ok(await admin.post(`/api/v1/orders/${placed.id}/complete`, completion));
  return { lineItemId: String(placed.items[0]?.lineItemId) };
}

/** GET /orders/{id}/billed-months: the completion's warning of rule 7. */
async function billedMonths(orderId: string, completedOn: string) {
  return ok(
    await admin.get(`/api/v1/orders/${orderId}/billed-months?completedOn=${completedOn}`),
  ) as unknown as {
    items: { orderItemId: string; lastBilledMonth: string | null; affected: unknown }[];
  };
}

/** A monthly-only product of this fee (no free period), sold to a new customer on `on`, completed the same day. */
async function monthlySale(monthlyFee: number, on: string) {
  const productId = await product({
    pattern: 'monthly_only',
    initialFee: 0,
    monthlyFee,
    quantityLinkedInitialFee: false,
    freePeriod: { unit: 'month', length: 0 },
  });
  const customer = await customerWith(productId);
  const placed = await order(
    { kind: 'new', customerId: customer.id, orderedOn: on, items: [{ productId, quantity: 1 }] },
    { completedOn: on },
  );
  return { productId, customer, lineItemId: placed.lineItemId };
}

async function run(month: string, options: { dryRun?: boolean } = {}) {
  const created = await createBillingRun(context, { billingMonth: month, ...options }, TODAY);
  return processBillingRun(app().database, tenant.tenantId, created.id, TODAY);
}

async function linesOf(billingAccountId: string, month: string) {
  return app().database.inTenant(tenant.tenantId, (tx) =>
    tx
      .select({
        chargeKind: invoiceLines.chargeKind,
        serviceMonth: invoiceLines.serviceMonth,
        quantity: invoiceLines.quantity,
        amount: invoiceLines.amount,
      })
      .from(invoiceLines)
      .innerJoin(
        invoices,
        and(eq(invoices.tenantId, invoiceLines.tenantId), eq(invoices.id, invoiceLines.invoiceId)),
      )
      .where(
        and(
          eq(invoices.tenantId, tenant.tenantId),
          eq(invoices.billingAccountId, billingAccountId),
          eq(invoices.billingMonth, month),
        ),
      )
      .orderBy(invoiceLines.serviceMonth, invoiceLines.chargeKind),
  );
}

async function invoicesOf(billingAccountId: string) {
  return app().database.inTenant(tenant.tenantId, (tx) =>
    tx
      .select()
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenant.tenantId), eq(invoices.billingAccountId, billingAccountId)))
      .orderBy(invoices.billingMonth, invoices.sequence),
  );
}

/** A statement as the application role in the tenant; rejects with the database's own error. */
function attempt(statement: ReturnType<typeof sql>) {
  return app()
    .database.inTenant(tenant.tenantId, (tx) => tx.execute(statement))
    .catch((error: Error & { cause?: Error }) => {
      throw error.cause ?? error;
    });
}

describe('billing runs', () => {
  test('example A through orders and runs: invoice of 2026-06 is 14,000 + 1,400 tax', async () => {
    const p1 = await product({
      pattern: 'initial_and_monthly',
      initialFee: 3000,
      monthlyFee: 1000,
      quantityLinkedInitialFee: true,
      freePeriod: { unit: 'month', length: 1 },
    });
    const customer = await customerWith(p1);
    const { lineItemId } = await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-04-01',
        items: [{ productId: p1, quantity: 2 }],
      },
      { completedOn: '2026-04-10' },
    );
    await order(
      { kind: 'add', lineItemId, quantity: 3, orderedOn: '2026-06-01' },
      { completedOn: '2026-06-20' },
    );

    await run('2026-04');
    expect(await invoicesOf(customer.billingAccountId)).toEqual([]);
    await run('2026-05');
    expect(await linesOf(customer.billingAccountId, '2026-05')).toEqual([
      { chargeKind: 'initial', serviceMonth: '2026-05', quantity: 2, amount: 6000 },
      { chargeKind: 'monthly', serviceMonth: '2026-05', quantity: 2, amount: 2000 },
    ]);
    await run('2026-06');
    expect(await linesOf(customer.billingAccountId, '2026-06')).toEqual([
      { chargeKind: 'initial', serviceMonth: '2026-06', quantity: 3, amount: 9000 },
      { chargeKind: 'monthly', serviceMonth: '2026-06', quantity: 5, amount: 5000 },
    ]);
    const june = (await invoicesOf(customer.billingAccountId)).find(
      (invoice) => invoice.billingMonth === '2026-06',
    );
    expect(june).toMatchObject({
      status: 'draft',
      subtotal: 14000,
      taxTotal: 1400,
      total: 15400,
      taxes: [{ rate: 10, taxableAmount: 14000, tax: 1400 }],
    });
  });

  test('example D: a late completion is caught up once; running the month again adds nothing', async () => {
    const p2 = await product({
      pattern: 'monthly_only',
      initialFee: 0,
      monthlyFee: 5000,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
    });
    const customer = await customerWith(p2);
    const placed = ok(
      await admin.post('/api/v1/orders', {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-07-01',
        items: [{ productId: p2, quantity: 1 }],
      }),
      201,
    );
    await run('2026-07');
    await run('2026-08');
    expect(await invoicesOf(customer.billingAccountId)).toEqual([]);
    ok(
      await admin.post(`/api/v1/orders/${placed.id}/complete`, {
        completedOn: '2026-09-25',
        chargeStartDate: '2026-07-15',
      }),
    );
    const first = await run('2026-09');
    expect(first.status).toBe('completed');
    expect(await linesOf(customer.billingAccountId, '2026-09')).toEqual([
      { chargeKind: 'monthly', serviceMonth: '2026-07', quantity: 1, amount: 5000 },
      { chargeKind: 'monthly', serviceMonth: '2026-08', quantity: 1, amount: 5000 },
      { chargeKind: 'monthly', serviceMonth: '2026-09', quantity: 1, amount: 5000 },
    ]);
    const again = await run('2026-09');
    expect(again.report.lines).toBe(0);
    expect(await linesOf(customer.billingAccountId, '2026-09')).toHaveLength(3);
  });

  test("a product's own billing choices override the tenant's (free first month, largest quantity in the month)", async () => {
    // The tenant bills the charge start's month in full and the month-end quantity (defaults);
    // this product skips the first month and bills the largest quantity of each month.
    const p2 = await product({
      pattern: 'monthly_only',
      initialFee: 0,
      monthlyFee: 5000,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
      firstMonth: 'free',
      quantityBasis: 'max_in_month',
    });
    const shown = ok(await admin.get(`/api/v1/products/${p2}`)) as unknown as {
      pricing: Record<string, unknown>;
    };
    expect(shown.pricing).toMatchObject({ firstMonth: 'free', quantityBasis: 'max_in_month' });
    const customer = await customerWith(p2);
    const { lineItemId } = await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-01-15',
        items: [{ productId: p2, quantity: 10 }],
      },
      { completedOn: '2026-01-15' },
    );
    await order(
      { kind: 'reduce', lineItemId, quantity: 4, orderedOn: '2026-02-01' },
      { completedOn: '2026-02-10' },
    );
    await run('2026-02');
    // 2026-01 (the charge start's month, not its first day) is free; 2026-02 at its largest, 10.
    expect(await linesOf(customer.billingAccountId, '2026-02')).toEqual([
      { chargeKind: 'monthly', serviceMonth: '2026-02', quantity: 10, amount: 50_000 },
    ]);
    // An order placed after the product's choice is cleared follows the tenant again: its
    // snapshot holds no choice of its own, while the first line item keeps the one it was sold with.
    const product2 = ok(await admin.get(`/api/v1/products/${p2}`)) as unknown as {
      version: number;
      pricing: Record<string, unknown>;
    };
    ok(
      await admin.patch(`/api/v1/products/${p2}`, {
        version: product2.version,
        pricing: { ...product2.pricing, firstMonth: null, quantityBasis: null },
      }),
    );
    const second = await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-03-15',
        items: [{ productId: p2, quantity: 1 }],
      },
      { completedOn: '2026-03-15' },
    );
    await run('2026-03');
    // The first line item at the tenant's month end would also be 6: the second one tells
    // the policies apart (billed in its first month, which the product's choice would skip).
    const march = await linesOf(customer.billingAccountId, '2026-03');
    expect(march).toHaveLength(2);
    expect(march).toEqual(
      expect.arrayContaining([
        { chargeKind: 'monthly', serviceMonth: '2026-03', quantity: 6, amount: 30_000 },
        { chargeKind: 'monthly', serviceMonth: '2026-03', quantity: 1, amount: 5000 },
      ]),
    );
    expect(second.lineItemId).not.toBe(lineItemId);
  });

  test('example G: a non-billable account gets no invoice at all', async () => {
    const p2 = await product({
      pattern: 'monthly_only',
      initialFee: 0,
      monthlyFee: 5000,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
    });
    const customer = await customerWith(p2);
    const accounts = ok(await admin.get(`/api/v1/customers/${customer.id}/billing-accounts`));
    const account = accounts.items[0];
    ok(
      await admin.patch(`/api/v1/billing-accounts/${account?.id}`, {
        version: account?.version,
        paymentMethod: 'non_billable',
      }),
    );
    const { lineItemId } = await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-01-15',
        items: [{ productId: p2, quantity: 10 }],
      },
      { completedOn: '2026-01-15' },
    );
    await order(
      { kind: 'reduce', lineItemId, quantity: 4, orderedOn: '2026-02-01' },
      { completedOn: '2026-02-10' },
    );
    for (const month of ['2026-01', '2026-02', '2026-03']) await run(month);
    expect(await invoicesOf(customer.billingAccountId)).toEqual([]);
  });

  test('a dry run reports and writes nothing; a month not ended is refused unless dry', async () => {
    const p2 = await product({
      pattern: 'monthly_only',
      initialFee: 0,
      monthlyFee: 700,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
    });
    const customer = await customerWith(p2);
    await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-11-01',
        items: [{ productId: p2, quantity: 1 }],
      },
      { completedOn: '2026-11-01' },
    );
    await expect(createBillingRun(context, { billingMonth: '2026-12' }, TODAY)).rejects.toMatchObject({
      code: 'billing_month_not_ended',
    });
    const preview = await run('2026-12', { dryRun: true });
    expect(preview.report.lines).toBeGreaterThanOrEqual(2);
    expect(await invoicesOf(customer.billingAccountId)).toEqual([]);
  });

  test('two runs of one month at once bill one set of charges', async () => {
    const p2 = await product({
      pattern: 'initial_and_monthly',
      initialFee: 1000,
      monthlyFee: 300,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
    });
    const customers = await Promise.all([1, 2, 3].map(() => customerWith(p2)));
    for (const customer of customers) {
      await order(
        {
          kind: 'new',
          customerId: customer.id,
          orderedOn: '2026-03-05',
          items: [{ productId: p2, quantity: 2 }],
        },
        { completedOn: '2026-03-05' },
      );
    }
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => createBillingRun(context, { billingMonth: '2026-04' }, TODAY)),
    );
    await Promise.all(runs.map((r) => processBillingRun(app().database, tenant.tenantId, r.id, TODAY)));
    for (const customer of customers) {
      expect(await linesOf(customer.billingAccountId, '2026-04')).toEqual([
        { chargeKind: 'initial', serviceMonth: '2026-03', quantity: 1, amount: 1000 },
        { chargeKind: 'monthly', serviceMonth: '2026-03', quantity: 2, amount: 600 },
        { chargeKind: 'monthly', serviceMonth: '2026-04', quantity: 2, amount: 600 },
      ]);
      const [invoice] = await invoicesOf(customer.billingAccountId);
      expect(invoice).toMatchObject({ subtotal: 2200, taxTotal: 220, total: 2420 });
      expect(await invoicesOf(customer.billingAccountId)).toHaveLength(1);
    }
  });

  test('completing a change back-dated into a billed month is warned of (rule 7)', async () => {
    const { productId: p2, customer, ...placed } = await monthlySale(700, '2026-03-02');
    await run('2026-04');
    const add = ok(
      await admin.post('/api/v1/orders', {
        kind: 'add',
        lineItemId: placed.lineItemId,
        quantity: 2,
        orderedOn: '2026-03-10',
      }),
      201,
    );
    const check = (completedOn: string) => billedMonths(add.id, completedOn);
    expect((await check('2026-03-20')).items).toEqual([
      expect.objectContaining({
        orderItemId: add.items[0]?.id,
        lineItemId: placed.lineItemId,
        kind: 'add',
        status: 'processing',
        lastBilledMonth: '2026-04',
        affected: { from: '2026-03', to: '2026-04' },
      }),
    ]);
    expect((await check('2026-05-01')).items[0]?.affected).toBeNull();
    // The new order's own line item was not billed before its completion: nothing to warn of.
    const fresh = ok(
      await admin.post('/api/v1/orders', {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-03-02',
        items: [{ productId: p2, quantity: 1 }],
      }),
      201,
    );
    expect((await billedMonths(fresh.id, '2026-03-02')).items[0]).toMatchObject({
      lastBilledMonth: null,
      affected: null,
    });
    // Bad dates and unknown orders.
    expect(
      (await admin.get(`/api/v1/orders/${add.id}/billed-months?completedOn=2026-13-01`)).statusCode,
    ).toBe(400);
    expect((await admin.get(`/api/v1/orders/${add.id}/billed-months`)).statusCode).toBe(400);
    expect(
      (await admin.get(`/api/v1/orders/${randomUUID()}/billed-months?completedOn=2026-03-20`)).statusCode,
    ).toBe(404);
  });

  test('an issued invoice is immutable, also by SQL as the application role; new charges go to a supplementary invoice', async () => {
    const { productId: p2, customer } = await monthlySale(1200, '2026-05-10');
    await run('2026-05');
    const [draft] = await invoicesOf(customer.billingAccountId);
    if (!draft) throw new Error('no invoice');
    await app().database.inTenant(tenant.tenantId, (tx) =>
      issueDrafts(tx, tenant.tenantId, [draft.id], TODAY, { dueDateShift: 'next_business_day' }, null),
    );
    // Due at the end of the next month, 2027-01-31, a Sunday: the next business day.
    const [issued] = await invoicesOf(customer.billingAccountId);
    expect(issued).toMatchObject({ status: 'issued', issueDate: TODAY, dueDate: '2027-02-01' });
    expect(issued?.number).toMatch(/^INV-\d{8}$/);

    await expect(attempt(sql`update invoices set total = 0 where id = ${draft.id}`)).rejects.toThrow(
      /cannot be changed/,
    );
    await expect(attempt(sql`delete from invoices where id = ${draft.id}`)).rejects.toThrow(
      /cannot be deleted/,
    );
    await expect(
      attempt(sql`update invoice_lines set amount = 1 where invoice_id = ${draft.id}`),
    ).rejects.toThrow(/cannot be changed/);
    await expect(attempt(sql`delete from invoice_lines where invoice_id = ${draft.id}`)).rejects.toThrow(
      /cannot be changed/,
    );
    // Nor can a line be added to it, by insert or by moving one there from elsewhere.
    const [billed] = rowsOf<{ line_item_id: string }>(
      await attempt(sql`select line_item_id from invoice_lines where invoice_id = ${draft.id}`),
    );
    await expect(
      attempt(sql`insert into invoice_lines (tenant_id, id, invoice_id, charge_kind, line_item_id, service_month,
                                             quantity, unit_price, amount, tax_rate)
                  values (${tenant.tenantId}, ${randomUUID()}, ${draft.id}, 'monthly', ${billed?.line_item_id},
                          '2026-01', 1, 100, 100, 10)`),
    ).rejects.toMatchObject({
      code: '23000',
      message: expect.stringMatching(/issued invoice cannot be added/),
    });
    await expect(
      attempt(sql`update invoice_lines set invoice_id = ${draft.id}
                   where invoice_id in (select id from invoices where status = 'draft') and charge_kind = 'monthly'`),
    ).rejects.toMatchObject({
      code: '23000',
      message: expect.stringMatching(/issued invoice cannot be changed/),
    });
    // Payment columns may still change.
    await attempt(
      sql`update invoices set paid_amount = 100, payment_status = 'partially_paid' where id = ${draft.id}`,
    );

    // A later catch-up for the same month lands on a supplementary invoice (sequence 2).
    const other = await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-05-20',
        items: [{ productId: p2, quantity: 2 }],
      },
      { completedOn: '2026-05-20' },
    );
    expect(other.lineItemId).toBeTruthy();
    await run('2026-05');
    const all = await invoicesOf(customer.billingAccountId);
    expect(all.map((invoice) => [invoice.sequence, invoice.status, invoice.total])).toEqual([
      [1, 'issued', 1320],
      [2, 'draft', 2640],
    ]);
  });
  test('an invoice line refers to an invoice, line items and order items that exist; those are never deleted nor rekeyed', async () => {
    const p3 = await product({
      pattern: 'initial_and_monthly',
      initialFee: 3000,
      monthlyFee: 500,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
    });
    const customer = await customerWith(p3);
    const placed = await order(
      {
        kind: 'new',
        customerId: customer.id,
        orderedOn: '2026-04-10',
        items: [{ productId: p3, quantity: 1 }],
      },
      { completedOn: '2026-04-10' },
    );
    await run('2026-04');
    const [initial] = rowsOf<{ invoice_id: string; order_item_id: string }>(
      await attempt(sql`select invoice_id, order_item_id from invoice_lines
                         where line_item_id = ${placed.lineItemId} and charge_kind = 'initial'`),
    );
    if (!initial) throw new Error('no initial charge billed');
    const { invoice_id: invoiceId, order_item_id: orderItemId } = initial;
    const insertLine = (lineItemId: string, orderItem: string | null, kind: string) =>
      attempt(sql`insert into invoice_lines (tenant_id, id, invoice_id, charge_kind, line_item_id, order_item_id,
                                             service_month, quantity, unit_price, amount, tax_rate)
                  values (${tenant.tenantId}, ${randomUUID()}, ${invoiceId}, ${kind}, ${lineItemId}, ${orderItem},
                          '2026-03', 1, 100, 100, 10)`);
    await expect(insertLine(randomUUID(), null, 'monthly')).rejects.toMatchObject({
      code: '23503',
      message: expect.stringMatching(/line item that does not exist/),
    });
    await expect(insertLine(placed.lineItemId, randomUUID(), 'initial')).rejects.toMatchObject({
      code: '23503',
      message: expect.stringMatching(/order item that does not exist/),
    });
    await expect(
      attempt(sql`update invoice_lines set line_item_id = ${randomUUID()} where invoice_id = ${invoiceId}`),
    ).rejects.toMatchObject({ code: '23503' });
    // The same line with a line item that exists is taken (the draft is still open).
    await insertLine(placed.lineItemId, null, 'monthly');

    // The invoice too is checked per statement (migration 0010): a line of an invoice that is
    // not there is refused, and a draft that holds lines is neither deleted nor rekeyed.
    await expect(
      attempt(sql`insert into invoice_lines (tenant_id, id, invoice_id, charge_kind, line_item_id, service_month,
                                             quantity, unit_price, amount, tax_rate)
                  values (${tenant.tenantId}, ${randomUUID()}, ${randomUUID()}, 'monthly', ${placed.lineItemId},
                          '2026-02', 1, 100, 100, 10)`),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/invoice that does not exist/) });
    await expect(
      attempt(sql`update invoice_lines set invoice_id = ${randomUUID()} where invoice_id = ${invoiceId}`),
    ).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/invoice that does not exist/) });
    await expect(attempt(sql`delete from invoices where id = ${invoiceId}`)).rejects.toMatchObject({
      code: '23503',
      message: expect.stringMatching(/invoice that has lines cannot be deleted/),
    });
    await expect(
      attempt(sql`update invoices set id = ${randomUUID()} where id = ${invoiceId}`),
    ).rejects.toThrow(/key of invoices .* cannot be changed/);
    await expect(app().database.executeSql('truncate invoices cascade')).rejects.toThrow(
      /invoices are not truncated/,
    );
    // A delete in a transaction with an older snapshot could miss a line just committed.
    const older = new pg.Client({ connectionString: app().testDatabase.url });
    await older.connect();
    try {
      await older.query('begin isolation level repeatable read');
      await expect(older.query('delete from invoices where id = $1', [invoiceId])).rejects.toMatchObject({
        code: '40001',
        message: expect.stringMatching(/only in READ COMMITTED/),
      });
      await older.query('rollback');
    } finally {
      await older.end();
    }

    await expect(attempt(sql`delete from line_items where id = ${placed.lineItemId}`)).rejects.toThrow(
      /line_items are records of what was sold and are never deleted/,
    );
    await expect(attempt(sql`delete from order_items where id = ${orderItemId}`)).rejects.toThrow(
      /order_items are records of what was sold and are never deleted/,
    );
    await expect(
      attempt(sql`update line_items set id = ${randomUUID()} where id = ${placed.lineItemId}`),
    ).rejects.toThrow(/key of line_items .* cannot be changed/);
    await expect(
      attempt(sql`update order_items set id = ${randomUUID()} where id = ${orderItemId}`),
    ).rejects.toThrow(/key of order_items .* cannot be changed/);
    // Nor emptied by the owner (a superuser here): TRUNCATE is refused too.
    await expect(app().database.executeSql('truncate line_items, order_items cascade')).rejects.toThrow(
      /are records of what was sold and are never deleted/,
    );
    // Other columns change as before.
    await attempt(sql`update line_items set updated_at = now() where id = ${placed.lineItemId}`);

    // A line being added holds its invoice (FOR KEY SHARE, as the foreign key did): a delete
    // of the invoice by another transaction waits for it, then sees the line and is refused.
    let inserted = () => {};
    let release = () => {};
    const insertedYet = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const adding = app().database.inTenant(tenant.tenantId, async (tx) => {
      await tx.execute(sql`insert into invoice_lines (tenant_id, id, invoice_id, charge_kind, line_item_id, service_month,
                                                      quantity, unit_price, amount, tax_rate)
                           values (${tenant.tenantId}, ${randomUUID()}, ${invoiceId}, 'monthly', ${placed.lineItemId},
                                   '2026-01', 1, 100, 100, 10)`);
      inserted();
      await released;
    });
    await insertedYet;
    const deleting = attempt(sql`
      with gone as (delete from invoice_lines where invoice_id = ${invoiceId})
      delete from invoices where id = ${invoiceId}`).then(
      () => null,
      (error: unknown) => error,
    );
    try {
      for (let waited = 0; ; waited += 1) {
        const waiting = await app().database.executeSql(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if ((waiting.rows[0] as { n: number }).n > 0) break;
        if (waited > 200) throw new Error('the delete never waited for the adding transaction');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      release();
      await adding;
    }
    expect(await deleting).toMatchObject({ code: '23503', message: expect.stringMatching(/has lines/) });
    const [kept] = rowsOf<{ n: number }>(
      await attempt(sql`select count(*)::int as n from invoice_lines where invoice_id = ${invoiceId}`),
    );
    expect(kept?.n).toBeGreaterThan(1);
  });

  test('a run in batches of one billing account bills what a run in one batch does', async () => {
    const month = '2026-11';
    const linked = await product({
      pattern: 'initial_and_monthly',
      initialFee: 3000,
      monthlyFee: 1000,
      quantityLinkedInitialFee: true,
      freePeriod: { unit: 'month', length: 1 },
    });
    const accounts: string[] = [];
    for (const [index, quantity] of [1, 2, 3, 4].entries()) {
      const customer = await customerWith(linked);
      accounts.push(customer.billingAccountId);
      const placed = await order(
        {
          kind: 'new',
          customerId: customer.id,
          orderedOn: '2026-08-01',
          items: [{ productId: linked, quantity }],
        },
        { completedOn: ['2026-08-10', '2026-09-11', '2026-10-12', '2026-08-13'][index] },
      );
      if (index % 2 === 1) {
        await order(
          { kind: 'add', lineItemId: placed.lineItemId, quantity: 2, orderedOn: '2026-11-01' },
          { completedOn: '2026-11-20' },
        );
      }
    }
    accounts.push((await monthlySale(5000, '2026-09-05')).customer.billingAccountId);

    const billed = async () =>
      rowsOf<Record<string, unknown>>(
        await attempt(sql`
          select i.billing_account_id, i.subtotal, i.tax_total, i.total, l.charge_kind, l.line_item_id, l.order_item_id,
                 l.service_month, l.quantity, l.unit_price, l.amount, l.tax_rate
            from invoices i join invoice_lines l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
           where i.billing_account_id = any(${sql.param(accounts)}::uuid[]) and i.billing_month = ${month}
           order by i.billing_account_id, l.line_item_id, l.charge_kind, l.service_month`),
      );
    const runIn = async (accountsPerBatch: number) => {
      const created = await createBillingRun(context, { billingMonth: month }, TODAY, { accountsPerBatch });
      const done = await processBillingRun(app().database, tenant.tenantId, created.id, TODAY);
      expect(done.status).toBe('completed');
      return created;
    };

    await runIn(1);
    const split = await billed();
    expect(new Set(split.map((line) => line.billing_account_id))).toEqual(new Set(accounts));
    expect(split.filter((line) => line.charge_kind === 'initial').length).toBeGreaterThanOrEqual(6);
    // The month taken back (its drafts and their lines), then billed again in one batch.
    await attempt(sql`
      with gone as (delete from invoice_lines l using invoices i
                     where l.tenant_id = i.tenant_id and l.invoice_id = i.id and i.status = 'draft'
                       and i.billing_account_id = any(${sql.param(accounts)}::uuid[]) and i.billing_month = ${month})
      select 1`);
    await attempt(sql`
      delete from invoices where status = 'draft' and billing_account_id = any(${sql.param(accounts)}::uuid[])
         and billing_month = ${month}`);
    expect(await billed()).toEqual([]);
    await runIn(100_000);
    expect(await billed()).toEqual(split);
  });

  test('with 自動発行 on, a run issues the invoices it writes: numbered, with a due date', async () => {
    const settings = ok(await admin.get('/api/v1/billing-settings')) as unknown as Record<string, unknown>;
    const { version, ...rest } = settings;
    ok(await admin.patch('/api/v1/billing-settings', { ...pick(rest), autoIssue: true, version }));
    try {
      const { customer } = await monthlySale(2500, '2026-10-05');
      expect((await run('2026-10')).status).toBe('completed');
      const [invoice, ...others] = await invoicesOf(customer.billingAccountId);
      expect(others).toEqual([]);
      expect(invoice).toMatchObject({
        billingMonth: '2026-10',
        status: 'issued',
        issueDate: TODAY,
        subtotal: 2500,
      });
      expect(invoice?.number).toMatch(/^INV-/);
      expect(invoice?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      const current = ok(await admin.get('/api/v1/billing-settings')) as unknown as Record<string, unknown>;
      ok(
        await admin.patch('/api/v1/billing-settings', {
          ...pick(current),
          autoIssue: false,
          version: current.version,
        }),
      );
    }
  });
});

/** The settings' writable fields, as PATCH /billing-settings takes them. */
function pick(settings: Record<string, unknown>) {
  const { firstMonth, quantityBasis, pricesIncludeTax, dueDateShift, bankAccount } = settings;
  return { firstMonth, quantityBasis, pricesIncludeTax, dueDateShift, bankAccount };
}
