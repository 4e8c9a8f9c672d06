// 各種データ出力: GET /exports/customers through HTTP: the columns in both header languages,
// the values of a known customer in UTF-8 and Shift_JIS, formula neutralisation, the
// permission, and nothing of another tenant.
import { beforeAll, describe, expect, test } from 'vitest';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { csvRecords } from '../../test/csv.js';

const app = useTestApp();

const COLUMNS_JA = [
  '顧客コード',
  '法人/個人',
  '顧客名',
  'フリガナ',
  '顧客ステータス',
  '顧客区分',
  '郵便番号',
  '都道府県',
  '市区町村',
  '番地',
  '建物名',
  '電話番号',
  'メールアドレス',
  '状態',
  '既定の請求アカウント',
  '支払方法',
  'カスタム属性',
];

let tenant: TestTenant;
let admin: ApiClient;
let customer: Record<string, unknown> & { id: string; code: string };
let accountNumber: string;
let otherName: string;

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  const created = await admin.post('/api/v1/customers', {
    kind: 'organization',
    name: '株式会社 髙橋〜電機',
    nameKana: 'タカハシデンキ',
    lifecycle: 'account',
    address: {
      postalCode: '100-0001',
      prefecture: '東京都',
      city: '千代田区',
      line1: '千代田1-1',
      line2: 'ビル 3F',
    },
    phone: '03-1234-5678',
    email: 'info@takahashi.example',
  });
  expect(created.statusCode, created.body).toBe(201);
  customer = created.json();
  const accounts = await admin.get(`/api/v1/customers/${customer.id}/billing-accounts`);
  accountNumber = String((accounts.json().items as { number: string }[])[0]?.number);
  const formula = await admin.post('/api/v1/customers', {
    kind: 'person',
    lifecycle: 'prospect',
    name: '@SUM(A1) 太郎',
  });
  expect(formula.statusCode, formula.body).toBe(201);

  const other = await createTestTenant(app().database);
  const otherAdmin = await loginAs(app(), other.slug, other.adminEmail, other.adminPassword);
  otherName = `他社テナントの顧客 ${other.slug}`;
  expect(
    (await otherAdmin.post('/api/v1/customers', { kind: 'person', lifecycle: 'prospect', name: otherName }))
      .statusCode,
  ).toBe(201);
});

describe('GET /exports/customers', () => {
  test('every customer by code, with its default billing account, in UTF-8 and Japanese headers', async () => {
    const response = await admin.get('/api/v1/exports/customers');
    expect(response.headers['content-disposition']).toBe('attachment; filename="customers.csv"');
    const records = csvRecords(response, 'utf-8');
    expect(records[0]).toEqual(COLUMNS_JA);
    expect(records).toHaveLength(3);
    expect(records.find((record) => record[0] === customer.code)).toEqual([
      customer.code,
      '法人',
      '株式会社 髙橋〜電機',
      'タカハシデンキ',
      '販売アカウント',
      '',
      '100-0001',
      '東京都',
      '千代田区',
      '千代田1-1',
      'ビル 3F',
      '03-1234-5678',
      'info@takahashi.example',
      '有効',
      accountNumber,
      '銀行振込',
      '',
    ]);
    const formula = records.find((record) => record[2]?.includes('SUM'));
    expect(formula?.slice(1, 3)).toEqual(['個人', "'@SUM(A1) 太郎"]);
    expect(response.body).not.toContain(otherName);
  });

  test('Shift_JIS with English headers: CP932, English values; 〜 becomes its CP932 form', async () => {
    const records = csvRecords(
      await admin.get('/api/v1/exports/customers?encoding=shift_jis&headers=en'),
      'shift_jis',
    );
    expect(records[0]?.slice(0, 5)).toEqual(['Customer code', 'Kind', 'Name', 'Name kana', 'Lifecycle']);
    const row = records.find((record) => record[0] === customer.code);
    expect(row?.slice(1, 5)).toEqual(['organization', '株式会社 髙橋～電機', 'タカハシデンキ', 'account']);
    expect(row?.slice(13, 16)).toEqual(['active', accountNumber, 'bank_transfer']);
  });

  test('needs customers.read', async () => {
    const legal = await userWithRoles(app(), tenant, ['legal'], admin);
    expect((await legal.get('/api/v1/exports/customers')).statusCode).toBe(200);
    const none = await userWithRoles(app(), tenant, [], admin);
    expect((await none.get('/api/v1/exports/customers')).statusCode).toBe(403);
    expect((await admin.get('/api/v1/exports/customers?encoding=utf-16')).statusCode).toBe(400);
  });
});
