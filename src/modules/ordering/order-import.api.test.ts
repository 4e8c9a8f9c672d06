// 注文一括登録 through the API: POST /orders/import with a CSV, previewed (dryRun) and then
// applied, all or nothing, by the same rules as one order placed and completed on screen.
import iconv from 'iconv-lite';
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
import { portalUserFor } from '../../test/portal.js';

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
let f: OrderingFixture;

const today = () => Temporal.Now.plainDateISO('Asia/Tokyo');
const csvHeaders = { 'content-type': 'text/csv' };

interface ImportResult {
  applied: boolean;
  importId: string | null;
  orders: number;
  lineItems: number;
  completedOrders: number;
  rows: Record<string, unknown>[];
}

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  f = orderingFixture(admin);
});

async function refusedWithNothingWritten(csv: string | Buffer, language = 'ja') {
  const before = await databaseFingerprint(app().database, tenant.tenantId);
  const response = await admin.post('/api/v1/orders/import', csv, {
    ...csvHeaders,
    'accept-language': language,
  });
  expect(response.statusCode, response.body).toBe(422);
  expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
  const problem = response.json() as { code: string; errors: { path: string; message: string }[] };
  expect(problem.code).toBe('order_import_invalid');
  return problem.errors;
}

describe('注文一括登録 (order import)', () => {
  test('a Shift_JIS CSV is previewed, then placed and completed as the rows say', async () => {
    const a = await f.customer();
    const b = await f.customer();
    const bgm = await f.product({ freePeriod: { unit: 'month', length: 1 } });
    const fibre = await f.product({ fulfilment: 'carrier', serialNumberPattern: '^P\\d{13}$' });
    await f.onSale(a.id, [bgm.id, fibre.id]);
    await f.onSale(b.id, [fibre.id]);
    const orderedOn = today().subtract({ days: 10 }).toString();
    const completedOn = today().subtract({ days: 3 }).toString();
    const csv = [
      '顧客コード,商品コード,数量,契約名,契約キー,注文日,完了日,課金開始日,シリアル番号',
      `${a.code},${bgm.code},2,本社 BGM,K1,${orderedOn.replaceAll('-', '/')},${completedOn},,`,
      `${a.code},${fibre.code},1,,K1,${orderedOn},,,`,
      `${b.code},${fibre.code},1,支店 光回線,,,${today()},${today().add({ days: 5 })},P1234567890123`,
    ].join('\r\n');
    const sjis = iconv.encode(csv, 'cp932');

    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const preview = await admin.post('/api/v1/orders/import?dryRun=true', sjis, csvHeaders);
    expect(preview.statusCode, preview.body).toBe(200);
    const shown = preview.json() as ImportResult;
    expect(shown).toMatchObject({
      applied: false,
      importId: null,
      orders: 2,
      lineItems: 3,
      completedOrders: 1,
    });
    expect(shown.rows.map((row) => [row.row, row.customerName, row.quantity, row.orderNumber])).toEqual([
      [1, a.name, 2, null],
      [2, a.name, 1, null],
      [3, b.name, 1, null],
    ]);
    expect(shown.rows[0]).toMatchObject({
      contractName: '本社 BGM',
      orderedOn,
      completedOn,
      // the month's free period: charged from the day after a month of free service
      chargeStartDate: expect.any(String),
    });
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);

    const applied = await admin.post('/api/v1/orders/import', sjis, csvHeaders);
    expect(applied.statusCode, applied.body).toBe(200);
    const result = applied.json() as ImportResult;
    expect(result).toMatchObject({ applied: true, orders: 2, lineItems: 3, completedOrders: 1 });
    expect(result.importId).toEqual(expect.any(String));
    expect(result.rows[0]?.orderNumber).toBe(result.rows[1]?.orderNumber);
    expect(result.rows[2]?.orderNumber).not.toBe(result.rows[0]?.orderNumber);

    // A's order: one item completed, the carrier line still processing (partial confirmation).
    const listA = (await admin.get(`/api/v1/orders?customerId=${a.id}`)).json() as {
      items: { id: string; number: string }[];
    };
    expect(listA.items.map((order) => order.number)).toEqual([result.rows[0]?.orderNumber]);
    const orderA = (await admin.get(`/api/v1/orders/${listA.items[0]?.id}`)).json();
    expect(orderA).toMatchObject({ kind: 'new', status: 'processing', orderedOn, channel: 'staff' });
    expect(
      orderA.items.map((item: { status: string; quantity: number }) => [item.status, item.quantity]),
    ).toEqual([
      ['completed', 2],
      ['processing', 1],
    ]);
    const contractA = (await admin.get(`/api/v1/contracts/${orderA.contractId}`)).json();
    expect(contractA.name).toBe('本社 BGM');
    expect(
      contractA.lineItems.map((line: { status: string; quantity: number; completedOn: string | null }) => [
        line.status,
        line.quantity,
        line.completedOn,
      ]),
    ).toEqual([
      ['active', 2, completedOn],
      ['ordered', 0, null],
    ]);
    // The processing carrier line completes later on 注文完了, as any order.
    const carrierItem = orderA.items[1];
    const done = await admin.post(`/api/v1/orders/${orderA.id}/items/${carrierItem.id}/complete`, {
      completedOn: today().toString(),
      serialNumber: 'P0000000000001',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');

    // B's order: completed at once with the given charge start date and serial number.
    const listB = (await admin.get(`/api/v1/orders?customerId=${b.id}`)).json() as {
      items: { id: string }[];
    };
    const orderB = (await admin.get(`/api/v1/orders/${listB.items[0]?.id}`)).json();
    expect(orderB).toMatchObject({ status: 'completed', completedOn: today().toString() });
    const contractB = (await admin.get(`/api/v1/contracts/${orderB.contractId}`)).json();
    expect(contractB.lineItems[0]).toMatchObject({
      status: 'active',
      quantity: 1,
      chargeStartDate: today().add({ days: 5 }).toString(),
      serialNumber: 'P1234567890123',
    });
    const audit = await admin.get(`/api/v1/audit?entity=order&id=${orderB.id}`);
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.json().items.map((entry: { action: string }) => entry.action)).toEqual(['import']);
  });

  test('attribute columns are converted by the attribute type and checked like the order screen', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const key = `speed${Date.now()}`;
    await f.productAttribute([product.id], {
      key,
      type: 'select',
      required: true,
      options: [
        { value: '1g', labelJa: '1ギガ' },
        { value: '10g', labelJa: '10ギガ' },
      ],
    });
    const ok = await admin.post(
      '/api/v1/orders/import',
      [
        `customerCode,productCode,quantity,attribute:${key}`,
        `${customer.code},${product.code},1,10ギガ`,
        `${customer.code},${product.code},3,1g`,
      ].join('\n'),
      csvHeaders,
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const orders = (await admin.get(`/api/v1/orders?customerId=${customer.id}`)).json() as {
      items: { id: string }[];
    };
    expect(orders.items).toHaveLength(2);
    const attributes = await Promise.all(
      orders.items.map(
        async (order) => (await admin.get(`/api/v1/orders/${order.id}`)).json().items[0].attributes,
      ),
    );
    expect(attributes.map((values) => values[key]).sort()).toEqual(['10g', '1g']);

    const errors = await refusedWithNothingWritten(
      [
        `顧客コード,商品コード,数量,属性:${key}`,
        `${customer.code},${product.code},1,`,
        `${customer.code},${product.code},1,100g`,
      ].join('\n'),
    );
    expect(errors.map((error) => [error.path, error.message])).toEqual([
      [`/rows/1/属性:${key}`, `1行目(属性:${key}): 必須項目です。`],
      [`/rows/2/属性:${key}`, `2行目(属性:${key}): 選択肢から選んでください。`],
    ]);
  });

  test('an attribute column may name the attribute by its label, as people know it', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const key = `line${Date.now()}`;
    await f.productAttribute([product.id], { key, type: 'number', required: true });
    const label = `属性 ${key}`; // the fixture's Japanese label
    const ok = await admin.post(
      '/api/v1/orders/import',
      [`顧客コード,商品コード,数量,属性:${label}`, `${customer.code},${product.code},1,"１,２００"`].join(
        '\n',
      ),
      csvHeaders,
    );
    expect(ok.statusCode, ok.body).toBe(200);
    const orders = (await admin.get(`/api/v1/orders?customerId=${customer.id}`)).json() as {
      items: { id: string }[];
    };
    const order = (await admin.get(`/api/v1/orders/${orders.items[0]?.id}`)).json();
    expect(order.items[0].attributes).toEqual({ [key]: 1200 });
    // A required attribute the file has no column for is named by its label.
    const errors = await refusedWithNothingWritten(
      ['顧客コード,商品コード,数量', `${customer.code},${product.code},1`].join('\n'),
    );
    expect(errors.map((error) => error.message)).toEqual([`1行目(属性:${label}): 必須項目です。`]);
  });

  test('two columns naming the same attribute of a row are refused', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const key = `dup${Date.now()}`;
    await f.productAttribute([product.id], { key, type: 'text' });
    const errors = await refusedWithNothingWritten(
      [
        `顧客コード,商品コード,数量,属性:${key},属性:属性 ${key}`,
        `${customer.code},${product.code},1,a,b`,
      ].join('\n'),
    );
    expect(errors.map((error) => error.path)).toEqual([`/rows/1/属性:属性 ${key}`]);
  });

  test('imports at the same moment each get their own numbers', async () => {
    const customer = await f.customer();
    const product = await f.product();
    await f.onSale(customer.id, [product.id]);
    const csv = [
      '顧客コード,商品コード,数量',
      ...Array.from({ length: 30 }, () => `${customer.code},${product.code},1`),
    ].join('\n');
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => admin.post('/api/v1/orders/import', csv, csvHeaders)),
    );
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    const numbers = answers.flatMap((answer) =>
      (answer.json() as ImportResult).rows.map((row) => String(row.orderNumber)),
    );
    expect(numbers).toHaveLength(120);
    expect(new Set(numbers).size).toBe(120);
  });

  test('a CSV with a NUL character is refused before it is read', async () => {
    const response = await admin.post(
      '/api/v1/orders/import',
      '顧客コード,商品コード,数量\nC-1,P-\u00001,1',
      csvHeaders,
    );
    expect(response.statusCode, response.body).toBe(400);
  });

  test('every bad row is named at once, and nothing is written', async () => {
    const customer = await f.customer();
    const other = await f.customer();
    const product = await f.product();
    const notOnSale = await f.product();
    const carrier = await f.product({ fulfilment: 'carrier', serialNumberPattern: '^P\\d{13}$' });
    await f.onSale(customer.id, [product.id, carrier.id]);
    const yesterday = today().subtract({ days: 1 }).toString();
    const errors = await refusedWithNothingWritten(
      [
        '顧客コード,商品コード,数量,契約キー,注文日,完了日,シリアル番号',
        `C-NOPE,${product.code},1,,,,`,
        `${customer.code},NOPE-1,1,,,,`,
        `${customer.code},${notOnSale.code},1,,,,`,
        `${customer.code},${product.code},0,,,,`,
        `${customer.code},${product.code},1,,2026-02-30,,`,
        `${customer.code},${product.code},1,,${today()},${yesterday},`,
        `${customer.code},${carrier.code},1,,,${today()},`,
        `${customer.code},${carrier.code},1,,,${today()},X1`,
        `${customer.code},${product.code},1,,${today().add({ days: 1 })},,`,
        `${customer.code},${product.code},1,G,,,`,
        `${other.code},${product.code},1,G,,,`,
        `${customer.code},${product.code},1,,,,P1234567890123`,
      ].join('\n'),
    );
    expect(errors.map((error) => error.path)).toEqual([
      '/rows/1/顧客コード',
      '/rows/2/商品コード',
      '/rows/3/商品コード',
      '/rows/4/数量',
      '/rows/5/注文日',
      '/rows/6/完了日',
      '/rows/7/シリアル番号',
      '/rows/8/シリアル番号',
      '/rows/9/注文日',
      '/rows/11/顧客コード',
      '/rows/12/シリアル番号',
    ]);
    expect(errors[0]?.message).toBe('1行目(顧客コード): 顧客コード C-NOPE の顧客が見つかりません。');
    // An unknown customer and an unknown product of one row are both named.
    const twice = await refusedWithNothingWritten(
      ['顧客コード,商品コード,数量', 'C-NOPE,NOPE-9,1'].join('\n'),
    );
    expect(twice.map((error) => error.path)).toEqual(['/rows/1/顧客コード', '/rows/1/商品コード']);
    expect(errors[2]?.message).toBe(
      '3行目(商品コード): この顧客の販売中の基本契約に含まれていない商品です。',
    );
    expect(errors[3]?.message).toBe('4行目(数量): 1以上100,000以下の整数を入力してください。');

    // A row refused for its cells still has its codes looked up: one round of fixes does.
    const both = await refusedWithNothingWritten(
      ['顧客コード,商品コード,数量,完了日', `C-NOPE,NOPE-2,0,`, `${customer.code},NOPE-3,1,2026-13-01`].join(
        '\n',
      ),
      'en',
    );
    expect(both.map((error) => [error.path, error.message])).toEqual([
      ['/rows/1/数量', 'Row 1 (quantity): must be a whole number from 1 to 100000.'],
      ['/rows/1/顧客コード', 'Row 1 (customer code): No customer with code C-NOPE.'],
      ['/rows/1/商品コード', 'Row 1 (product code): No product with code NOPE-2.'],
      ['/rows/2/完了日', 'Row 2 (completed on): must be a date (YYYY-MM-DD).'],
      ['/rows/2/商品コード', 'Row 2 (product code): No product with code NOPE-3.'],
    ]);

    const english = await refusedWithNothingWritten(
      ['customerCode,productCode', `${customer.code},${product.code}`].join('\n'),
      'en',
    );
    expect(english.map((error) => error.message)).toEqual(['The header row has no "quantity" column.']);
    expect(await refusedWithNothingWritten('顧客コード,商品コード,数量\n')).toHaveLength(1);
  });

  test('only staff with orders.import may import; a portal user may not', async () => {
    const desk = await userWithRoles(app(), tenant, ['order_desk'], admin);
    const csv = '顧客コード,商品コード,数量\nC-1,P-1,1';
    expect((await desk.post('/api/v1/orders/import', csv, csvHeaders)).statusCode).toBe(403);
    const portal = await portalUserFor(app(), tenant, admin);
    expect((await portal.client.post('/api/v1/orders/import', csv, csvHeaders)).statusCode).toBe(403);
    const json = await admin.post('/api/v1/orders/import', { rows: [] });
    expect(json.statusCode).toBe(400);
  });
});
