// 請求データのcsvダウンロード (billing.md "CSV download of a month's billing data") and the
// invoices export of 各種データ出力, through HTTP: every column of a known line in UTF-8 (BOM)
// and Shift_JIS, Japanese and English headers; a customer name starting with '=' comes out
// neutralised while negative amounts stay numbers; bad months are 422 before any byte;
// another tenant's lines never appear.
import { sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, test } from 'vitest';
import type { PageOptions } from '../../platform/db/query-pages.js';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { csvRecords as csvOf } from '../../test/csv.js';
import { orderingFixture, type Ref } from '../../test/ordering.js';
import { until } from '../../test/poll.js';
import { exportInvoiceLinesCsv } from './invoice-export.service.js';

const app = useTestApp({ jobs: true });

const HEADERS_JA = [
  '請求番号',
  '請求年月',
  '顧客コード',
  '顧客名',
  '請求アカウント',
  '契約番号',
  '契約名',
  '明細番号',
  '商品コード',
  '商品名',
  '料金種別(初期/月額)',
  '利用月',
  '数量',
  '単価',
  '金額',
  '税率',
];
const HEADERS_EN = [
  'Invoice number',
  'Billing month',
  'Customer code',
  'Customer name',
  'Billing account',
  'Contract number',
  'Contract name',
  'Line item number',
  'Product code',
  'Product name',
  'Charge kind',
  'Service month',
  'Quantity',
  'Unit price',
  'Amount',
  'Tax rate',
];

interface Billed {
  customer: Ref & { defaultBillingAccountId: string };
  product: Ref;
  accountNumber: string;
  contractNumber: string;
  contractName: string;
  lineItemNumber: string;
}

let tenant: TestTenant;
let admin: ApiClient;
let billing: ApiClient;
/** The '=' customer: quantity 2, completed 2026-02-10. */
let formula: Billed;
let other: TestTenant;
let otherAdmin: ApiClient;
let otherCustomerName: string;

interface MarchInvoice {
  id: string;
  number: string;
  issueDate: string;
  dueDate: string;
}
let marchInvoice: MarchInvoice;

function json(response: { statusCode: number; body: string; json(): unknown }, status: number) {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as Record<string, unknown> & { id: string };
}

async function runBilling(client: ApiClient, billingMonth: string): Promise<void> {
  const started = json(await client.post('/api/v1/billing-runs', { billingMonth }), 202);
  await until(
    `the ${billingMonth} run`,
    async () => json(await client.get(`/api/v1/billing-runs/${started.id}`), 200).status === 'completed',
    { timeoutMs: 20_000 },
  );
}

/** A customer with one active line item of `quantity`, ordered 2026-02-01 and completed 2026-02-10. */
async function billedCustomer(client: ApiClient, name: string, quantity: number): Promise<Billed> {
  const fixture = orderingFixture(client);
  const product = await fixture.product({ freePeriod: { unit: 'month', length: 0 } });
  const customer = await fixture.customer(name);
  await fixture.onSale(customer.id, [product.id]);
  const contractName = `回線契約, "本店"\n2行目`;
  const order = await fixture.placeOrder({
    kind: 'new',
    customerId: customer.id,
    contractName,
    orderedOn: '2026-02-01',
    items: [{ productId: product.id, quantity }],
  });
  json(await client.post(`/api/v1/orders/${order.id}/complete`, { completedOn: '2026-02-10' }), 200);
  const accounts = json(await client.get(`/api/v1/customers/${customer.id}/billing-accounts`), 200);
  const contract = json(await client.get(`/api/v1/contracts/${order.contractId}`), 200);
  const lineItem = json(await client.get(`/api/v1/line-items/${order.items[0].lineItemId}`), 200);
  return {
    customer,
    product,
    accountNumber: String((accounts.items as { number: string }[])[0]?.number),
    contractNumber: String(contract.number),
    contractName: String(contract.name),
    lineItemNumber: String(lineItem.number),
  };
}

