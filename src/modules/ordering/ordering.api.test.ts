// 新規注文 / 追加注文 / 削減注文 / 解約注文, 注文履歴, 注文完了 (whole and partial), キャンセル,
// 契約管理 and 明細管理 through the API (api.md "Orders, contracts, line items"; seeds 000 and
// 001), by staff. Portal users: ordering.portal.api.test.ts; concurrency:
// ordering.concurrency.api.test.ts.
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
import { type OrderingFixture, orderingFixture } from '../../test/ordering.js';

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
/** 支店 (order_desk): places orders, edits contracts. */
let desk: ApiClient;
/** 事務センター (back_office): completes and cancels orders. */
let back: ApiClient;
let f: OrderingFixture;

const today = () => Temporal.Now.plainDateISO('Asia/Tokyo');

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  desk = await userWithRoles(app(), tenant, ['order_desk'], admin);
  back = await userWithRoles(app(), tenant, ['back_office'], admin);
  f = orderingFixture(admin);
});

/** Nothing of the tenant changes while `fn` runs (a refused request writes nothing). */
async function writesNothing(fn: () => Promise<void>): Promise<void> {
  const before = await databaseFingerprint(app().database, tenant.tenantId);
  await fn();
  expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
}

function expectProblem(
  response: { statusCode: number; json(): unknown; body: string },
  status: number,
  code: string,
  paths?: string[],
) {
  expect(response.statusCode, response.body).toBe(status);
  const problem = response.json() as { code: string; errors?: { path: string }[] };
  expect(problem.code).toBe(code);
  if (paths) expect(problem.errors?.map((error) => error.path)).toEqual(paths);
}

describe('新規注文 (new order) and 注文完了', () => {
  test('a new order creates its contract and line items, processing; completion takes the free period', async () => {
    const customer = await f.customer();
    const p1 = await f.product({ freePeriod: { unit: 'month', length: 1 } });
    const p2 = await f.product({ freePeriod: { unit: 'day', length: 0 } });
    await f.onSale(customer.id, [p1.id, p2.id]);

    const placed = await desk.post('/api/v1/orders', {
      kind: 'new',
      customerId: customer.id,
      contractName: ' 本社 光回線 ',
      items: [
        { productId: p1.id, quantity: 2 },
        { productId: p2.id, quantity: 1 },
      ],
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const order = placed.json();
    expect(order).toMatchObject({
      number: expect.stringMatching(/^O\d{6}$/),
      kind: 'new',
      orderedOn: today().toString(),
      status: 'processing',
      customerId: customer.id,
      channel: 'staff',
      items: [
        { productId: p1.id, quantity: 2, status: 'processing' },
        { productId: p2.id, quantity: 1, status: 'processing' },
      ],
    });

    const contract = (await desk.get(`/api/v1/contracts/${order.contractId}`)).json();
    expect(contract).toMatchObject({
      id: order.contractId,
      number: expect.stringMatching(/^K\d{6}$/),
      name: '本社 光回線',
      remarks: null,
      customer: { id: customer.id, code: customer.code, name: customer.name },
      billingAccountId: customer.defaultBillingAccountId,
      version: 1,
    });
    expect(contract.lineItems).toHaveLength(2);
    for (const line of contract.lineItems) {
      expect(line).toMatchObject({
        number: expect.stringMatching(/^L\d{6}$/),
        status: 'ordered',
        quantity: 0,
        chargeStartDate: null,
        hasProcessingOrder: true,
      });
    }
    expect(contract.orders.map((o: { id: string }) => o.id)).toEqual([order.id]);

    const completedOn = today().subtract({ days: 3 }).toString();
    // Staff back-date nothing here: the completion may not precede today's order date.
    const early = await back.post(`/api/v1/orders/${order.id}/complete`, { completedOn });
    expectProblem(early, 422, 'completion_before_order_date', ['/completedOn']);

    const done = await back.post(`/api/v1/orders/${order.id}/complete`, { completedOn: today().toString() });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'completed', completedOn: today().toString() });
    const lines = (await desk.get(`/api/v1/contracts/${order.contractId}`)).json().lineItems;
    const byProduct = new Map(lines.map((line: { productId: string }) => [line.productId, line]));
    expect(byProduct.get(p1.id)).toMatchObject({
      status: 'active',
      quantity: 2,
      completedOn: today().toString(),
      chargeStartDate: today().add({ months: 1 }).toString(),
      hasProcessingOrder: false,
    });
    expect(byProduct.get(p2.id)).toMatchObject({
      status: 'active',
      quantity: 1,
      chargeStartDate: today().toString(),
    });
  });
});

/** The order's id, contract id and the line item ids of its items, placed by desk. */
async function placeNew(
  customerId: string,
  items: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
) {
  return f.placeOrder({ kind: 'new', customerId, items, ...extra }, desk);
}

