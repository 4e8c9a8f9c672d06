// 商品カスタム属性定義管理 and 顧客カスタム属性定義管理 through the API (issue 4 items 2 and 3):
// create (keys generated or given), list by position, search, edit with version checks,
// retire, the type locked once values exist, delete (unlinking products), links to several
// products at once and unlinking one, roles and the audit trail.
import { describe, expect, test } from 'vitest';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { portalUserFor } from '../../test/portal.js';

const app = useTestApp();

interface Definition {
  id: string;
  entity: 'customer' | 'product';
  key: string;
  labelJa: string;
  labelEn: string | null;
  type: string;
  required: boolean;
  options: { value: string; labelJa: string; labelEn: string | null }[];
  position: number;
  retired: boolean;
  retiredAt: string | null;
  version: number;
}

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

async function define(admin: ApiClient, body: Record<string, unknown>): Promise<Definition> {
  const response = await admin.post('/api/v1/attribute-definitions', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Definition;
}

let productCounter = 0;
async function product(admin: ApiClient, name: string): Promise<{ id: string; code: string; name: string }> {
  productCounter += 1;
  const response = await admin.post('/api/v1/products', {
    code: `P-${productCounter}`,
    name,
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
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function list(admin: ApiClient, query = ''): Promise<Definition[]> {
  const response = await admin.get(`/api/v1/attribute-definitions${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Definition[];
}

async function auditOf(admin: ApiClient, id: string) {
  const response = await admin.get(`/api/v1/audit?entity=attribute_definition&id=${id}`);
  expect(response.statusCode).toBe(200);
  return response.json().items as { action: string; before: unknown; after: unknown }[];
}

describe('attribute definitions', () => {
  test('created with a given or generated key, listed by entity and position', async () => {
    const { admin } = await setup();
    const holder = await define(admin, {
      entity: 'product',
      labelJa: '契約者名',
      labelEn: 'Contract holder',
      type: 'text',
      required: true,
    });
    expect(holder).toMatchObject({
      entity: 'product',
      key: 'contract_holder',
      labelJa: '契約者名',
      labelEn: 'Contract holder',
      type: 'text',
      required: true,
      options: [],
      position: 1,
      retired: false,
      retiredAt: null,
      version: 1,
    });
    const place = await define(admin, { entity: 'product', labelJa: '設置場所', type: 'text' });
    expect(place).toMatchObject({ key: 'attr_2', labelEn: null, required: false, position: 2 });
    const plan = await define(admin, {
      entity: 'product',
      key: 'plan',
      labelJa: 'プラン',
      type: 'select',
      options: [
        { value: 'light', labelJa: 'ライト', labelEn: 'Light' },
        { value: 'full', labelJa: 'フル' },
      ],
      position: 0,
    });
    expect(plan.options).toEqual([
      { value: 'light', labelJa: 'ライト', labelEn: 'Light' },
      { value: 'full', labelJa: 'フル', labelEn: null },
    ]);
    // The same key for the other entity is fine; a customer attribute with an English label.
    const customerPlan = await define(admin, {
      entity: 'customer',
      key: 'plan',
      labelJa: '契約プラン',
      type: 'text',
    });
    expect(customerPlan.position).toBe(1);

    expect((await list(admin, '?entity=product')).map((d) => d.key)).toEqual([
      'plan',
      'contract_holder',
      'attr_2',
    ]);
    expect((await list(admin, '?entity=customer')).map((d) => d.id)).toEqual([customerPlan.id]);
    expect((await list(admin)).map((d) => d.id)).toEqual([customerPlan.id, plan.id, holder.id, place.id]);
    expect((await list(admin, '?entity=product&q=%E8%A8%AD%E7%BD%AE')).map((d) => d.id)).toEqual([place.id]);
    expect((await list(admin, '?q=holder')).map((d) => d.id)).toEqual([holder.id]);

    const read = await admin.get(`/api/v1/attribute-definitions/${plan.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(plan);
    expect((await auditOf(admin, plan.id)).map((e) => e.action)).toEqual(['create']);
  });

  test('keys are unique per entity (422 attribute_key_taken at /key); a generated key avoids taken ones', async () => {
    const { admin } = await setup();
    await define(admin, { entity: 'product', key: 'plan', labelJa: 'プラン', type: 'text' });
    const taken = await admin.post('/api/v1/attribute-definitions', {
      entity: 'product',
      key: 'plan',
      labelJa: '別のプラン',
      type: 'text',
    });
    expect(taken.statusCode).toBe(422);
    expect(taken.json()).toMatchObject({ code: 'attribute_key_taken', errors: [{ path: '/key' }] });
    const generated = await define(admin, {
      entity: 'product',
      labelJa: 'プラン',
      labelEn: 'Plan',
      type: 'text',
    });
    expect(generated.key).toBe('plan_2');
    const badKey = await admin.post('/api/v1/attribute-definitions', {
      entity: 'product',
      key: 'Bad Key',
      labelJa: 'x',
      type: 'text',
    });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().errors[0].path).toBe('/key');
  });

  test('options: required for select types, unique values, none for other types', async () => {
    const { admin } = await setup();
    const cases: [Record<string, unknown>, string[]][] = [
      [{ type: 'select' }, ['/options']],
      [{ type: 'multi_select', options: [] }, ['/options']],
      [
        {
          type: 'select',
          options: [
            { value: 'a', labelJa: 'A' },
            { value: 'a', labelJa: 'B' },
          ],
        },
        ['/options/1/value'],
      ],
      [{ type: 'number', options: [{ value: 'a', labelJa: 'A' }] }, ['/options']],
    ];
    for (const [extra, paths] of cases) {
      const response = await admin.post('/api/v1/attribute-definitions', {
        entity: 'product',
        labelJa: '選択',
        ...extra,
      });
      expect(response.statusCode, JSON.stringify(extra)).toBe(422);
      expect(response.json().code).toBe('attribute_options_invalid');
      expect(response.json().errors.map((e: { path: string }) => e.path)).toEqual(paths);
    }
    expect(await list(admin)).toEqual([]);
  });

  test('edit: rename, require, reorder, options; stale version 409; audit before and after', async () => {
    const { admin } = await setup();
    const plan = await define(admin, {
      entity: 'product',
      labelJa: 'プラン',
      type: 'select',
      options: [{ value: 'a', labelJa: 'A' }],
    });
    const edited = await admin.patch(`/api/v1/attribute-definitions/${plan.id}`, {
      version: 1,
      labelJa: '料金プラン',
      labelEn: 'Plan',
      required: true,
      position: 5,
      options: [
        { value: 'a', labelJa: 'A' },
        { value: 'b', labelJa: 'B' },
      ],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      key: plan.key,
      labelJa: '料金プラン',
      labelEn: 'Plan',
      required: true,
      position: 5,
      version: 2,
    });
    expect(edited.json().options).toHaveLength(2);
    const stale = await admin.patch(`/api/v1/attribute-definitions/${plan.id}`, { version: 1, labelJa: 'x' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    const noOptions = await admin.patch(`/api/v1/attribute-definitions/${plan.id}`, {
      version: 2,
      options: [],
    });
    expect(noOptions.statusCode).toBe(422);
    // Changing the type while no record holds a value: options go with a type without them.
    const retyped = await admin.patch(`/api/v1/attribute-definitions/${plan.id}`, {
      version: 2,
      type: 'text',
    });
    expect(retyped.statusCode, retyped.body).toBe(200);
    expect(retyped.json()).toMatchObject({ type: 'text', options: [], version: 3 });
    const entries = await auditOf(admin, plan.id);
    expect(entries.map((e) => e.action)).toEqual(['update', 'update', 'create']);
    expect(entries[1]).toMatchObject({
      before: { labelJa: 'プラン', required: false, version: 1 },
      after: { labelJa: '料金プラン', required: true, version: 2 },
    });
  });

  test('retire and unretire: retired definitions are left out of lists unless asked for', async () => {
    const { admin } = await setup();
    const old = await define(admin, { entity: 'customer', labelJa: '旧区分', type: 'text' });
    const retired = await admin.patch(`/api/v1/attribute-definitions/${old.id}`, {
      version: 1,
      retired: true,
    });
    expect(retired.statusCode).toBe(200);
    expect(retired.json()).toMatchObject({ retired: true, retiredAt: expect.any(String), version: 2 });
    expect(await list(admin, '?entity=customer')).toEqual([]);
    expect((await list(admin, '?entity=customer&includeRetired=true')).map((d) => d.id)).toEqual([old.id]);
    const back = await admin.patch(`/api/v1/attribute-definitions/${old.id}`, { version: 2, retired: false });
    expect(back.json()).toMatchObject({ retired: false, retiredAt: null, version: 3 });
    expect((await auditOf(admin, old.id)).map((e) => e.action)).toEqual(['unretire', 'retire', 'create']);
  });

  test('the type cannot change once a customer holds a value under the key (422 attribute_type_locked)', async () => {
    const { admin } = await setup();
    const seats = await define(admin, { entity: 'customer', key: 'seats', labelJa: '席数', type: 'number' });
    const customer = await admin.post('/api/v1/customers', {
      kind: 'organization',
      lifecycle: 'prospect',
      name: '株式会社テスト',
      attributes: { seats: 12 },
    });
    expect(customer.statusCode, customer.body).toBe(201);
    const refused = await admin.patch(`/api/v1/attribute-definitions/${seats.id}`, {
      version: 1,
      type: 'text',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'attribute_type_locked', errors: [{ path: '/type' }] });
    // Renaming is still fine.
    const renamed = await admin.patch(`/api/v1/attribute-definitions/${seats.id}`, {
      version: 1,
      labelJa: '座席数',
      type: 'number',
    });
    expect(renamed.statusCode).toBe(200);
  });

  test('delete: the definition goes, its product links with it; customers keep the stored value unseen', async () => {
    const { admin } = await setup();
    const colour = await define(admin, { entity: 'product', labelJa: '色', type: 'text' });
    const router = await product(admin, 'ルーター');
    const linked = await admin.post(`/api/v1/attribute-definitions/${colour.id}/products`, {
      productIds: [router.id],
    });
    expect(linked.statusCode).toBe(200);
    expect((await admin.get(`/api/v1/products/${router.id}`)).json().attributeDefinitionIds).toEqual([
      colour.id,
    ]);

    const deleted = await admin.delete(`/api/v1/attribute-definitions/${colour.id}`);
    expect(deleted.statusCode).toBe(204);
    expect((await admin.get(`/api/v1/attribute-definitions/${colour.id}`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/attribute-definitions/${colour.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/products/${router.id}`)).json().attributeDefinitionIds).toEqual([]);
    const entries = await auditOf(admin, colour.id);
    expect(entries[0]).toMatchObject({
      action: 'delete',
      before: { key: colour.key, labelJa: '色' },
      after: null,
    });

    const note = await define(admin, { entity: 'customer', key: 'note', labelJa: 'メモ', type: 'text' });
    const customer = await admin.post('/api/v1/customers', {
      kind: 'organization',
      lifecycle: 'prospect',
      name: '株式会社メモ',
      attributes: { note: '大事な顧客' },
    });
    expect(customer.statusCode, customer.body).toBe(201);
    expect((await admin.delete(`/api/v1/attribute-definitions/${note.id}`)).statusCode).toBe(204);
    // A new definition may take the freed key.
    await define(admin, { entity: 'customer', key: 'note', labelJa: '備考', type: 'text' });
  });

  test('unknown ids answer 404', async () => {
    const { admin } = await setup();
    const missing = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect((await admin.get(`/api/v1/attribute-definitions/${missing}`)).statusCode).toBe(404);
    expect((await admin.patch(`/api/v1/attribute-definitions/${missing}`, { version: 1 })).statusCode).toBe(
      404,
    );
    expect((await admin.delete(`/api/v1/attribute-definitions/${missing}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/v1/attribute-definitions/${missing}/products`)).statusCode).toBe(404);
    expect(
      (await admin.post(`/api/v1/attribute-definitions/${missing}/products`, { productIds: [missing] }))
        .statusCode,
    ).toBe(404);
  });
});

describe('product attribute links (商品への紐づけ)', () => {
  test('several products at once, idempotent, listed by code; unlink one', async () => {
    const { admin } = await setup();
    const colour = await define(admin, { entity: 'product', labelJa: '色', type: 'text' });
    const a = await product(admin, '回線A');
    const b = await product(admin, '回線B');
    const c = await product(admin, '回線C');
    const first = await admin.post(`/api/v1/attribute-definitions/${colour.id}/products`, {
      productIds: [a.id, b.id],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().items.map((p: { id: string }) => p.id)).toEqual([a.id, b.id]);
    expect(first.json().items[0]).toEqual({ id: a.id, code: a.code, name: '回線A', status: 'draft' });
    // Already linked ones stay; duplicates in one request are fine.
    const second = await admin.post(`/api/v1/attribute-definitions/${colour.id}/products`, {
      productIds: [b.id, c.id, c.id],
    });
    expect(second.statusCode).toBe(200);
    expect(second.json().items.map((p: { id: string }) => p.id)).toEqual([a.id, b.id, c.id]);
    const again = await admin.post(`/api/v1/attribute-definitions/${colour.id}/products`, {
      productIds: [a.id],
    });
    expect(again.statusCode).toBe(200);

    const listed = await admin.get(`/api/v1/attribute-definitions/${colour.id}/products`);
    expect(listed.json().items.map((p: { name: string }) => p.name)).toEqual(['回線A', '回線B', '回線C']);
    expect((await admin.get(`/api/v1/products/${c.id}`)).json().attributeDefinitionIds).toEqual([colour.id]);
    const inList = (await admin.get('/api/v1/products')).json().items as {
      id: string;
      attributeDefinitionIds: string[];
    }[];
    expect(inList.find((p) => p.id === a.id)?.attributeDefinitionIds).toEqual([colour.id]);

    const unlinked = await admin.delete(`/api/v1/attribute-definitions/${colour.id}/products/${b.id}`);
    expect(unlinked.statusCode).toBe(204);
    expect(
      (await admin.get(`/api/v1/attribute-definitions/${colour.id}/products`))
        .json()
        .items.map((p: { id: string }) => p.id),
    ).toEqual([a.id, c.id]);
    expect(
      (await admin.delete(`/api/v1/attribute-definitions/${colour.id}/products/${b.id}`)).statusCode,
    ).toBe(404);

    const entries = await auditOf(admin, colour.id);
    expect(entries.map((e) => e.action)).toEqual([
      'unlink_product',
      'link_products',
      'link_products',
      'create',
    ]);
    expect(entries[0]?.before).toMatchObject({ productId: b.id, productName: '回線B' });
    expect(entries[1]?.after).toMatchObject({ productIds: [c.id] });
  });

  test('unknown product ids answer 422 product_not_found naming each, and nothing is linked', async () => {
    const { admin } = await setup();
    const colour = await define(admin, { entity: 'product', labelJa: '色', type: 'text' });
    const a = await product(admin, '回線A');
    const other = await setup();
    const foreign = await product(other.admin, '他社の商品');
    const response = await admin.post(`/api/v1/attribute-definitions/${colour.id}/products`, {
      productIds: [a.id, '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', foreign.id],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'product_not_found',
      errors: [{ path: '/productIds/1' }, { path: '/productIds/2' }],
    });
    expect((await admin.get(`/api/v1/attribute-definitions/${colour.id}/products`)).json().items).toEqual([]);
    const empty = await admin.post(`/api/v1/attribute-definitions/${colour.id}/products`, { productIds: [] });
    expect(empty.statusCode).toBe(400);
  });

  test('a customer attribute cannot be linked to products', async () => {
    const { admin } = await setup();
    const customerAttribute = await define(admin, { entity: 'customer', labelJa: '業種', type: 'text' });
    const a = await product(admin, '回線A');
    const response = await admin.post(`/api/v1/attribute-definitions/${customerAttribute.id}/products`, {
      productIds: [a.id],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('attribute_not_for_products');
    expect(
      (await admin.get(`/api/v1/attribute-definitions/${customerAttribute.id}/products`)).json().items,
    ).toEqual([]);
  });
});

describe('roles', () => {
  test('any staff member reads definitions; only attributes.manage changes them; links need catalog.manage', async () => {
    const { tenant, admin } = await setup();
    const colour = await define(admin, { entity: 'product', labelJa: '色', type: 'text' });
    const a = await product(admin, '回線A');
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect((await rep.get('/api/v1/attribute-definitions?entity=product')).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/attribute-definitions/${colour.id}`)).statusCode).toBe(200);
    expect((await rep.get(`/api/v1/attribute-definitions/${colour.id}/products`)).statusCode).toBe(200);
    for (const response of [
      await rep.post('/api/v1/attribute-definitions', { entity: 'product', labelJa: 'x', type: 'text' }),
      await rep.patch(`/api/v1/attribute-definitions/${colour.id}`, { version: 1, labelJa: 'x' }),
      await rep.delete(`/api/v1/attribute-definitions/${colour.id}`),
      await rep.post(`/api/v1/attribute-definitions/${colour.id}/products`, { productIds: [a.id] }),
      await rep.delete(`/api/v1/attribute-definitions/${colour.id}/products/${a.id}`),
    ]) {
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    const legal = await userWithRoles(app(), tenant, ['legal'], admin);
    expect((await legal.get('/api/v1/attribute-definitions?entity=customer')).statusCode).toBe(200);
    const manager = await userWithRoles(app(), tenant, ['sales_manager'], admin);
    expect(
      (
        await manager.post('/api/v1/attribute-definitions', {
          entity: 'customer',
          labelJa: '規模',
          type: 'text',
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('portal users (顧客アカウント)', () => {
  test('see the product attribute definitions they are asked when ordering, never the customer ones', async () => {
    const { tenant, admin } = await setup();
    const asked = await define(admin, { entity: 'product', labelJa: '設置場所', type: 'text' });
    const internal = await define(admin, { entity: 'customer', labelJa: '与信ランク', type: 'text' });
    const { client: portal } = await portalUserFor(app(), tenant, admin);

    const keys = async (url: string) => {
      const response = await portal.get(url);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((item: Definition) => item.key);
    };
    expect(await keys('/api/v1/attribute-definitions')).toEqual([asked.key]);
    expect(await keys('/api/v1/attribute-definitions?entity=customer')).toEqual([]);
    expect(await keys(`/api/v1/attribute-definitions?q=${encodeURIComponent('与信')}`)).toEqual([]);

    const one = await portal.get(`/api/v1/attribute-definitions/${asked.id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ id: asked.id, entity: 'product', labelJa: '設置場所' });
    // A customer definition is "not found" to them, as an id of another tenant would be.
    const hidden = await portal.get(`/api/v1/attribute-definitions/${internal.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('与信ランク');

    // Definitions are managed by staff only.
    expect(
      (await portal.post('/api/v1/attribute-definitions', { entity: 'product', labelJa: 'x', type: 'text' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await portal.patch(`/api/v1/attribute-definitions/${asked.id}`, {
          labelJa: 'y',
          version: asked.version,
        })
      ).statusCode,
    ).toBe(403);
    expect((await portal.delete(`/api/v1/attribute-definitions/${asked.id}`)).statusCode).toBe(403);
  });
});
