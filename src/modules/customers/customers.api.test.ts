// 顧客管理 through the API (issue 4 item 3, api.md "Customers and billing accounts"): create
// organizations and persons with their default billing account, the sell-to address rule,
// field checks, search by code, folded name and phone, pages, edits with the version read,
// custom attribute values, billing accounts, and the audit trail.
import { beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../platform/ids/id.js';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { attributeDefinitions } from '../attributes/index.js';

const app = useTestApp();

interface BillingAccountSummary {
  id: string;
  number: string;
  name: string;
  paymentMethod: string;
  isDefault: boolean;
}

interface Customer {
  id: string;
  code: string;
  kind: 'organization' | 'person';
  name: string;
  nameKana: string | null;
  lifecycle: 'prospect' | 'account';
  address: {
    postalCode: string;
    prefecture: string;
    city: string;
    line1: string;
    line2: string | null;
  } | null;
  phone: string | null;
  email: string | null;
  customerClass: string | null;
  attributes: Record<string, unknown>;
  status: 'active' | 'merged';
  defaultBillingAccountId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  billingAccounts?: BillingAccountSummary[];
}

interface BillingAccount {
  id: string;
  customerId: string;
  number: string;
  name: string;
  paymentMethod: string;
  paymentTerms: string;
  isDefault: boolean;
  version: number;
}

const ADDRESS = { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' };

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

async function create(client: ApiClient, body: Record<string, unknown>): Promise<Customer> {
  const response = await client.post('/api/v1/customers', {
    kind: 'organization',
    address: ADDRESS,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as Customer;
}

async function search(client: ApiClient, query: string): Promise<string[]> {
  const response = await client.get(`/api/v1/customers?${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as Customer[]).map((customer) => customer.name);
}

describe('create and read', () => {
  test('an organization gets the next code and a default billing account paid by bank transfer', async () => {
    const { admin } = await setup();
    const created = await create(admin, {
      name: '株式会社 山田商事',
      nameKana: 'カブシキガイシャ ヤマダショウジ',
      address: { ...ADDRESS, postalCode: '１００－０００１', line2: '山田ビル3F' },
      phone: '０３－１２３４－５６７８',
      email: 'info@yamada.example',
      customerClass: '業務用/加入店',
    });
    expect(created).toMatchObject({
      code: 'C000001',
      kind: 'organization',
      name: '株式会社 山田商事',
      nameKana: 'カブシキガイシャ ヤマダショウジ',
      lifecycle: 'account',
      address: { ...ADDRESS, line2: '山田ビル3F' },
      phone: '03-1234-5678',
      email: 'info@yamada.example',
      customerClass: '業務用/加入店',
      attributes: {},
      status: 'active',
      version: 1,
    });
    expect(created.billingAccounts).toEqual([
      {
        id: created.defaultBillingAccountId,
        number: expect.stringMatching(/^B\d{6}$/),
        name: '株式会社 山田商事',
        paymentMethod: 'bank_transfer',
        isDefault: true,
      },
    ]);
    const read = await admin.get(`/api/v1/customers/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(created);

    const second = await create(admin, { name: '山田 太郎', kind: 'person', nameKana: 'ヤマダ タロウ' });
    expect(second).toMatchObject({ code: 'C000002', kind: 'person', phone: null, email: null });

    const audit = await admin.get(`/api/v1/audit?entity=customer&id=${created.id}`);
    expect(audit.json().items).toMatchObject([{ action: 'create', after: { code: 'C000001' } }]);
  });

  test('a prospect needs no address; a sales account does (422 sell_to_address_required)', async () => {
    const { admin } = await setup();
    const prospect = await create(admin, { name: '見込み商事', lifecycle: 'prospect', address: undefined });
    expect(prospect).toMatchObject({ lifecycle: 'prospect', address: null });

    for (const body of [
      { kind: 'organization', name: '住所なし商事' },
      { kind: 'organization', name: '住所なし商事', lifecycle: 'account', address: null },
    ]) {
      const refused = await admin.post('/api/v1/customers', body);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'sell_to_address_required',
        errors: [{ path: '/address' }],
      });
    }
    // Nothing was written: the next customer takes the next code after the prospect's.
    expect((await create(admin, { name: '次の商事' })).code).toBe('C000002');
  });

  test('every wrong field is reported at once, in the language asked for', async () => {
    const { admin } = await setup();
    const refused = await admin.post(
      '/api/v1/customers',
      {
        kind: 'organization',
        name: '誤り商事',
        address: { ...ADDRESS, postalCode: '100-001', city: ' ' },
        phone: '03-1234-567',
      },
      { 'accept-language': 'en' },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'validation_failed',
      errors: [
        { path: '/address/postalCode', message: 'must be a postal code of 7 digits (123-4567).' },
        { path: '/address/city', message: 'is required.' },
        { path: '/phone', message: 'must be a phone number of 10 or 11 digits (e.g. 03-1234-5678).' },
      ],
    });
    const japanese = await admin.post('/api/v1/customers', {
      kind: 'organization',
      name: '誤り商事',
      address: ADDRESS,
      phone: '12345',
    });
    expect(japanese.json().errors).toEqual([
      { path: '/phone', message: '電話番号は10桁または11桁の数字で入力してください(例: 03-1234-5678)。' },
    ]);

    for (const [body, path] of [
      [{ address: { ...ADDRESS, prefecture: '東京' } }, '/address/prefecture'],
      [{ email: 'not an email' }, '/email'],
      [{ kind: 'company' }, '/kind'],
      [{ name: ' ' }, '/name'],
    ] as const) {
      const response = await admin.post(
        '/api/v1/customers',
        Object.assign({ kind: 'organization', name: '誤り商事', address: ADDRESS }, body),
      );
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().errors.map((error: { path: string }) => error.path)).toContain(path);
    }
    expect((await admin.get('/api/v1/customers')).json().items).toEqual([]);
  });

  test('an unknown id answers 404', async () => {
    const { admin } = await setup();
    const response = await admin.get(`/api/v1/customers/${newId()}`);
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('not_found');
  });

  test('reading needs customers.read, writing customers.manage', async () => {
    const { tenant, admin } = await setup();
    const legal = await userWithRoles(app(), tenant, ['legal'], admin);
    const customer = await create(admin, { name: '権限商事' });
    expect((await legal.get(`/api/v1/customers/${customer.id}`)).statusCode).toBe(200);
    expect(
      (await legal.post('/api/v1/customers', { kind: 'person', name: 'x', lifecycle: 'prospect' }))
        .statusCode,
    ).toBe(403);
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect(
      (await rep.post('/api/v1/customers', { kind: 'person', name: '営業 花子', lifecycle: 'prospect' }))
        .statusCode,
    ).toBe(201);
  });
});

