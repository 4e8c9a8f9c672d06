// What ordering tests need before an order, made through the API as staff would: products
// (published unless asked otherwise), customers, agreements (on sale, draft, scheduled),
// product attributes, and orders placed and completed.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiClient } from './app.js';

export interface ProductOptions {
  fulfilment?: 'immediate' | 'carrier';
  serialNumberPattern?: string | null;
  freePeriod?: { unit: 'month' | 'day'; length: number };
  publish?: boolean;
}

export interface Ref {
  id: string;
  code: string;
  name: string;
}

export interface CustomerRef extends Ref {
  defaultBillingAccountId: string;
}

export type OrderingFixture = ReturnType<typeof orderingFixture>;

/** Helpers acting as `admin` (a client with every permission). */
export function orderingFixture(admin: ApiClient) {
  const expectStatus = (response: { statusCode: number; body: string }, status: number) =>
    expect(response.statusCode, response.body).toBe(status);

  return {
    async product(options: ProductOptions = {}): Promise<Ref> {
      const code = `ORD-${randomUUID().slice(0, 8)}`;
      const created = await admin.post('/api/v1/products', {
        code,
        name: `商品 ${code}`,
        taxCategory: 'standard',
        fulfilment: options.fulfilment ?? 'immediate',
        ...(options.serialNumberPattern !== undefined
          ? { serialNumberPattern: options.serialNumberPattern }
          : {}),
        pricing: {
          pattern: 'initial_and_monthly',
          initialFee: 3000,
          monthlyFee: 1000,
          quantityLinkedInitialFee: false,
          freePeriod: options.freePeriod ?? { unit: 'month', length: 1 },
        },
      });
      expectStatus(created, 201);
      const product = created.json();
      if (options.publish ?? true)
        expectStatus(await admin.post(`/api/v1/products/${product.id}/publish`), 200);
      return { id: String(product.id), code: String(product.code), name: String(product.name) };
    },

    async customer(name = `株式会社注文テスト${randomUUID().slice(0, 6)}`): Promise<CustomerRef> {
      const created = await admin.post('/api/v1/customers', {
        kind: 'organization',
        name,
        lifecycle: 'prospect',
      });
      expectStatus(created, 201);
      const body = created.json();
      return {
        id: String(body.id),
        code: String(body.code),
        name: String(body.name),
        defaultBillingAccountId: String(body.defaultBillingAccountId),
      };
    },

    /** An agreement on sale from today (すぐに販売開始する). */
    async onSale(customerId: string, productIds: string[]): Promise<string> {
      const created = await admin.post('/api/v1/agreements', { customerId, productIds, startNow: true });
      expectStatus(created, 201);
      return String(created.json().id);
    },

    async draftAgreement(customerId: string, productIds: string[]): Promise<string> {
      const created = await admin.post('/api/v1/agreements', { customerId, productIds });
      expectStatus(created, 201);
      return String(created.json().id);
    },

    async scheduledAgreement(
      customerId: string,
      productIds: string[],
      saleStartDate: string,
    ): Promise<string> {
      const id = await this.draftAgreement(customerId, productIds);
      expectStatus(await admin.post(`/api/v1/agreements/${id}/schedule`, { saleStartDate }), 200);
      return id;
    },

    /** A product attribute linked to the products. */
    async productAttribute(
      productIds: string[],
      definition: { key: string; type: string; required?: boolean; options?: unknown[] },
    ): Promise<void> {
      const created = await admin.post('/api/v1/attribute-definitions', {
        entity: 'product',
        labelJa: `属性 ${definition.key}`,
        ...definition,
      });
      expectStatus(created, 201);
      const linked = await admin.post(`/api/v1/attribute-definitions/${created.json().id}/products`, {
        productIds,
      });
      expectStatus(linked, 200);
    },

    async placeOrder(body: Record<string, unknown>, client: ApiClient = admin) {
      const placed = await client.post('/api/v1/orders', body);
      expectStatus(placed, 201);
      return placed.json();
    },

    /** A customer with a product on sale and an active line item of `quantity` (new order completed). */
    async activeLineItem(quantity: number, options: { completedOn?: string; orderedOn?: string } = {}) {
      const customer = await this.customer();
      const product = await this.product();
      await this.onSale(customer.id, [product.id]);
      const order = await this.placeOrder({
        kind: 'new',
        customerId: customer.id,
        items: [{ productId: product.id, quantity }],
        ...(options.orderedOn ? { orderedOn: options.orderedOn } : {}),
      });
      const completedOn = options.completedOn ?? order.orderedOn;
      expectStatus(await admin.post(`/api/v1/orders/${order.id}/complete`, { completedOn }), 200);
      return {
        customer,
        product,
        order,
        contractId: String(order.contractId),
        lineItemId: String(order.items[0].lineItemId),
      };
    },
  };
}