const rowsOf = (records: string[][], customerCode: string) =>
  records.filter((record) => record[2] === customerCode);

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  billing = await userWithRoles(app(), tenant, ['billing'], admin);
  formula = await billedCustomer(admin, '=HYPERLINK("http://evil.example")株式会社', 2);
  await billedCustomer(admin, '株式会社 山田商事', 1);
  await runBilling(billing, '2026-02');
  // An adjustment line on the draft: its text is the product name.
  const drafts = json(
    await billing.get(`/api/v1/invoices?billingMonth=2026-02&customerId=${formula.customer.id}`),
    200,
  );
  const draftId = (drafts.items as { id: string }[])[0]?.id as string;
  json(
    await billing.post(`/api/v1/invoices/${draftId}/lines`, {
      description: '-値引き 2月分',
      serviceMonth: '2026-02',
      quantity: 1,
      unitPrice: -500,
      taxRate: 10,
    }),
    201,
  );
  // March is issued, so its lines carry invoice numbers; then a credit note (赤伝, a draft)
  // negates the '=' customer's March invoice.
  await runBilling(billing, '2026-03');
  json(await billing.post('/api/v1/invoices/issue', { billingMonth: '2026-03' }), 200);
  const march = json(
    await billing.get(`/api/v1/invoices?billingMonth=2026-03&customerId=${formula.customer.id}`),
    200,
  );
  marchInvoice = (march.items as MarchInvoice[])[0] as MarchInvoice;
  json(await billing.post(`/api/v1/invoices/${marchInvoice.id}/credit-note`, { reason: '誤請求' }), 201);

  other = await createTestTenant(app().database);
  otherAdmin = await loginAs(app(), other.slug, other.adminEmail, other.adminPassword);
  otherCustomerName = `株式会社 他社テナント${other.slug}`;
  await billedCustomer(otherAdmin, otherCustomerName, 5);
  await runBilling(otherAdmin, '2026-02');
}, 120_000);