const lineItem = async (id: string) => {
  const response = await desk.get(`/api/v1/line-items/${id}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

describe('部分確定 (partial confirmation), carrier products and serial numbers (seed 001)', () => {
  test('the carrier item is completed first with its serial number; the order completes with the last item', async () => {
    const customer = await f.customer();
    const bgm = await f.product();
    const fibre = await f.product({
      fulfilment: 'carrier',
      serialNumberPattern: '^P\\d{13}$',
      freePeriod: { unit: 'day', length: 0 },
    });
    await f.onSale(customer.id, [bgm.id, fibre.id]);
    const orderedOn = today().subtract({ days: 20 }).toString();
    const order = await placeNew(
      customer.id,
      [
        { productId: bgm.id, quantity: 1 },
        { productId: fibre.id, quantity: 1 },
      ],
      { orderedOn },
    );
    expect(order.orderedOn).toBe(orderedOn);
    const [bgmItem, fibreItem] = order.items;
    const fibreUrl = `/api/v1/orders/${order.id}/items/${fibreItem.id}/complete`;
    const completedOn = today().subtract({ days: 5 }).toString();

    await writesNothing(async () => {
      expectProblem(await back.post(fibreUrl, { completedOn }), 422, 'serial_number_required', [
        '/serialNumber',
      ]);
      expectProblem(
        await back.post(fibreUrl, { completedOn, serialNumber: 'P12345' }),
        422,
        'serial_number_invalid',
        ['/serialNumber'],
      );
      // The whole order: the carrier item's serial number is missing, the BGM item may not have one.
      expectProblem(
        await back.post(`/api/v1/orders/${order.id}/complete`, { completedOn }),
        422,
        'serial_number_required',
        [`/serialNumbers/${fibreItem.id}`],
      );
      expectProblem(
        await back.post(`/api/v1/orders/${order.id}/complete`, {
          completedOn,
          serialNumbers: { [randomUUID()]: 'P1234567890123' },
        }),
        422,
        'completion_field_not_applicable',
      );
    });

    const partial = await back.post(fibreUrl, { completedOn, serialNumber: 'P1234567890123' });
    expect(partial.statusCode, partial.body).toBe(200);
    expect(partial.json()).toMatchObject({
      status: 'processing',
      completedOn: null,
      items: [
        { id: bgmItem.id, status: 'processing' },
        {
          id: fibreItem.id,
          status: 'completed',
          completedOn,
          serialNumber: 'P1234567890123',
          chargeStartDate: completedOn,
        },
      ],
    });
    expect(await lineItem(fibreItem.lineItemId)).toMatchObject({
      status: 'active',
      quantity: 1,
      serialNumber: 'P1234567890123',
      completedOn,
      chargeStartDate: completedOn,
      hasProcessingOrder: false,
    });
    expect(await lineItem(bgmItem.lineItemId)).toMatchObject({
      status: 'ordered',
      quantity: 0,
      hasProcessingOrder: true,
    });
    // A completed item is not completed again.
    expectProblem(
      await back.post(fibreUrl, { completedOn, serialNumber: 'P1234567890123' }),
      422,
      'order_item_not_processing',
    );

    const rest = await back.post(`/api/v1/orders/${order.id}/items/${bgmItem.id}/complete`, {
      completedOn: today().toString(),
    });
    expect(rest.statusCode, rest.body).toBe(200);
    expect(rest.json()).toMatchObject({ status: 'completed', completedOn: today().toString() });
    expectProblem(
      await back.post(`/api/v1/orders/${order.id}/complete`, { completedOn }),
      422,
      'order_not_processing',
    );
  });

  test('completing the whole order with a serial number per carrier item', async () => {
    const customer = await f.customer();
    const fibre = await f.product({ fulfilment: 'carrier', serialNumberPattern: '^P\\d{13}$' });
    await f.onSale(customer.id, [fibre.id]);
    const order = await placeNew(customer.id, [
      { productId: fibre.id, quantity: 1 },
      { productId: fibre.id, quantity: 1 },
    ]);
    const [first, second] = order.items;
    expect(first.lineItemId).not.toBe(second.lineItemId);
    const done = await back.post(`/api/v1/orders/${order.id}/complete`, {
      completedOn: today().toString(),
      serialNumbers: { [first.id]: 'P0000000000001', [second.id]: 'P0000000000002' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect((await lineItem(first.lineItemId)).serialNumber).toBe('P0000000000001');
    expect((await lineItem(second.lineItemId)).serialNumber).toBe('P0000000000002');
  });
});

describe('order dates (orderedOn) and charge start dates', () => {
  test('staff back-date an order; a future date is refused; the completion may not precede the order date', async () => {
    const customer = await f.customer();
    const product = await f.product({ freePeriod: { unit: 'month', length: 2 } });
    await f.onSale(customer.id, [product.id]);
    const items = [{ productId: product.id, quantity: 1 }];
    await writesNothing(async () => {
      expectProblem(
        await desk.post('/api/v1/orders', {
          kind: 'new',
          customerId: customer.id,
          items,
          orderedOn: today().add({ days: 1 }).toString(),
        }),
        422,
        'order_date_in_future',
        ['/orderedOn'],
      );
    });
    const orderedOn = today().subtract({ months: 4 }).toString();
    const order = await placeNew(customer.id, items, { orderedOn });
    expect(order.orderedOn).toBe(orderedOn);
    const url = `/api/v1/orders/${order.id}/complete`;
    await writesNothing(async () => {
      expectProblem(
        await back.post(url, {
          completedOn: Temporal.PlainDate.from(orderedOn).subtract({ days: 1 }).toString(),
        }),
        422,
        'completion_before_order_date',
        ['/completedOn'],
      );
    });
    // billing.md example D: completed late, the charge start date set back to soon after the order.
    const chargeStartDate = Temporal.PlainDate.from(orderedOn).add({ days: 14 }).toString();
    const done = await back.post(url, { completedOn: today().toString(), chargeStartDate });
    expect(done.statusCode, done.body).toBe(200);
    expect(await lineItem(order.items[0].lineItemId)).toMatchObject({
      status: 'active',
      completedOn: today().toString(),
      chargeStartDate,
    });
  });

  test('the completion date is on or after the order date: the same day is fine', async () => {
    const { lineItemId } = await f.activeLineItem(1, { orderedOn: today().subtract({ days: 2 }).toString() });
    expect((await lineItem(lineItemId)).completedOn).toBe(today().subtract({ days: 2 }).toString());
  });
});

describe('キャンセル (cancel with a reason)', () => {
  test('a new order cancelled: its items and line items are cancelled, the reason kept', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const order = await placeNew(customer.id, [{ productId: product.id, quantity: 3 }]);
    const url = `/api/v1/orders/${order.id}/cancel`;
    await writesNothing(async () => {
      expectProblem(await back.post(url, { reason: '' }), 400, 'validation_failed', ['/reason']);
      expectProblem(await back.post(url, { reason: '   ' }), 400, 'validation_failed', ['/reason']);
      expectProblem(await back.post(url, {}), 400, 'validation_failed', ['/reason']);
    });
    const cancelled = await back.post(url, { reason: ' お客様都合によりキャンセル ' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'お客様都合によりキャンセル',
      cancelledAt: expect.any(String),
      items: [{ status: 'cancelled', cancelReason: 'お客様都合によりキャンセル' }],
    });
    expect(await lineItem(order.items[0].lineItemId)).toMatchObject({
      status: 'cancelled',
      quantity: 0,
      hasProcessingOrder: false,
    });
    expectProblem(await back.post(url, { reason: 'again' }), 422, 'order_not_processing');
    expectProblem(
      await back.post(`/api/v1/orders/${order.id}/complete`, { completedOn: today().toString() }),
      422,
      'order_not_processing',
    );
    // A cancelled line item takes no orders.
    expectProblem(
      await desk.post('/api/v1/orders', { kind: 'add', lineItemId: order.items[0].lineItemId, quantity: 1 }),
      422,
      'line_item_not_active',
    );
  });

  test('one item cancelled (the carrier reported it cancelled), the other completed: the order is completed', async () => {
    const customer = await f.customer();
    const bgm = await f.product();
    const fibre = await f.product({ fulfilment: 'carrier' });
    await f.onSale(customer.id, [bgm.id, fibre.id]);
    const order = await placeNew(customer.id, [
      { productId: bgm.id, quantity: 1 },
      { productId: fibre.id, quantity: 1 },
    ]);
    const [bgmItem, fibreItem] = order.items;
    const cancelled = await back.post(`/api/v1/orders/${order.id}/items/${fibreItem.id}/cancel`, {
      reason: 'NTT進捗: キャンセル',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'processing' });
    expect((await lineItem(fibreItem.lineItemId)).status).toBe('cancelled');
    expectProblem(
      await back.post(`/api/v1/orders/${order.id}/items/${fibreItem.id}/cancel`, { reason: 'again' }),
      422,
      'order_item_not_processing',
    );
    // Completing the order completes what is still open: the BGM item.
    const done = await back.post(`/api/v1/orders/${order.id}/complete`, { completedOn: today().toString() });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'completed',
      items: [
        { id: bgmItem.id, status: 'completed' },
        { id: fibreItem.id, status: 'cancelled' },
      ],
    });
  });

  test('cancelling a partially completed order cancels the rest; the order counts as completed', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const order = await placeNew(customer.id, [
      { productId: product.id, quantity: 1 },
      { productId: product.id, quantity: 2 },
    ]);
    const [first, second] = order.items;
    await back.post(`/api/v1/orders/${order.id}/items/${first.id}/complete`, {
      completedOn: today().toString(),
    });
    const cancelled = await back.post(`/api/v1/orders/${order.id}/cancel`, { reason: '残りは不要' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({
      status: 'completed',
      cancelReason: null,
      items: [
        { id: first.id, status: 'completed' },
        { id: second.id, status: 'cancelled', cancelReason: '残りは不要' },
      ],
    });
    expect((await lineItem(first.lineItemId)).status).toBe('active');
    expect((await lineItem(second.lineItemId)).status).toBe('cancelled');
  });

  test('an item id of another order, or unknown, is 404', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const a = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }]);
    const b = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }]);
    await writesNothing(async () => {
      for (const action of ['complete', 'cancel']) {
        for (const itemId of [b.items[0].id, randomUUID()]) {
          const response = await back.post(`/api/v1/orders/${a.id}/items/${itemId}/${action}`, {
            completedOn: today().toString(),
            ...(action === 'cancel' ? { reason: 'x', completedOn: undefined } : {}),
          });
          expectProblem(response, 404, 'not_found');
        }
      }
    });
  });
});

describe('追加注文 / 削減注文 / 解約注文 on a line item', () => {
  test('add: refused while processing; the quantity in use changes only when completed', async () => {
    const { lineItemId, customer } = await f.activeLineItem(5);
    const add = await f.placeOrder({ kind: 'add', lineItemId, quantity: 3 }, desk);
    expect(add).toMatchObject({ kind: 'add', status: 'processing', items: [{ lineItemId, quantity: 3 }] });
    expect(await lineItem(lineItemId)).toMatchObject({ quantity: 5, hasProcessingOrder: true });

    await writesNothing(async () => {
      for (const body of [
        { kind: 'add', lineItemId, quantity: 1 },
        { kind: 'reduce', lineItemId, quantity: 1 },
        { kind: 'terminate', lineItemId },
      ]) {
        expectProblem(await desk.post('/api/v1/orders', body), 422, 'line_item_has_processing_order', [
          '/lineItemId',
        ]);
      }
    });
    // The add cannot carry new-order fields at completion.
    expectProblem(
      await back.post(`/api/v1/orders/${add.id}/complete`, {
        completedOn: today().toString(),
        chargeStartDate: today().toString(),
      }),
      422,
      'completion_field_not_applicable',
      ['/chargeStartDate'],
    );
    const done = await back.post(`/api/v1/orders/${add.id}/complete`, { completedOn: today().toString() });
    expect(done.statusCode, done.body).toBe(200);
    expect(await lineItem(lineItemId)).toMatchObject({
      quantity: 8,
      status: 'active',
      hasProcessingOrder: false,
    });

    // A cancelled add changes nothing.
    const second = await f.placeOrder(
      { kind: 'add', lineItemId, quantity: 10, customerId: customer.id },
      desk,
    );
    await back.post(`/api/v1/orders/${second.id}/cancel`, { reason: '取り消し' });
    const read = await lineItem(lineItemId);
    expect(read.quantity).toBe(8);
    expect(
      read.orders.map((o: { kind: string; status: string; quantity: number }) => [
        o.kind,
        o.status,
        o.quantity,
      ]),
    ).toEqual([
      ['new', 'completed', 5],
      ['add', 'completed', 3],
      ['add', 'cancelled', 10],
    ]);
  });

  test('reduce keeps at least 1; the rest is a terminate order', async () => {
    const { lineItemId } = await f.activeLineItem(10);
    await writesNothing(async () => {
      for (const quantity of [10, 11]) {
        expectProblem(
          await desk.post('/api/v1/orders', { kind: 'reduce', lineItemId, quantity }),
          422,
          'reduce_below_one',
          ['/quantity'],
        );
      }
    });
    const reduce = await f.placeOrder({ kind: 'reduce', lineItemId, quantity: 9 }, desk);
    expect((await lineItem(lineItemId)).quantity).toBe(10);
    await back.post(`/api/v1/orders/${reduce.id}/complete`, { completedOn: today().toString() });
    expect((await lineItem(lineItemId)).quantity).toBe(1);
    expectProblem(
      await desk.post('/api/v1/orders', { kind: 'reduce', lineItemId, quantity: 1 }),
      422,
      'reduce_below_one',
    );
  });

  test('terminate ends the line item on the completion date (last day of service)', async () => {
    const { lineItemId, contractId } = await f.activeLineItem(4, {
      orderedOn: today().subtract({ months: 2 }).toString(),
      completedOn: today().subtract({ months: 1 }).toString(),
    });
    const terminate = await f.placeOrder({ kind: 'terminate', lineItemId }, desk);
    expect(terminate).toMatchObject({ kind: 'terminate', contractId, items: [{ lineItemId, quantity: 4 }] });
    const endDate = today().add({ days: 10 }).toString();
    // Not before the terminate order's own date (today).
    expectProblem(
      await back.post(`/api/v1/orders/${terminate.id}/complete`, {
        completedOn: today().subtract({ months: 1, days: 1 }).toString(),
      }),
      422,
      'completion_before_order_date',
    );
    const done = await back.post(`/api/v1/orders/${terminate.id}/complete`, { completedOn: endDate });
    expect(done.statusCode, done.body).toBe(200);
    expect(await lineItem(lineItemId)).toMatchObject({ status: 'terminated', endDate, quantity: 4 });
    await writesNothing(async () => {
      for (const body of [
        { kind: 'add', lineItemId, quantity: 1 },
        { kind: 'reduce', lineItemId, quantity: 1 },
        { kind: 'terminate', lineItemId },
      ]) {
        expectProblem(await desk.post('/api/v1/orders', body), 422, 'line_item_not_active', ['/lineItemId']);
      }
    });
  });

  test("a back-dated add may not complete before the line item's last change", async () => {
    const { lineItemId } = await f.activeLineItem(2, {
      orderedOn: today().subtract({ days: 30 }).toString(),
      completedOn: today().subtract({ days: 10 }).toString(),
    });
    const add = await f.placeOrder(
      { kind: 'add', lineItemId, quantity: 1, orderedOn: today().subtract({ days: 20 }).toString() },
      desk,
    );
    await writesNothing(async () => {
      expectProblem(
        await back.post(`/api/v1/orders/${add.id}/complete`, {
          completedOn: today().subtract({ days: 15 }).toString(),
        }),
        422,
        'completion_before_line_item_change',
        ['/completedOn'],
      );
    });
  });

  test('a line item whose new order is processing takes no other order', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const order = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }]);
    expectProblem(
      await desk.post('/api/v1/orders', { kind: 'add', lineItemId: order.items[0].lineItemId, quantity: 1 }),
      422,
      'line_item_has_processing_order',
    );
  });

  test("an unknown line item, or another customer's, is 422 line_item_not_found; quantities are whole and 1 to 100,000", async () => {
    const { lineItemId } = await f.activeLineItem(2);
    const other = await f.customer();
    await writesNothing(async () => {
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'add', lineItemId: randomUUID(), quantity: 1 }),
        422,
        'line_item_not_found',
        ['/lineItemId'],
      );
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'terminate', lineItemId, customerId: other.id }),
        422,
        'line_item_not_found',
        ['/lineItemId'],
      );
      for (const quantity of [0, -1, 1.5, 100_001, '1']) {
        expectProblem(
          await desk.post('/api/v1/orders', { kind: 'add', lineItemId, quantity }),
          400,
          'validation_failed',
          ['/quantity'],
        );
      }
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'add', lineItemId, quantity: 99_999 }),
        422,
        'quantity_exceeds_limit',
        ['/quantity'],
      );
    });
  });
});

describe('bad input and refusals of a new order: nothing written', () => {
  test('unknown products, products outside an on-sale agreement, draft and scheduled agreements, draft products', async () => {
    const customer = await f.customer();
    const onSale = await f.product();
    const nowhere = await f.product();
    const inDraft = await f.product();
    const inScheduled = await f.product();
    const draftProduct = await f.product({ publish: false });
    await f.onSale(customer.id, [onSale.id]);
    await f.draftAgreement(customer.id, [inDraft.id, draftProduct.id]);
    await f.scheduledAgreement(customer.id, [inScheduled.id], today().add({ days: 7 }).toString());
    // Another customer's on-sale agreement does not count.
    const other = await f.customer();
    await f.onSale(other.id, [nowhere.id]);
    const order = (items: Record<string, unknown>[]) =>
      desk.post('/api/v1/orders', { kind: 'new', customerId: customer.id, items });

    await writesNothing(async () => {
      expectProblem(await order([{ productId: randomUUID(), quantity: 1 }]), 422, 'product_not_found', [
        '/items/0/productId',
      ]);
      expectProblem(
        await order([
          { productId: onSale.id, quantity: 1 },
          { productId: nowhere.id, quantity: 1 },
        ]),
        422,
        'agreement_not_on_sale',
        ['/items/1/productId'],
      );
      expectProblem(await order([{ productId: inDraft.id, quantity: 1 }]), 422, 'agreement_not_on_sale');
      expectProblem(await order([{ productId: inScheduled.id, quantity: 1 }]), 422, 'agreement_not_on_sale');
      expectProblem(await order([{ productId: draftProduct.id, quantity: 1 }]), 422, 'product_not_published');
      for (const quantity of [0, 1.5, 100_001]) {
        expectProblem(await order([{ productId: onSale.id, quantity }]), 400, 'validation_failed', [
          '/items/0/quantity',
        ]);
      }
      expectProblem(await order([]), 400, 'validation_failed', ['/items']);
      expectProblem(
        await desk.post('/api/v1/orders', {
          kind: 'new',
          customerId: randomUUID(),
          items: [{ productId: onSale.id, quantity: 1 }],
        }),
        422,
        'customer_not_found',
        ['/customerId'],
      );
    });
  });

  test('the body is checked against the shape its kind names', async () => {
    const { lineItemId } = await f.activeLineItem(1);
    await writesNothing(async () => {
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'refund', lineItemId }),
        400,
        'validation_failed',
        ['/kind'],
      );
      expectProblem(await desk.post('/api/v1/orders', { lineItemId }), 400, 'validation_failed', ['/kind']);
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'add', lineItemId }),
        400,
        'validation_failed',
        ['/quantity'],
      );
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'terminate', lineItemId, quantity: 1 }),
        400,
        'validation_failed',
        ['/quantity'],
      );
      expectProblem(
        await desk.post('/api/v1/orders', { kind: 'new', lineItemId, items: [] }),
        400,
        'validation_failed',
        ['/customerId', '/lineItemId', '/items'],
      );
    });
  });

  test('product attributes are asked and checked per item, and kept on the line item', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const key = `line_${randomUUID().slice(0, 6).replace(/-/g, '')}`;
    await f.productAttribute([product.id], {
      key,
      type: 'select',
      required: true,
      options: [
        { value: 'home', labelJa: '戸建て' },
        { value: 'mansion', labelJa: 'マンション' },
      ],
    });
    await writesNothing(async () => {
      expectProblem(
        await desk.post('/api/v1/orders', {
          kind: 'new',
          customerId: customer.id,
          items: [{ productId: product.id, quantity: 1 }],
        }),
        400,
        'validation_failed',
        [`/items/0/attributes/${key}`],
      );
      expectProblem(
        await desk.post('/api/v1/orders', {
          kind: 'new',
          customerId: customer.id,
          items: [{ productId: product.id, quantity: 1, attributes: { [key]: 'castle', unknown_one: 1 } }],
        }),
        400,
        'validation_failed',
        ['/items/0/attributes/unknown_one', `/items/0/attributes/${key}`],
      );
    });
    const order = await placeNew(customer.id, [
      { productId: product.id, quantity: 1, attributes: { [key]: 'mansion' } },
    ]);
    expect(order.items[0].attributes).toEqual({ [key]: 'mansion' });
    expect((await lineItem(order.items[0].lineItemId)).attributes).toEqual({ [key]: 'mansion' });
  });

  test('ids in the path that are not in the tenant are 404', async () => {
    const id = randomUUID();
    await writesNothing(async () => {
      expectProblem(await desk.get(`/api/v1/orders/${id}`), 404, 'not_found');
      expectProblem(await desk.get(`/api/v1/contracts/${id}`), 404, 'not_found');
      expectProblem(await desk.get(`/api/v1/line-items/${id}`), 404, 'not_found');
      expectProblem(
        await back.post(`/api/v1/orders/${id}/complete`, { completedOn: today().toString() }),
        404,
        'not_found',
      );
      expectProblem(await back.post(`/api/v1/orders/${id}/cancel`, { reason: 'x' }), 404, 'not_found');
      expectProblem(await desk.patch(`/api/v1/contracts/${id}`, { version: 1, name: 'x' }), 404, 'not_found');
    });
  });
});

describe('契約管理 (contracts) and 明細管理 (line items)', () => {
  test('contract name and remarks edited with the version read (「処理が正常に終了しました」); stale versions refused', async () => {
    const { contractId } = await f.activeLineItem(1);
    const url = `/api/v1/contracts/${contractId}`;
    const edited = await desk.patch(url, {
      version: 1,
      name: ' 新しい契約名 ',
      remarks: '支払いは翌月末\n担当: 山田',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '新しい契約名',
      remarks: '支払いは翌月末\n担当: 山田',
      version: 2,
    });
    await writesNothing(async () => {
      expectProblem(await desk.patch(url, { version: 1, name: '古い画面から' }), 409, 'version_conflict');
    });
    const cleared = await back.patch(url, { version: 2, remarks: '  ' });
    expect(cleared.json()).toMatchObject({ name: '新しい契約名', remarks: null, version: 3 });
    const sales = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expectProblem(await sales.patch(url, { version: 3, name: 'x' }), 403, 'forbidden');
    const audit = (await admin.get(`/api/v1/audit?entity=contract&id=${contractId}`)).json();
    expect(audit.items.map((entry: { action: string }) => entry.action)).toEqual([
      'update',
      'update',
      'create',
    ]);
  });

  test('the contract shows its line items with quantities in use and its order history', async () => {
    const { contractId, lineItemId, order } = await f.activeLineItem(5);
    const add = await f.placeOrder({ kind: 'add', lineItemId, quantity: 2 }, desk);
    const contract = (await desk.get(`/api/v1/contracts/${contractId}`)).json();
    expect(contract.lineItems).toEqual([
      expect.objectContaining({ id: lineItemId, quantity: 5, status: 'active', hasProcessingOrder: true }),
    ]);
    expect(
      contract.orders.map((o: { id: string; kind: string; status: string }) => [o.id, o.kind, o.status]),
    ).toEqual([
      [add.id, 'add', 'processing'],
      [order.id, 'new', 'completed'],
    ]);
    expect(contract.orders[0].items[0]).toMatchObject({
      lineItemId,
      quantity: 2,
      productCode: expect.any(String),
    });
  });

  test('the product search folds width both ways: ＢＧＭ is found by bgm, BGM by ｂｇｍ', async () => {
    const customer = await f.customer();
    const suffix = randomUUID().slice(0, 6);
    const wide = await admin.post('/api/v1/products', {
      code: `WIDE-${suffix}`,
      name: `ＢＧＭ放送ｻｰﾋﾞｽ${suffix}`,
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
    expect(wide.statusCode, wide.body).toBe(201);
    const product = wide.json();
    expect((await admin.post(`/api/v1/products/${product.id}/publish`)).statusCode).toBe(200);
    await f.onSale(customer.id, [product.id]);
    const order = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }]);
    const ids = async (url: string) =>
      (await desk.get(url)).json().items.map((item: { id: string }) => item.id);
    expect(await ids(`/api/v1/orders?q=${encodeURIComponent(`bgm放送サービス${suffix}`)}`)).toEqual([
      order.id,
    ]);
    expect(await ids(`/api/v1/orders?q=${encodeURIComponent(`ｗｉｄｅ-${suffix}`)}`)).toEqual([order.id]);
    expect(await ids(`/api/v1/line-items?q=${encodeURIComponent(`サービス${suffix}`)}`)).toEqual([
      order.items[0].lineItemId,
    ]);
  });

  test('searches: orders, contracts and line items by number, customer and product; filters; pages', async () => {
    const customer = await f.customer(`株式会社検索注文${randomUUID().slice(0, 4)}`);
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const first = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }], {
      contractName: '検索用契約',
    });
    const second = await placeNew(customer.id, [{ productId: product.id, quantity: 2 }]);
    await back.post(`/api/v1/orders/${first.id}/complete`, { completedOn: today().toString() });
    const add = await f.placeOrder({ kind: 'add', lineItemId: first.items[0].lineItemId, quantity: 1 }, desk);

    const ids = async (url: string) => {
      const response = await desk.get(url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((item: { id: string }) => item.id);
    };
    expect(await ids(`/api/v1/orders?customerId=${customer.id}`)).toEqual([add.id, second.id, first.id]);
    expect(await ids(`/api/v1/orders?customerId=${customer.id}&status=processing`)).toEqual([
      add.id,
      second.id,
    ]);
    expect(await ids(`/api/v1/orders?customerId=${customer.id}&kind=new&status=completed`)).toEqual([
      first.id,
    ]);
    expect(await ids(`/api/v1/orders?q=${first.number}`)).toEqual([first.id]);
    expect(await ids(`/api/v1/orders?q=${encodeURIComponent(customer.name)}`)).toEqual([
      add.id,
      second.id,
      first.id,
    ]);
    expect(await ids(`/api/v1/orders?q=${customer.code}`)).toEqual([add.id, second.id, first.id]);
    // By product (注文履歴: 顧客名・商品名等): code, or part of the name; another product's orders not.
    expect(await ids(`/api/v1/orders?q=${product.code}`)).toEqual([add.id, second.id, first.id]);
    expect(await ids(`/api/v1/orders?q=${encodeURIComponent(product.name.slice(2))}`)).toEqual([
      add.id,
      second.id,
      first.id,
    ]);
    const otherProduct = await f.product();
    expect(await ids(`/api/v1/orders?q=${otherProduct.code}`)).toEqual([]);
    const page = (await desk.get(`/api/v1/orders?customerId=${customer.id}&limit=2`)).json();
    expect(page.items.map((o: { id: string }) => o.id)).toEqual([add.id, second.id]);
    const next = (
      await desk.get(`/api/v1/orders?customerId=${customer.id}&limit=2&cursor=${page.nextCursor}`)
    ).json();
    expect(next).toMatchObject({ items: [{ id: first.id }], nextCursor: null });
    const listed = (await desk.get(`/api/v1/orders?q=${first.number}`)).json().items[0];
    expect(listed).toMatchObject({
      customer: { id: customer.id, code: customer.code, name: customer.name },
      contract: { id: first.contractId, name: '検索用契約' },
      items: [
        {
          productId: product.id,
          productCode: product.code,
          productName: product.name,
          lineItemNumber: expect.any(String),
        },
      ],
    });

    expect(await ids(`/api/v1/contracts?customerId=${customer.id}`)).toEqual([
      second.contractId,
      first.contractId,
    ]);
    expect(await ids(`/api/v1/contracts?q=${encodeURIComponent('検索用')}`)).toEqual([first.contractId]);
    const contract = (await desk.get(`/api/v1/contracts/${first.contractId}`)).json();
    expect(await ids(`/api/v1/contracts?q=${contract.number}`)).toEqual([first.contractId]);
    expect(await ids(`/api/v1/contracts?q=${encodeURIComponent(customer.name)}`)).toEqual([
      second.contractId,
      first.contractId,
    ]);
    // 契約名 is found whatever the width typed: full-width Latin and half-width kana alike.
    const renamed = await desk.get(`/api/v1/contracts/${second.contractId}`);
    const patched = await desk.patch(`/api/v1/contracts/${second.contractId}`, {
      version: renamed.json().version,
      name: 'ＦＴＴＨ回線ｶﾅ',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    for (const typed of ['ftth', 'ＦＴＴＨ', 'FTTH回線', 'カナ', 'ｶﾅ']) {
      expect(await ids(`/api/v1/contracts?q=${encodeURIComponent(typed)}`), typed).toEqual([
        second.contractId,
      ]);
    }

    const lines = [second.items[0].lineItemId, first.items[0].lineItemId];
    expect(await ids(`/api/v1/line-items?customerId=${customer.id}`)).toEqual(lines);
    expect(await ids(`/api/v1/line-items?customerId=${customer.id}&status=active`)).toEqual([
      first.items[0].lineItemId,
    ]);
    expect(await ids(`/api/v1/line-items?customerId=${customer.id}&status=ordered&status=active`)).toEqual(
      lines,
    );
    expect(await ids(`/api/v1/line-items?q=${product.code}`)).toEqual(lines);
    expect(await ids(`/api/v1/line-items?q=${encodeURIComponent(customer.name)}`)).toEqual(lines);
    const line = await lineItem(first.items[0].lineItemId);
    expect(await ids(`/api/v1/line-items?q=${line.number}`)).toEqual([line.id]);
    expect(line).toMatchObject({
      productCode: product.code,
      customer: { id: customer.id },
      contract: { id: first.contractId, number: contract.number },
      priceSnapshot: {
        productCode: product.code,
        monthlyFee: 1000,
        freePeriod: { unit: 'month', length: 1 },
      },
      hasProcessingOrder: true,
    });
  });

  test('price snapshots: a later product edit changes later orders only', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const before = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }]);
    const current = (await admin.get(`/api/v1/products/${product.id}`)).json();
    const edited = await admin.patch(`/api/v1/products/${product.id}`, {
      version: current.version,
      pricing: { ...current.pricing, monthlyFee: 2500 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const after = await placeNew(customer.id, [{ productId: product.id, quantity: 1 }]);
    expect((await lineItem(before.items[0].lineItemId)).priceSnapshot.monthlyFee).toBe(1000);
    expect((await lineItem(after.items[0].lineItemId)).priceSnapshot.monthlyFee).toBe(2500);
  });
});

describe('access, idempotency and audit', () => {
  test('placing needs orders.place, completing and cancelling orders.complete', async () => {
    const sales = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    const { lineItemId } = await f.activeLineItem(2);
    const order = await f.placeOrder({ kind: 'add', lineItemId, quantity: 1 }, sales);
    expectProblem(
      await sales.post(`/api/v1/orders/${order.id}/complete`, { completedOn: today().toString() }),
      403,
      'forbidden',
    );
    expectProblem(await sales.post(`/api/v1/orders/${order.id}/cancel`, { reason: 'x' }), 403, 'forbidden');
    expectProblem(await back.post('/api/v1/orders', { kind: 'terminate', lineItemId }), 403, 'forbidden');
    expect((await back.get(`/api/v1/orders/${order.id}`)).statusCode).toBe(200);
  });

  test('Idempotency-Key on POST /orders: a retry replays the first answer and places one order', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const body = { kind: 'new', customerId: customer.id, items: [{ productId: product.id, quantity: 1 }] };
    const key = `order-${randomUUID()}`;
    const first = await desk.post('/api/v1/orders', body, { 'idempotency-key': key });
    expect(first.statusCode, first.body).toBe(201);
    const retry = await desk.post(
      '/api/v1/orders',
      { items: body.items, customerId: customer.id, kind: 'new' },
      {
        'idempotency-key': key,
      },
    );
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toBe(first.body);
    expect((await desk.get(`/api/v1/orders?customerId=${customer.id}`)).json().items).toHaveLength(1);
    expectProblem(
      await desk.post(
        '/api/v1/orders',
        { ...body, items: [{ productId: product.id, quantity: 2 }] },
        { 'idempotency-key': key },
      ),
      422,
      'idempotency_key_reused',
    );
  });

  test('every change is in the audit log', async () => {
    const { order, lineItemId, contractId } = await f.activeLineItem(1);
    const actions = async (entity: string, id: string) =>
      (await admin.get(`/api/v1/audit?entity=${entity}&id=${id}`))
        .json()
        .items.map((e: { action: string }) => e.action);
    expect(await actions('order', order.id)).toEqual(['complete', 'place']);
    expect(await actions('contract', contractId)).toEqual(['create']);
    expect(await actions('line_item', lineItemId)).toEqual(['complete_new', 'create']);
    const reduce = await f.placeOrder({ kind: 'add', lineItemId, quantity: 1 }, desk);
    await back.post(`/api/v1/orders/${reduce.id}/cancel`, { reason: '誤登録' });
    const entries = (await admin.get(`/api/v1/audit?entity=order&id=${reduce.id}`)).json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['cancel', 'place']);
    expect(entries[0].after).toMatchObject({ status: 'cancelled', reason: '誤登録' });
  });
});
