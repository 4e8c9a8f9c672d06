// 各種データ出力: GET /exports/contracts and /exports/line-items through HTTP: columns in
// both header languages, the values of a known contract and line item in UTF-8 and
// Shift_JIS, the permission, a portal user's export narrowed to their customer, and nothing
// of another tenant.
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
import { type CustomerRef, orderingFixture, type Ref } from '../../test/ordering.js';
import { portalUserFor } from '../../test/portal.js';

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
let customer: CustomerRef;
let product: Ref;
let contract: Record<string, unknown>;
let lineItem: Record<string, unknown>;
let accountNumber: string;
let otherContractName: string;
let portal: ApiClient;
let portalContractNumber: string;

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  const fixture = orderingFixture(admin);
  product = await fixture.product({ freePeriod: { unit: 'month', length: 1 } });
  customer = await fixture.customer('株式会社 出力テスト');
  await fixture.onSale(customer.id, [product.id]);
  const order = await fixture.placeOrder({
    kind: 'new',
    customerId: customer.id,
    contractName: '+回線 本店',
    orderedOn: '2026-01-05',
    items: [{ productId: product.id, quantity: 3 }],
  });
  const completed = await admin.post(`/api/v1/orders/${order.id}/complete`, { completedOn: '2026-01-20' });
  expect(completed.statusCode, completed.body).toBe(200);
  contract = (await admin.get(`/api/v1/contracts/${order.contractId}`)).json();
  lineItem = (await admin.get(`/api/v1/line-items/${order.items[0].lineItemId}`)).json();
  const accounts = (await admin.get(`/api/v1/customers/${customer.id}/billing-accounts`)).json();
  accountNumber = String((accounts.items as { number: string }[])[0]?.number);

  // A portal user's customer with a contract of its own.
  const portalLogin = await portalUserFor(app(), tenant, admin);
  await fixture.onSale(portalLogin.customerId, [product.id]);
  const portalOrder = await fixture.placeOrder({
    kind: 'new',
    customerId: portalLogin.customerId,
    items: [{ productId: product.id, quantity: 1 }],
  });
  portal = portalLogin.client;
  portalContractNumber = String(
    (await admin.get(`/api/v1/contracts/${portalOrder.contractId}`)).json().number,
  );

  const other = await createTestTenant(app().database);
  const otherAdmin = await loginAs(app(), other.slug, other.adminEmail, other.adminPassword);
  const otherFixture = orderingFixture(otherAdmin);
  const otherProduct = await otherFixture.product();
  const otherCustomer = await otherFixture.customer();
  await otherFixture.onSale(otherCustomer.id, [otherProduct.id]);
  otherContractName = `他社の契約 ${other.slug}`;
  await otherFixture.placeOrder({
    kind: 'new',
    customerId: otherCustomer.id,
    contractName: otherContractName,
    items: [{ productId: otherProduct.id, quantity: 1 }],
  });
}, 60_000);

describe('GET /exports/contracts', () => {
  test('every contract by number with customer, billing account and line item counts', async () => {
    const response = await admin.get('/api/v1/exports/contracts');
    expect(response.headers['content-disposition']).toBe('attachment; filename="contracts.csv"');
    const records = csvRecords(response, 'utf-8');
    expect(records[0]).toEqual([
      '契約番号',
      '契約名',
      '顧客コード',
      '顧客名',
      '請求アカウント',
      '明細数',
      '利用中の明細数',
      '備考',
    ]);
    expect(records).toHaveLength(3);
    expect(records.find((record) => record[0] === contract.number)).toEqual([
      contract.number,
      "'+回線 本店",
      customer.code,
      '株式会社 出力テスト',
      accountNumber,
      '1',
      '1',
      '',
    ]);
    expect(response.body).not.toContain(otherContractName);
  });

  test('Shift_JIS with English headers', async () => {
    const records = csvRecords(
      await admin.get('/api/v1/exports/contracts?encoding=shift_jis&headers=en'),
      'shift_jis',
    );
    expect(records[0]?.slice(0, 4)).toEqual([
      'Contract number',
      'Contract name',
      'Customer code',
      'Customer name',
    ]);
    expect(records.find((record) => record[0] === contract.number)?.[3]).toBe('株式会社 出力テスト');
  });

  test("a portal user's export holds their own contracts only; other roles need contracts.read", async () => {
    const records = csvRecords(await portal.get('/api/v1/exports/contracts'), 'utf-8');
    expect(records.slice(1).map((record) => record[0])).toEqual([portalContractNumber]);
    const none = await userWithRoles(app(), tenant, [], admin);
    expect((await none.get('/api/v1/exports/contracts')).statusCode).toBe(403);
    expect((await none.get('/api/v1/exports/line-items')).statusCode).toBe(403);
  });
});

describe('GET /exports/line-items', () => {
  test('every line item by number with product, status, dates and snapshot prices', async () => {
    const response = await admin.get('/api/v1/exports/line-items');
    expect(response.headers['content-disposition']).toBe('attachment; filename="line-items.csv"');
    const records = csvRecords(response, 'utf-8');
    expect(records[0]).toEqual([
      '明細番号',
      '契約番号',
      '顧客コード',
      '顧客名',
      '商品コード',
      '商品名',
      '状態',
      '数量',
      '完成日(開通日)',
      '課金開始日',
      '終了日',
      'シリアル番号',
      '初期費',
      '月額',
    ]);
    expect(records).toHaveLength(3);
    expect(records.find((record) => record[0] === lineItem.number)).toEqual([
      lineItem.number,
      contract.number,
      customer.code,
      '株式会社 出力テスト',
      product.code,
      product.name,
      '利用中',
      '3',
      '2026-01-20',
      // Free period of one month.
      '2026-02-20',
      '',
      '',
      '3000',
      '1000',
    ]);
    // The portal customer's order is not completed yet: 受注, quantity 0.
    expect(records.find((record) => record[1] === portalContractNumber)?.slice(6, 8)).toEqual(['受注', '0']);
    expect(response.body).not.toContain(otherContractName);
  });

  test('Shift_JIS with English headers and English statuses; a portal user sees their own only', async () => {
    const records = csvRecords(
      await admin.get('/api/v1/exports/line-items?encoding=shift_jis&headers=en'),
      'shift_jis',
    );
    expect(records[0]?.slice(6, 10)).toEqual(['Status', 'Quantity', 'Completed on', 'Charge start date']);
    expect(records.find((record) => record[0] === lineItem.number)?.slice(3, 7)).toEqual([
      '株式会社 出力テスト',
      product.code,
      product.name,
      'active',
    ]);
    const own = csvRecords(await portal.get('/api/v1/exports/line-items'), 'utf-8');
    expect(own.slice(1).map((record) => record[1])).toEqual([portalContractNumber]);
  });
});