describe('GET /invoices/export (請求データのcsvダウンロード)', () => {
  test('UTF-8 with BOM, Japanese headers: every column of a known line; drafts have no number', async () => {
    const response = await billing.get('/api/v1/invoices/export?billingMonth=2026-02');
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="billing-2026-02.csv"');
    expect(response.body).toContain('\r\n');
    const records = csvOf(response, 'utf-8');
    expect(records[0]).toEqual(HEADERS_JA);
    const lines = rowsOf(records, formula.customer.code);
    const monthly = lines.find((record) => record[10] === '月額');
    expect(monthly).toEqual([
      '',
      '2026-02',
      formula.customer.code,
      `'=HYPERLINK("http://evil.example")株式会社`,
      formula.accountNumber,
      formula.contractNumber,
      formula.contractName,
      formula.lineItemNumber,
      formula.product.code,
      formula.product.name,
      '月額',
      '2026-02',
      '2',
      '1000',
      '2000',
      '10',
    ]);
    // Initial fee, not quantity-linked: 3,000 x 1.
    expect(lines.find((record) => record[10] === '初期')?.slice(12)).toEqual(['1', '3000', '3000', '10']);
    // The adjustment: its text (neutralised, it starts with '-') as the product name, no
    // product or line item, and -500 as a plain number.
    expect(lines.find((record) => record[10] === '調整')).toEqual([
      '',
      '2026-02',
      formula.customer.code,
      `'=HYPERLINK("http://evil.example")株式会社`,
      formula.accountNumber,
      '',
      '',
      '',
      '',
      `'-値引き 2月分`,
      '調整',
      '2026-02',
      '1',
      '-500',
      '-500',
      '10',
    ]);
    expect(lines).toHaveLength(3);
    // Both customers, and nothing of the other tenant.
    expect(records).toHaveLength(1 + 3 + 2);
    expect(response.body).not.toContain(otherCustomerName);
  });

  test('Shift_JIS with English headers: CP932 bytes, English charge kinds, issued invoices numbered', async () => {
    const response = await billing.get(
      '/api/v1/invoices/export?billingMonth=2026-03&encoding=shift_jis&headers=en',
    );
    expect(response.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
    expect(response.headers['content-disposition']).toBe('attachment; filename="billing-2026-03.csv"');
    const records = csvOf(response, 'shift_jis');
    expect(records[0]).toEqual(HEADERS_EN);
    const number = marchInvoice.number;
    expect(number).toMatch(/^INV-\d{8}$/);
    const march = [
      formula.customer.code,
      `'=HYPERLINK("http://evil.example")株式会社`,
      formula.accountNumber,
      formula.contractNumber,
      formula.contractName,
      formula.lineItemNumber,
      formula.product.code,
    ];
    expect(rowsOf(records, formula.customer.code)).toEqual([
      [number, '2026-03', ...march, formula.product.name, 'monthly', '2026-03', '2', '1000', '2000', '10'],
      // The credit note (a draft, so no number yet) negates it: an adjustment of -2,000.
      ['', '2026-03', ...march, '月額料金の取消', 'adjustment', '2026-03', '2', '-1000', '-2000', '10'],
    ]);
    // The Japanese name as CP932 bytes.
    expect(response.rawPayload.includes(iconv.encode('株式会社 山田商事', 'cp932'))).toBe(true);
  });

  test('Japanese headers in Shift_JIS and English headers in UTF-8', async () => {
    const sjis = csvOf(
      await billing.get('/api/v1/invoices/export?billingMonth=2026-02&encoding=shift_jis'),
      'shift_jis',
    );
    expect(sjis[0]).toEqual(HEADERS_JA);
    expect(
      rowsOf(sjis, formula.customer.code)
        .map((record) => record[10])
        .sort(),
    ).toEqual(['初期', '月額', '調整']);
    const utf8 = csvOf(await billing.get('/api/v1/invoices/export?billingMonth=2026-02&headers=en'), 'utf-8');
    expect(utf8[0]).toEqual(HEADERS_EN);
    expect(
      rowsOf(utf8, formula.customer.code)
        .map((record) => record[10])
        .sort(),
    ).toEqual(['adjustment', 'initial', 'monthly']);
  });

  test('a month without invoices is the header row only', async () => {
    const records = csvOf(await billing.get('/api/v1/invoices/export?billingMonth=2025-12'), 'utf-8');
    expect(records).toEqual([HEADERS_JA]);
  });

  test('a malformed month is 422 billing_month_invalid (problem+json); bad options 400; other roles 403', async () => {
    for (const month of ['2026-13', '202602', 'abc']) {
      const response = await billing.get(`/api/v1/invoices/export?billingMonth=${month}`);
      expect(response.statusCode, month).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'billing_month_invalid' });
    }
    expect((await billing.get('/api/v1/invoices/export')).statusCode).toBe(400);
    expect(
      (await billing.get('/api/v1/invoices/export?billingMonth=2026-02&encoding=latin1')).statusCode,
    ).toBe(400);
    expect((await billing.get('/api/v1/invoices/export?billingMonth=2026-02&headers=fr')).statusCode).toBe(
      400,
    );
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect((await rep.get('/api/v1/invoices/export?billingMonth=2026-02')).statusCode).toBe(403);
  });

  test('COPY and the cursor and keyset readers, with pages of any size, give the same CSV', async () => {
    const context = {
      database: app().database,
      tenantId: tenant.tenantId,
      actor: { id: null, name: 'test' },
      locale: 'ja' as const,
    };
    for (const encoding of ['utf-8', 'shift_jis'] as const) {
      for (const headers of ['ja', 'en'] as const) {
        const query = { billingMonth: '2026-02', encoding, headers };
        const bytesOf = async (pages: PageOptions) => {
          const chunks: Buffer[] = [];
          for await (const chunk of exportInvoiceLinesCsv(context, query, pages))
            chunks.push(chunk as Buffer);
          return Buffer.concat(chunks);
        };
        // PostgreSQL's COPY (the default there) against the rows written by csv-stringify.
        const copied = await bytesOf({});
        const text = encoding === 'utf-8' ? copied.toString('utf8') : iconv.decode(copied, 'cp932');
        expect(text.split('\r\n'), `${encoding} ${headers}`).toHaveLength(1 + 5 + 1);
        expect(text).toContain(`'=HYPERLINK(""http://evil.example"")株式会社`);
        for (const reader of ['cursor', 'keyset'] as const) {
          for (const size of [1, 2, 5, 6]) {
            const read = await bytesOf({ reader, size });
            expect(read.toString('latin1'), `${encoding} ${headers} ${reader}, pages of ${size}`).toBe(
              copied.toString('latin1'),
            );
          }
        }
      }
    }
    const query = { billingMonth: '2026-02', encoding: 'utf-8' as const, headers: 'ja' as const };
    // A reader that stops early ends the cursor's transaction and the COPY's (the pool is not left short).
    for (let attempt = 0; attempt < 15; attempt += 1) {
      for (const pages of [{ reader: 'cursor', size: 1 }, {}] as PageOptions[]) {
        const stream = exportInvoiceLinesCsv(context, query, pages);
        for await (const _chunk of stream) break;
      }
    }
    const again: Buffer[] = [];
    for await (const chunk of exportInvoiceLinesCsv(context, query)) again.push(chunk as Buffer);
    expect(Buffer.concat(again).toString('utf8').split('\r\n')).toHaveLength(1 + 5 + 1);
  });

  test('a COPY runs under row-level security: a query without a tenant filter sees one tenant', async () => {
    const database = app().database;
    const countVia = async (tenantId: string) => {
      const chunks: Buffer[] = [];
      const copy = database.copyOut?.(tenantId, sql`copy (select count(*) from invoices) to stdout`);
      if (!copy) throw new Error('PostgreSQL copies out');
      for await (const chunk of copy) chunks.push(chunk as Buffer);
      return Number(Buffer.concat(chunks).toString('utf8'));
    };
    const counted = async (tenantId: string) =>
      Number(
        (
          (await database.inTenant(tenantId, (tx) =>
            tx.execute(sql`select count(*)::int as n from invoices`),
          )) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]?.n,
      );
    const [all] = (await database.executeSql('select count(*)::int as n from invoices')).rows as {
      n: number;
    }[];
    const mine = await countVia(tenant.tenantId);
    const theirs = await countVia(other.tenantId);
    expect(mine).toBe(await counted(tenant.tenantId));
    expect(theirs).toBe(await counted(other.tenantId));
    expect(mine).toBeGreaterThan(0);
    expect(theirs).toBeGreaterThan(0);
    expect(mine + theirs).toBeLessThanOrEqual(Number(all?.n));
  });

  test("another tenant's export has only its own lines", async () => {
    const records = csvOf(await otherAdmin.get('/api/v1/invoices/export?billingMonth=2026-02'), 'utf-8');
    expect(records.slice(1).map((record) => record[3])).toEqual([otherCustomerName, otherCustomerName]);
    // Monthly 5 x 1,000 and the initial fee once (not quantity-linked).
    expect(
      records
        .slice(1)
        .map((record) => [record[10], record[12], record[14]])
        .sort(),
    ).toEqual([
      ['初期', '1', '3000'],
      ['月額', '5', '5000'],
    ]);
  });
});