describe('search', () => {
  let admin: ApiClient;
  beforeAll(async () => {
    ({ admin } = await setup());
    await create(admin, { name: '株式会社山田商事', nameKana: 'ヤマダショウジ', phone: '03-1234-5678' });
    await create(admin, { name: '㈲佐藤工務店', nameKana: 'サトウコウムテン', phone: '06-9876-5432' });
    await create(admin, {
      name: 'ABCデータ合同会社',
      nameKana: 'エービーシーデータ',
      phone: '090-1111-2222',
    });
    await create(admin, { name: 'Keiyaku Co., Ltd.', nameKana: 'ケイヤク' });
    await create(admin, {
      name: '鈴木 一郎',
      kind: 'person',
      nameKana: 'スズキ イチロウ',
      lifecycle: 'prospect',
    });
  });

  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  test.each([
    ['山田商事', ['株式会社山田商事']],
    ['株式会社山田', ['株式会社山田商事']],
    ['(株)山田商事', ['株式会社山田商事']],
    ['㈱山田', ['株式会社山田商事']],
    ['山田 商事', ['株式会社山田商事']],
    ['ヤマダ', ['株式会社山田商事']],
    ['やまだ', ['株式会社山田商事']],
    ['ﾔﾏﾀﾞ', ['株式会社山田商事']],
    ['有限会社佐藤', ['㈲佐藤工務店']],
    ['さとう', ['㈲佐藤工務店']],
    ['ＡＢＣ', ['ABCデータ合同会社']],
    ['abcﾃﾞｰﾀ', ['ABCデータ合同会社']],
    ['えーびーしー', ['ABCデータ合同会社']],
    ['keiyaku inc', ['Keiyaku Co., Ltd.']],
    ['ＫＥＩＹＡＫＵ', ['Keiyaku Co., Ltd.']],
    ['鈴木一郎', ['鈴木 一郎']],
    ['スズキ　イチロウ', ['鈴木 一郎']],
    ['03-1234', ['株式会社山田商事']],
    ['0312345678', ['株式会社山田商事']],
    ['０６－９８７６', ['㈲佐藤工務店']],
    ['090', ['ABCデータ合同会社']],
    ['C000003', ['ABCデータ合同会社']],
    ['c000003', ['ABCデータ合同会社']],
    [
      'Ｃ００００',
      ['鈴木 一郎', 'Keiyaku Co., Ltd.', 'ABCデータ合同会社', '㈲佐藤工務店', '株式会社山田商事'],
    ],
    ['田', ['株式会社山田商事']],
    ['商', ['株式会社山田商事']],
    ['存在しない会社', []],
    ['株式会社', []],
    ['%', []],
  ])('q=%s finds %j', async (text, names) => {
    expect(await search(admin, q(text))).toEqual(names);
  });

  test('kind and lifecycle narrow the list, also with a query', async () => {
    expect(await search(admin, 'kind=person')).toEqual(['鈴木 一郎']);
    expect(await search(admin, 'lifecycle=prospect')).toEqual(['鈴木 一郎']);
    expect(await search(admin, `kind=organization&${q('C00000')}`)).toHaveLength(4);
    expect(await search(admin, `kind=person&${q('山田')}`)).toEqual([]);
  });

  test('pages follow the cursor, newest first, each customer once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await admin.get(`/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: Customer[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((customer) => customer.code));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(['C000005', 'C000004', 'C000003', 'C000002', 'C000001']);
  });
});

