// Portal users (顧客アカウント) and ordering, on every route of it: a portal user orders for
// their own customer (new, add, reduce, terminate) and reads its orders, contracts and line
// items; any other customer's id, in a path, a body or a filter, answers 404 (the same as an
// id that does not exist); completing, cancelling and editing contracts answer 403.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { type ApiClient, createTestTenant, loginAs, type TestTenant, useTestApp } from '../../test/app.js';
import { databaseFingerprint } from '../../test/fingerprint.js';
import { type OrderingFixture, orderingFixture, type Ref } from '../../test/ordering.js';
import { type PortalLogin, portalUserFor } from '../../test/portal.js';

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
let f: OrderingFixture;
let portal: PortalLogin;
let product: Ref;
/** Another customer of the tenant, with an active line item and a processing order. */
let other: { customerId: string; orderId: string; contractId: string; lineItemId: string };

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  f = orderingFixture(admin);
  portal = await portalUserFor(app(), tenant, admin);
  product = await f.product();
  await f.onSale(portal.customerId, [product.id]);
  const active = await f.activeLineItem(3);
  await f.onSale(active.customer.id, [product.id]);
  const processing = await f.placeOrder({ kind: 'add', lineItemId: active.lineItemId, quantity: 1 });
  other = {
    customerId: active.customer.id,
    orderId: processing.id,
    contractId: active.contractId,
    lineItemId: active.lineItemId,
  };
});

async function writesNothing(fn: () => Promise<void>): Promise<void> {
  const before = await databaseFingerprint(app().database, tenant.tenantId);
  await fn();
  expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
}

function expectProblem(response: { statusCode: number; body: string }, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(JSON.parse(response.body).code).toBe(code);
}

/** A new order by the portal user, completed by staff: an active line item of their own. */
async function ownActiveLineItem(quantity: number) {
  const placed = await portal.client.post('/api/v1/orders', {
    kind: 'new',
    customerId: portal.customerId,
    contractName: 'ポータルからの注文',
    items: [{ productId: product.id, quantity }],
  });
  expect(placed.statusCode, placed.body).toBe(201);
  const order = placed.json();
  const done = await admin.post(`/api/v1/orders/${order.id}/complete`, { completedOn: order.orderedOn });
  expect(done.statusCode, done.body).toBe(200);
  return { order, lineItemId: String(order.items[0].lineItemId), contractId: String(order.contractId) };
}

describe('POST /orders by a portal user', () => {
  test('a new order for their own customer, dated today, channel portal', async () => {
    const placed = await portal.client.post('/api/v1/orders', {
      kind: 'new',
      customerId: portal.customerId,
      items: [{ productId: product.id, quantity: 2 }],
    });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json()).toMatchObject({ kind: 'new', status: 'processing', channel: 'portal' });
  });

  test('add, reduce and terminate on their own line item', async () => {
    const { lineItemId } = await ownActiveLineItem(5);
    for (const [body, quantity] of [
      [{ kind: 'add', lineItemId, quantity: 2 }, 7],
      [{ kind: 'reduce', lineItemId, quantity: 3, customerId: portal.customerId }, 4],
    ] as const) {
      const placed = await portal.client.post('/api/v1/orders', body);
      expect(placed.statusCode, placed.body).toBe(201);
      expect(placed.json().channel).toBe('portal');
      await admin.post(`/api/v1/orders/${placed.json().id}/complete`, {
        completedOn: placed.json().orderedOn,
      });
      expect((await portal.client.get(`/api/v1/line-items/${lineItemId}`)).json().quantity).toBe(quantity);
    }
    const terminate = await portal.client.post('/api/v1/orders', { kind: 'terminate', lineItemId });
    expect(terminate.statusCode, terminate.body).toBe(201);
  });

  test("another customer's id in the body is 404, as is an id that does not exist; nothing is written", async () => {
    const own = await ownActiveLineItem(2);
    await writesNothing(async () => {
      for (const customerId of [other.customerId, randomUUID()]) {
        expectProblem(
          await portal.client.post('/api/v1/orders', {
            kind: 'new',
            customerId,
            items: [{ productId: product.id, quantity: 1 }],
          }),
          404,
          'not_found',
        );
      }
      for (const lineItemId of [other.lineItemId, randomUUID()]) {
        expectProblem(
          await portal.client.post('/api/v1/orders', { kind: 'add', lineItemId, quantity: 1 }),
          404,
          'not_found',
        );
        expectProblem(
          await portal.client.post('/api/v1/orders', { kind: 'terminate', lineItemId }),
          404,
          'not_found',
        );
      }
      // Their own line item named with another customer.
      expectProblem(
        await portal.client.post('/api/v1/orders', {
          kind: 'reduce',
          lineItemId: own.lineItemId,
          quantity: 1,
          customerId: other.customerId,
        }),
        404,
        'not_found',
      );
    });
  });

  test('a portal user may not set the order date', async () => {
    await writesNothing(async () => {
      expectProblem(
        await portal.client.post('/api/v1/orders', {
          kind: 'new',
          customerId: portal.customerId,
          orderedOn: '2025-01-01',
          items: [{ productId: product.id, quantity: 1 }],
        }),
        422,
        'order_date_not_allowed',
      );
    });
  });
});