describe('GET /exports/invoices (各種データ出力: one row per invoice)', () => {
  const COLUMNS_JA = [
    '請求番号',
    '種別',
    '状態',
    '請求年月',
    '顧客コード',
    '顧客名',
    '請求アカウント',
    '発行日',
    '支払期限',
    '小計',
    '消費税',
    '合計',
    '入金額',
    '入金状況',
  ];

  test('every invoice with its totals and payment status, in both encodings and header languages', async () => {
    const response = await billing.get('/api/v1/exports/invoices');
    expect(response.headers['content-disposition']).toBe('attachment; filename="invoices.csv"');
    const records = csvOf(response, 'utf-8');
    expect(records[0]).toEqual(COLUMNS_JA);
    // Two customers, two months, and the credit note.
    expect(records).toHaveLength(1 + 4 + 1);
    const invoice = marchInvoice;
    const row = records.find((record) => record[0] === invoice.number);
    expect(row).toEqual([
      invoice.number,
      '請求書',
      '発行済',
      '2026-03',
      formula.customer.code,
      `'=HYPERLINK("http://evil.example")株式会社`,
      formula.accountNumber,
      invoice.issueDate,
      invoice.dueDate,
      '2000',
      '200',
      '2200',
      '0',
      '未入金',
    ]);
    // The credit note's negative amounts stay plain numbers.
    expect(records.find((record) => record[1] === '赤伝')).toEqual([
      '',
      '赤伝',
      '下書き',
      '2026-03',
      formula.customer.code,
      `'=HYPERLINK("http://evil.example")株式会社`,
      formula.accountNumber,
      '',
      '',
      '-2000',
      '-200',
      '-2200',
      '0',
      '未入金',
    ]);
    expect(invoice.issueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const draft = records.find((record) => record[4] === formula.customer.code && record[3] === '2026-02');
    expect(draft?.slice(0, 3)).toEqual(['', '請求書', '下書き']);

    const english = csvOf(
      await billing.get('/api/v1/exports/invoices?encoding=shift_jis&headers=en'),
      'shift_jis',
    );
    expect(english[0]?.slice(0, 3)).toEqual(['Invoice number', 'Kind', 'Status']);
    expect(english.find((record) => record[0] === invoice.number)?.slice(1, 3)).toEqual([
      'invoice',
      'issued',
    ]);
    expect(english.find((record) => record[0] === invoice.number)?.[13]).toBe('unpaid');
    expect(response.body).not.toContain(otherCustomerName);
  });

  test('other roles 403; the other tenant sees only its own invoice', async () => {
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect((await rep.get('/api/v1/exports/invoices')).statusCode).toBe(403);
    const records = csvOf(await otherAdmin.get('/api/v1/exports/invoices'), 'utf-8');
    expect(records.slice(1).map((record) => record[5])).toEqual([otherCustomerName]);
  });
});