describe('edit', () => {
  test('name, kana and phone changes are found by the new values, not the old', async () => {
    const { admin } = await setup();
    const customer = await create(admin, { name: '旧名商事', nameKana: 'キュウメイ', phone: '03-1111-1111' });
    const patched = await admin.patch(`/api/v1/customers/${customer.id}`, {
      version: 1,
      name: '株式会社新名商事',
      nameKana: 'シンメイ',
      phone: '045-222-3333',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: '株式会社新名商事', phone: '045-222-3333', version: 2 });
    expect(patched.json().billingAccounts).toHaveLength(1);
    expect(await search(admin, `q=${encodeURIComponent('しんめい')}`)).toEqual(['株式会社新名商事']);
    expect(await search(admin, `q=${encodeURIComponent('旧名')}`)).toEqual([]);
    expect(await search(admin, 'q=045222')).toEqual(['株式会社新名商事']);
    expect(await search(admin, 'q=0311')).toEqual([]);

    const audit = (await admin.get(`/api/v1/audit?entity=customer&id=${customer.id}`)).json().items;
    expect(audit[0]).toMatchObject({
      action: 'update',
      before: { name: '旧名商事', version: 1 },
      after: { name: '株式会社新名商事', version: 2 },
    });
  });

  test('a stale version answers 409 and changes nothing', async () => {
    const { admin } = await setup();
    const customer = await create(admin, { name: '版数商事' });
    expect(
      (await admin.patch(`/api/v1/customers/${customer.id}`, { version: 1, customerClass: 'A' })).statusCode,
    ).toBe(200);
    const stale = await admin.patch(`/api/v1/customers/${customer.id}`, { version: 1, name: '上書き商事' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await admin.get(`/api/v1/customers/${customer.id}`)).json()).toMatchObject({
      name: '版数商事',
      customerClass: 'A',
      version: 2,
    });
  });

  test('the sell-to address rule holds on edits; null clears optional fields', async () => {
    const { admin } = await setup();
    const account = await create(admin, { name: '住所商事', phone: '03-1234-5678', email: 'a@b.example' });
    const removeAddress = await admin.patch(`/api/v1/customers/${account.id}`, { version: 1, address: null });
    expect(removeAddress.statusCode).toBe(422);
    expect(removeAddress.json().code).toBe('sell_to_address_required');

    const prospect = await create(admin, { name: '見込み商事', lifecycle: 'prospect', address: undefined });
    const promote = await admin.patch(`/api/v1/customers/${prospect.id}`, {
      version: 1,
      lifecycle: 'account',
    });
    expect(promote.statusCode).toBe(422);
    const promoted = await admin.patch(`/api/v1/customers/${prospect.id}`, {
      version: 1,
      lifecycle: 'account',
      address: { ...ADDRESS, postalCode: '5300001', prefecture: '大阪府', city: '大阪市北区' },
    });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json()).toMatchObject({
      lifecycle: 'account',
      address: { postalCode: '530-0001', prefecture: '大阪府' },
    });

    const cleared = await admin.patch(`/api/v1/customers/${account.id}`, {
      version: 1,
      phone: null,
      email: null,
    });
    expect(cleared.json()).toMatchObject({ phone: null, email: null, version: 2 });
    expect(await search(admin, 'q=0312345678')).toEqual([]);
  });

  test('an unknown id answers 404', async () => {
    const { admin } = await setup();
    expect((await admin.patch(`/api/v1/customers/${newId()}`, { version: 1, name: 'x' })).statusCode).toBe(
      404,
    );
  });
});

