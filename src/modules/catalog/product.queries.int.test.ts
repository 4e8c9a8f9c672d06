// What other modules read from the catalog inside their own transaction (ordering,
// agreements): products with their price snapshot and product attributes, summaries;
// tenant-scoped, attributes by position.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TenantContext } from '../../platform/context.js';
import { newId } from '../../platform/ids/id.js';
import { createTestTenant } from '../../test/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { attributeDefinitions } from '../attributes/index.js';
import { listProductSummaries, loadProductsForOrder } from './product.queries.js';
import { createProduct, type NewProduct, publishProduct, updateProduct } from './product.service.js';
import { linkProducts } from './product-attribute.service.js';

let testDatabase: TestDatabase;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
});

afterAll(() => testDatabase.drop());

/** A product attribute definition, written straight to its table (the attributes module's use cases are its own). */
async function defineProductAttribute(
  context: TenantContext,
  values: Partial<typeof attributeDefinitions.$inferInsert> & { key: string; labelJa: string },
) {
  const [row] = await context.database.inTenant(context.tenantId, (tx) =>
    tx
      .insert(attributeDefinitions)
      .values({ tenantId: context.tenantId, id: newId(), entity: 'product', type: 'text', ...values })
      .returning(),
  );
  return row!;
}

async function contextOf(): Promise<TenantContext> {
  const { tenantId } = await createTestTenant(testDatabase.database);
  return { database: testDatabase.database, tenantId, actor: { id: null, name: 'test' }, locale: 'ja' };
}

const product = (code: string, extra: Partial<NewProduct> = {}): NewProduct => ({
  code,
  name: `商品 ${code}`,
  taxCategory: 'standard',
  fulfilment: 'immediate',
  pricing: {
    pattern: 'initial_and_monthly',
    initialFee: 3000,
    monthlyFee: 1000,
    quantityLinkedInitialFee: true,
    freePeriod: { unit: 'month', length: 1 },
  },
  ...extra,
});

describe('catalog reads for other modules', () => {
  test('loadProductsForOrder: snapshot, pattern and active product attributes by position; unknown ids absent', async () => {
    const context = await contextOf();
    const other = await contextOf();
    const fibre = await createProduct(
      context,
      product('FIBRE', {
        fulfilment: 'carrier',
        serialNumberPattern: '^P\\d{13}$',
        agency: true,
        taxCategory: 'reduced',
      }),
    );
    const plain = await createProduct(context, product('PLAIN'));
    const foreign = await createProduct(other, product('FIBRE'));
    await publishProduct(context, fibre.id);
    const colour = await defineProductAttribute(context, { key: 'colour', labelJa: '色', position: 2 });
    const plan = await defineProductAttribute(context, {
      key: 'plan',
      labelJa: 'プラン',
      type: 'select',
      options: [{ value: 'a', labelJa: 'A', labelEn: null }],
      required: true,
      position: 1,
    });
    // Retired: no longer asked at order time.
    const old = await defineProductAttribute(context, {
      key: 'old',
      labelJa: '旧',
      position: 0,
      retiredAt: new Date(),
    });
    await linkProducts(context, colour.id, [fibre.id]);
    await linkProducts(context, plan.id, [fibre.id]);
    await linkProducts(context, old.id, [fibre.id, plain.id]);

    const loaded = await context.database.inTenant(context.tenantId, (tx) =>
      loadProductsForOrder(tx, context.tenantId, [fibre.id, plain.id, foreign.id, fibre.id]),
    );
    expect([...loaded.keys()].sort()).toEqual([fibre.id, plain.id].sort());
    expect(loaded.get(fibre.id)).toEqual({
      id: fibre.id,
      code: 'FIBRE',
      name: '商品 FIBRE',
      status: 'published',
      serialNumberPattern: '^P\\d{13}$',
      snapshot: {
        productCode: 'FIBRE',
        productName: '商品 FIBRE',
        taxCategory: 'reduced',
        fulfilment: 'carrier',
        agency: true,
        pricingPattern: 'initial_and_monthly',
        initialFee: 3000,
        monthlyFee: 1000,
        quantityLinkedInitialFee: true,
        freePeriod: { unit: 'month', length: 1 },
        firstMonth: null,
        quantityBasis: null,
      },
      attributeDefinitions: [
        {
          id: plan.id,
          key: 'plan',
          labelJa: 'プラン',
          labelEn: null,
          type: 'select',
          required: true,
          options: [{ value: 'a', labelJa: 'A', labelEn: null }],
          position: 1,
        },
        expect.objectContaining({ id: colour.id, position: 2 }),
      ],
    });
    expect(loaded.get(plain.id)).toMatchObject({ status: 'draft', attributeDefinitions: [] });

    // A snapshot taken is a copy: a later edit of the product changes later loads only.
    const taken = loaded.get(fibre.id)!.snapshot;
    await updateProduct(context, fibre.id, { version: 2, pricing: { ...fibre.pricing, monthlyFee: 1500 } });
    expect(taken.monthlyFee).toBe(1000);
    const reloaded = await context.database.inTenant(context.tenantId, (tx) =>
      loadProductsForOrder(tx, context.tenantId, [fibre.id]),
    );
    expect(reloaded.get(fibre.id)?.snapshot.monthlyFee).toBe(1500);

    const none = await context.database.inTenant(context.tenantId, (tx) =>
      loadProductsForOrder(tx, context.tenantId, []),
    );
    expect(none.size).toBe(0);
  });

  test('listProductSummaries: by code, own tenant only', async () => {
    const context = await contextOf();
    const other = await contextOf();
    const b = await createProduct(context, product('B'));
    const a = await createProduct(context, product('A'));
    const foreign = await createProduct(other, product('C'));
    const summaries = await context.database.inTenant(context.tenantId, (tx) =>
      listProductSummaries(tx, context.tenantId, [b.id, a.id, foreign.id]),
    );
    expect(summaries).toEqual([
      { id: a.id, code: 'A', name: '商品 A', status: 'draft' },
      { id: b.id, code: 'B', name: '商品 B', status: 'draft' },
    ]);
  });
});
