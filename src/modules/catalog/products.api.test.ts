// 商品テンプレート管理 through the API (issue 4 item 1, api.md Products): create as draft,
// search, read, edit in both states with version checks, publish once, pricing and serial
// number pattern rules as 422 with field paths, unique codes (also under a race), roles
// and the audit trail.
import { describe, expect, test } from 'vitest';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';

const app = useTestApp();

interface Product {
  id: string;
  code: string;
  name: string;
  description: string | null;
  status: 'draft' | 'published';
  taxCategory: string;
  fulfilment: string;
  serialNumberPattern: string | null;
  agency: boolean;
  pricing: {
    pattern: string;
    initialFee: number;
    monthlyFee: number;
    quantityLinkedInitialFee: boolean;
    freePeriod: { unit: string; length: number };
  };
  attributeDefinitionIds: string[];
  publishedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

const p1 = (extra: Record<string, unknown> = {}) => ({
  code: 'P1',
  name: '光回線 ベーシック',
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

async function create(admin: ApiClient, body: Record<string, unknown>): Promise<Product> {
  const response = await admin.post('/api/v1/products', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Product;
}

async function audit(admin: ApiClient, id: string) {
  const response = await admin.get(`/api/v1/audit?entity=product&id=${id}`);
  expect(response.statusCode).toBe(200);
  return response.json().items as { action: string; before: unknown; after: unknown; actorName: string }[];
}

describe('products', () => {
  test('created as draft with the shape of api.md; read back', async () => {
    const { admin } = await setup();
    const product = await create(admin, p1({ description: '  説明  ', agency: false }));
    expect(product).toMatchObject({
      code: 'P1',
      name: '光回線 ベーシック',
      description: '説明',
      status: 'draft',
      taxCategory: 'standard',
      fulfilment: 'immediate',
      serialNumberPattern: null,
      agency: false,
      pricing: {
        pattern: 'initial_and_monthly',
        initialFee: 3000,
        monthlyFee: 1000,
        quantityLinkedInitialFee: true,
        freePeriod: { unit: 'month', length: 1 },
        firstMonth: null,
        quantityBasis: null,
      },
      attributeDefinitionIds: [],
      publishedAt: null,
      version: 1,
    });
    const read = await admin.get(`/api/v1/products/${product.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(product);
    expect((await audit(admin, product.id)).map((entry) => entry.action)).toEqual(['create']);
  });

  test('a carrier product with a serial number pattern; agency products', async () => {
    const { admin } = await setup();
    const fibre = await create(
      admin,
      p1({
        code: 'FLETS',
        fulfilment: 'carrier',
        serialNumberPattern: '^P\\d{13}$',
        agency: true,
        pricing: {
          pattern: 'monthly_only',
          initialFee: 0,
          monthlyFee: 0,
          quantityLinkedInitialFee: false,
          freePeriod: { unit: 'day', length: 30 },
        },
      }),
    );
    expect(fibre).toMatchObject({ fulfilment: 'carrier', serialNumberPattern: '^P\\d{13}$', agency: true });
  });

  test('pricing that does not fit its pattern is refused with 422 pricing_invalid naming each field', async () => {
    const { admin } = await setup();
    const response = await admin.post(
      '/api/v1/products',
      p1({
        pricing: {
          pattern: 'monthly_only',
          initialFee: 3000,
          monthlyFee: -1,
          quantityLinkedInitialFee: false,
          freePeriod: { unit: 'month', length: 121 },
        },
      }),
      { 'accept-language': 'en' },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'pricing_invalid',
      errors: [
        { path: '/pricing/initialFee', message: 'must be 0 for a monthly-only product.' },
        { path: '/pricing/monthlyFee', message: 'must be a whole number of yen from 0 to 100,000,000.' },
        { path: '/pricing/freePeriod/length', message: 'must be from 0 to 120 months.' },
      ],
    });
    const initialOnly = await admin.post(
      '/api/v1/products',
      p1({
        pricing: {
          pattern: 'initial_only',
          initialFee: 10000,
          monthlyFee: 500,
          quantityLinkedInitialFee: true,
          freePeriod: { unit: 'day', length: 3651 },
        },
      }),
    );
    expect(initialOnly.statusCode).toBe(422);
    expect(initialOnly.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/pricing/monthlyFee',
      '/pricing/freePeriod/length',
    ]);
    expect(initialOnly.json().errors[0].message).toBe(
      '課金パターンが「初期のみ」の商品は月額費用を0円にしてください。',
    );
    const tooMuch = await admin.post(
      '/api/v1/products',
      p1({ pricing: { ...p1().pricing, initialFee: 100_000_001 } }),
    );
    expect(tooMuch.statusCode).toBe(422);
    expect((await admin.get('/api/v1/products')).json().items).toEqual([]);
  });

  test('a serial number pattern must compile and is for carrier products only', async () => {
    const { admin } = await setup();
    const broken = await admin.post(
      '/api/v1/products',
      p1({ fulfilment: 'carrier', serialNumberPattern: '^P(\\d{13}$' }),
    );
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({
      code: 'serial_number_pattern_invalid',
      errors: [{ path: '/serialNumberPattern' }],
    });
    const immediate = await admin.post('/api/v1/products', p1({ serialNumberPattern: '^P\\d{13}$' }));
    expect(immediate.statusCode).toBe(422);
    expect(immediate.json().code).toBe('serial_number_pattern_invalid');
    // Switching a carrier product with a pattern to immediate needs the pattern cleared.
    const carrier = await create(admin, p1({ fulfilment: 'carrier', serialNumberPattern: '^P\\d{13}$' }));
    const refused = await admin.patch(`/api/v1/products/${carrier.id}`, {
      version: 1,
      fulfilment: 'immediate',
    });
    expect(refused.statusCode).toBe(422);
    const cleared = await admin.patch(`/api/v1/products/${carrier.id}`, {
      version: 1,
      fulfilment: 'immediate',
      serialNumberPattern: null,
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ fulfilment: 'immediate', serialNumberPattern: null, version: 2 });
  });

  test('bad shapes answer 400 naming the field', async () => {
    const { admin } = await setup();
    const cases: [Record<string, unknown>, string][] = [
      [p1({ taxCategory: 'luxury' }), '/taxCategory'],
      [p1({ code: 'P 1' }), '/code'],
      [p1({ name: '   ' }), '/name'],
      [p1({ pricing: { ...p1().pricing, initialFee: 1.5 } }), '/pricing/initialFee'],
      [
        p1({ pricing: { ...p1().pricing, freePeriod: { unit: 'week', length: 1 } } }),
        '/pricing/freePeriod/unit',
      ],
      [{ ...p1(), pricing: undefined }, '/pricing'],
      [p1({ pricing: { ...p1().pricing, firstMonth: 'half' } }), '/pricing/firstMonth'],
      [p1({ pricing: { ...p1().pricing, quantityBasis: 'average' } }), '/pricing/quantityBasis'],
    ];
    for (const [body, path] of cases) {
      const response = await admin.post('/api/v1/products', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    // The database holds the billing choices to their words too (the engine reads them back).
    const product = await create(admin, p1({ code: 'CHECKED' }));
    for (const [column, value] of [
      ['billing_first_month', 'half'],
      ['billing_quantity_basis', 'average'],
    ] as const) {
      await expect(
        app().database.executeSql(`update products set ${column} = $1 where id = $2`, [value, product.id]),
      ).rejects.toThrow(/products_billing_(first_month|quantity_basis)_check/);
    }
  });

  test('codes are unique in the tenant, also for two creates at once and on edit', async () => {
    const { admin } = await setup();
    const first = await create(admin, p1());
    const again = await admin.post('/api/v1/products', p1({ name: '別商品' }));
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ code: 'product_code_taken', errors: [{ path: '/code' }] });

    const racing = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        admin.post('/api/v1/products', p1({ code: 'RACE', name: `競争 ${i}` })),
      ),
    );
    expect(racing.map((r) => r.statusCode).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    for (const response of racing.filter((r) => r.statusCode === 422)) {
      expect(response.json().code).toBe('product_code_taken');
    }

    const second = await create(admin, p1({ code: 'P2' }));
    const renamed = await admin.patch(`/api/v1/products/${second.id}`, { version: 1, code: 'P1' });
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json().code).toBe('product_code_taken');
    // Two edits racing for one free code: one wins, the other is told the code is taken.
    const third = await create(admin, p1({ code: 'P3' }));
    const both = await Promise.all([
      admin.patch(`/api/v1/products/${second.id}`, { version: 1, code: 'FREE' }),
      admin.patch(`/api/v1/products/${third.id}`, { version: 1, code: 'FREE' }),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 422]);
    expect(both.find((r) => r.statusCode === 422)?.json().code).toBe('product_code_taken');
    // Another tenant may use the same code.
    const other = await setup();
    await create(other.admin, p1());
    expect(first.code).toBe('P1');
  });

  test('search by code or name, filter by status, newest first, paged', async () => {
    const { admin } = await setup();
    const a = await create(admin, p1({ code: 'NET-100', name: '光回線 100M' }));
    const b = await create(admin, p1({ code: 'NET-1G', name: '光回線 1G' }));
    const c = await create(admin, p1({ code: 'MOB-S', name: 'モバイル S' }));
    const d = await create(admin, p1({ code: 'X_%', name: '記号 100%' }));
    await admin.post(`/api/v1/products/${b.id}/publish`);
    const ids = async (query: string) =>
      ((await admin.get(`/api/v1/products${query}`)).json().items as Product[]).map((p) => p.id);
    expect(await ids('')).toEqual([d.id, c.id, b.id, a.id]);
    expect(await ids('?q=net')).toEqual([b.id, a.id]);
    expect(await ids('?q=%E5%85%89%E5%9B%9E%E7%B7%9A')).toEqual([b.id, a.id]);
    expect(await ids('?q=100')).toEqual([d.id, a.id]);
    expect(await ids('?q=%25')).toEqual([d.id]);
    expect(await ids('?q=_')).toEqual([d.id]);
    // Any width typed: full-width Latin, half-width kana (NFKC on both sides).
    expect(await ids(`?q=${encodeURIComponent('ＮＥＴ－１')}`)).toEqual([b.id, a.id]);
    expect(await ids(`?q=${encodeURIComponent('ﾓﾊﾞｲﾙ')}`)).toEqual([c.id]);
    expect(await ids('?status=published')).toEqual([b.id]);
    expect(await ids('?status=draft&q=net')).toEqual([a.id]);

    const page1 = (await admin.get('/api/v1/products?limit=3')).json();
    expect(page1.items.map((p: Product) => p.id)).toEqual([d.id, c.id, b.id]);
    const page2 = (await admin.get(`/api/v1/products?limit=3&cursor=${page1.nextCursor}`)).json();
    expect(page2).toEqual({ items: [expect.objectContaining({ id: a.id })], nextCursor: null });
  });

  test('edit in draft and in published state; a stale version answers 409; audit before and after', async () => {
    const { admin } = await setup();
    const product = await create(admin, p1());
    const edited = await admin.patch(`/api/v1/products/${product.id}`, {
      version: 1,
      name: '光回線 プレミアム',
      pricing: { ...p1().pricing, monthlyFee: 1200 },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      name: '光回線 プレミアム',
      pricing: { monthlyFee: 1200 },
      version: 2,
    });

    const stale = await admin.patch(`/api/v1/products/${product.id}`, { version: 1, name: '古い' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');

    const published = await admin.post(`/api/v1/products/${product.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', version: 3 });
    const afterPublish = await admin.patch(`/api/v1/products/${product.id}`, {
      version: 3,
      taxCategory: 'reduced',
      description: '軽減税率',
    });
    expect(afterPublish.statusCode).toBe(200);
    expect(afterPublish.json()).toMatchObject({ status: 'published', taxCategory: 'reduced', version: 4 });

    const entries = await audit(admin, product.id);
    expect(entries.map((entry) => entry.action)).toEqual(['update', 'publish', 'update', 'create']);
    expect(entries[3]?.actorName).toBe('管理者');
    expect(entries[2]).toMatchObject({
      before: { name: '光回線 ベーシック', pricing: { monthlyFee: 1000 }, version: 1 },
      after: { name: '光回線 プレミアム', pricing: { monthlyFee: 1200 }, version: 2 },
    });
  });

  test('publishing: draft -> published once; again answers 409 product_already_published', async () => {
    const { admin } = await setup();
    const product = await create(admin, p1());
    const published = await admin.post(`/api/v1/products/${product.id}/publish`);
    expect(published.statusCode).toBe(200);
    expect(published.json().publishedAt).toEqual(expect.any(String));
    const again = await admin.post(`/api/v1/products/${product.id}/publish`, {}, { 'accept-language': 'ja' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'product_already_published',
      detail: 'この商品テンプレートは既に公開中です。',
    });
  });

  test('unknown ids answer 404', async () => {
    const { admin } = await setup();
    const missing = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect((await admin.get(`/api/v1/products/${missing}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/products/${missing}`, { version: 1, name: 'x' })).statusCode).toBe(
      404,
    );
    expect((await admin.post(`/api/v1/products/${missing}/publish`)).statusCode).toBe(404);
  });

  test('roles: sales_rep reads but cannot write; sales_manager manages', async () => {
    const { tenant, admin } = await setup();
    const product = await create(admin, p1());
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect((await rep.get('/api/v1/products')).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/products/${product.id}`)).statusCode).toBe(200);
    for (const response of [
      await rep.post('/api/v1/products', p1({ code: 'REP' })),
      await rep.patch(`/api/v1/products/${product.id}`, { version: 1, name: 'x' }),
      await rep.post(`/api/v1/products/${product.id}/publish`),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    const manager = await userWithRoles(app(), tenant, ['sales_manager'], admin);
    expect((await manager.post('/api/v1/products', p1({ code: 'MGR' }))).statusCode).toBe(201);
    const legal = await userWithRoles(app(), tenant, ['legal'], admin);
    expect((await legal.get('/api/v1/products')).statusCode).toBe(403);
  });
});