describe('custom attributes', () => {
  let tenant: TestTenant;
  let admin: ApiClient;
  beforeAll(async () => {
    ({ tenant, admin } = await setup());
    // The definitions' own screens belong to the attributes module; here they are rows.
    await app().database.inTenant(tenant.tenantId, (tx) =>
      tx.insert(attributeDefinitions).values([
        {
          tenantId: tenant.tenantId,
          id: newId(),
          entity: 'customer',
          key: 'region',
          labelJa: '地域',
          type: 'text',
          required: true,
          position: 1,
        },
        {
          tenantId: tenant.tenantId,
          id: newId(),
          entity: 'customer',
          key: 'employees',
          labelJa: '従業員数',
          type: 'number',
          position: 2,
        },
        {
          tenantId: tenant.tenantId,
          id: newId(),
          entity: 'customer',
          key: 'size',
          labelJa: '規模',
          type: 'select',
          options: [
            { value: 'small', labelJa: '小' },
            { value: 'large', labelJa: '大' },
          ],
          position: 3,
        },
        {
          tenantId: tenant.tenantId,
          id: newId(),
          entity: 'customer',
          key: 'old_code',
          labelJa: '旧コード',
          type: 'text',
          position: 4,
          retiredAt: new Date(),
        },
        {
          tenantId: tenant.tenantId,
          id: newId(),
          entity: 'product',
          key: 'color',
          labelJa: '色',
          type: 'text',
          position: 1,
        },
      ]),
    );
  });

  test('values are stored; required, typed, options and unknown keys are checked with paths', async () => {
    const created = await create(admin, {
      name: '属性商事',
      attributes: { region: ' 関東 ', employees: 120, size: 'large' },
    });
    expect(created.attributes).toEqual({ region: '関東', employees: 120, size: 'large' });

    const refused = await admin.post(
      '/api/v1/customers',
      {
        kind: 'organization',
        name: '属性誤り商事',
        address: ADDRESS,
        attributes: { employees: 'many', size: 'medium', color: 'red', old_code: 'X' },
      },
      { 'accept-language': 'en' },
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('validation_failed');
    expect(
      (refused.json().errors as { path: string; message: string }[])
        .map((e) => `${e.path} ${e.message}`)
        .sort(),
    ).toEqual([
      '/attributes/color is not a defined attribute.',
      '/attributes/employees must be a number.',
      '/attributes/old_code is not a defined attribute.',
      '/attributes/region is required.',
      '/attributes/size must be one of the options.',
    ]);
  });

  test('a prospect may leave required attributes empty until it becomes a sales account', async () => {
    const prospect = await create(admin, {
      name: '属性見込み',
      lifecycle: 'prospect',
      address: undefined,
      attributes: { employees: 3 },
    });
    const promote = await admin.patch(`/api/v1/customers/${prospect.id}`, {
      version: 1,
      lifecycle: 'account',
      address: ADDRESS,
    });
    expect(promote.statusCode).toBe(400);
    expect(promote.json().errors).toMatchObject([{ path: '/attributes/region' }]);
    const promoted = await admin.patch(`/api/v1/customers/${prospect.id}`, {
      version: 1,
      lifecycle: 'account',
      address: ADDRESS,
      attributes: { region: '九州' },
    });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json().attributes).toEqual({ region: '九州', employees: 3 });
  });

  test('an edit merges attributes over the stored ones; null unsets one', async () => {
    const customer = await create(admin, { name: '併合商事', attributes: { region: '関東', employees: 10 } });
    const patched = await admin.patch(`/api/v1/customers/${customer.id}`, {
      version: 1,
      attributes: { size: 'small', employees: null },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json().attributes).toEqual({ region: '関東', size: 'small' });
    const unsetRequired = await admin.patch(`/api/v1/customers/${customer.id}`, {
      version: 2,
      attributes: { region: '' },
    });
    expect(unsetRequired.statusCode).toBe(400);
    expect(unsetRequired.json().errors).toMatchObject([{ path: '/attributes/region' }]);
  });

  test('keys that are no attribute key at all are refused by the schema', async () => {
    const response = await admin.post('/api/v1/customers', {
      kind: 'organization',
      name: '鍵商事',
      address: ADDRESS,
      attributes: { region: '関東', 'Bad Key': 1 },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('billing accounts', () => {
  test('listed per customer and edited with the version read', async () => {
    const { admin } = await setup();
    const customer = await create(admin, { name: '請求商事' });
    const list = await admin.get(`/api/v1/customers/${customer.id}/billing-accounts`);
    expect(list.statusCode).toBe(200);
    const [account] = list.json().items as BillingAccount[];
    expect(list.json().items).toHaveLength(1);
    expect(account).toMatchObject({
      id: customer.defaultBillingAccountId,
      customerId: customer.id,
      name: '請求商事',
      paymentMethod: 'bank_transfer',
      paymentTerms: 'end_of_next_month',
      isDefault: true,
      version: 1,
    });

    const patched = await admin.patch(`/api/v1/billing-accounts/${account!.id}`, {
      version: 1,
      paymentMethod: 'direct_debit',
      name: '請求商事 本社',
      paymentTerms: 'end_of_month_after_next',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      paymentMethod: 'direct_debit',
      name: '請求商事 本社',
      paymentTerms: 'end_of_month_after_next',
      version: 2,
    });
    expect((await admin.get(`/api/v1/customers/${customer.id}`)).json().billingAccounts).toEqual([
      expect.objectContaining({ paymentMethod: 'direct_debit', name: '請求商事 本社', isDefault: true }),
    ]);

    const stale = await admin.patch(`/api/v1/billing-accounts/${account!.id}`, {
      version: 1,
      paymentMethod: 'non_billable',
    });
    expect(stale.statusCode).toBe(409);
    const unknownMethod = await admin.patch(`/api/v1/billing-accounts/${account!.id}`, {
      version: 2,
      paymentMethod: 'cash',
    });
    expect(unknownMethod.statusCode).toBe(400);
    const nonBillable = await admin.patch(`/api/v1/billing-accounts/${account!.id}`, {
      version: 2,
      paymentMethod: 'non_billable',
    });
    expect(nonBillable.json()).toMatchObject({ paymentMethod: 'non_billable', version: 3 });

    const audit = (await admin.get(`/api/v1/audit?entity=billing_account&id=${account!.id}`)).json().items;
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['update', 'update', 'create']);
  });

  test('unknown ids answer 404', async () => {
    const { admin } = await setup();
    expect((await admin.get(`/api/v1/customers/${newId()}/billing-accounts`)).statusCode).toBe(404);
    expect(
      (await admin.patch(`/api/v1/billing-accounts/${newId()}`, { version: 1, name: 'x' })).statusCode,
    ).toBe(404);
  });
});