describe('reads by a portal user: their own customer only', () => {
  test('GET /orders, /orders/{id}: own orders only; another customer is 404', async () => {
    const { order } = await ownActiveLineItem(1);
    const list = await portal.client.get('/api/v1/orders');
    expect(list.statusCode, list.body).toBe(200);
    const customers = new Set(list.json().items.map((o: { customerId: string }) => o.customerId));
    expect([...customers]).toEqual([portal.customerId]);
    expect(list.json().items.map((o: { id: string }) => o.id)).toContain(order.id);
    expect((await portal.client.get(`/api/v1/orders?customerId=${portal.customerId}`)).statusCode).toBe(200);
    expect((await portal.client.get(`/api/v1/orders/${order.id}`)).statusCode).toBe(200);
    expectProblem(await portal.client.get(`/api/v1/orders/${other.orderId}`), 404, 'not_found');
    expectProblem(await portal.client.get(`/api/v1/orders?customerId=${other.customerId}`), 404, 'not_found');
    // Searching by the other customer's order number finds nothing.
    const otherOrder = (await admin.get(`/api/v1/orders/${other.orderId}`)).json();
    const searched = await portal.client.get(`/api/v1/orders?q=${encodeURIComponent(otherOrder.number)}`);
    expect(searched.json().items).toEqual([]);
  });

  test('GET /contracts, /contracts/{id}: own contracts only; another customer is 404', async () => {
    const { contractId } = await ownActiveLineItem(1);
    const list = await portal.client.get('/api/v1/contracts');
    expect(list.statusCode, list.body).toBe(200);
    expect(new Set(list.json().items.map((c: { customerId: string }) => c.customerId))).toEqual(
      new Set([portal.customerId]),
    );
    const own = await portal.client.get(`/api/v1/contracts/${contractId}`);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().orders.every((o: { customerId: string }) => o.customerId === portal.customerId)).toBe(
      true,
    );
    expectProblem(await portal.client.get(`/api/v1/contracts/${other.contractId}`), 404, 'not_found');
    expectProblem(
      await portal.client.get(`/api/v1/contracts?customerId=${other.customerId}`),
      404,
      'not_found',
    );
  });

  test('GET /line-items, /line-items/{id}: own line items only; another customer is 404', async () => {
    const { lineItemId } = await ownActiveLineItem(1);
    const list = await portal.client.get('/api/v1/line-items');
    expect(list.statusCode, list.body).toBe(200);
    expect(new Set(list.json().items.map((l: { customerId: string }) => l.customerId))).toEqual(
      new Set([portal.customerId]),
    );
    expect((await portal.client.get(`/api/v1/line-items/${lineItemId}`)).statusCode).toBe(200);
    expectProblem(await portal.client.get(`/api/v1/line-items/${other.lineItemId}`), 404, 'not_found');
    expectProblem(
      await portal.client.get(`/api/v1/line-items?customerId=${other.customerId}`),
      404,
      'not_found',
    );
  });
});

describe('what a portal user may not do', () => {
  test('complete, cancel (orders or items) and edit contracts: 403, their own records included', async () => {
    const placed = await portal.client.post('/api/v1/orders', {
      kind: 'new',
      customerId: portal.customerId,
      items: [{ productId: product.id, quantity: 1 }],
    });
    const order = placed.json();
    const itemId = order.items[0].id;
    await writesNothing(async () => {
      for (const orderId of [order.id, other.orderId]) {
        expectProblem(
          await portal.client.post(`/api/v1/orders/${orderId}/complete`, { completedOn: order.orderedOn }),
          403,
          'forbidden',
        );
        expectProblem(
          await portal.client.post(`/api/v1/orders/${orderId}/cancel`, { reason: 'x' }),
          403,
          'forbidden',
        );
        expectProblem(
          await portal.client.post(`/api/v1/orders/${orderId}/items/${itemId}/complete`, {
            completedOn: order.orderedOn,
          }),
          403,
          'forbidden',
        );
        expectProblem(
          await portal.client.post(`/api/v1/orders/${orderId}/items/${itemId}/cancel`, { reason: 'x' }),
          403,
          'forbidden',
        );
      }
      expectProblem(
        await portal.client.patch(`/api/v1/contracts/${order.contractId}`, { version: 1, name: 'x' }),
        403,
        'forbidden',
      );
    });
  });
});
