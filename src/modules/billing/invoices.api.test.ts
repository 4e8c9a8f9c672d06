// Invoice actions, credit notes and payments through the API (billing.md "Invoices"): a draft
// opened by hand carries adjustment lines, issuing numbers it and freezes it, a credit note
// corrects it, payments move its status; refusals answer 422/409 and write nothing.
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
import { markOverdueHandler } from './overdue.job.js';

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
let billing: ApiClient;

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  billing = await userWithRoles(app(), tenant, ['billing'], admin);
});

type Json = Record<string, unknown> & { id: string };
type Invoice = Json & {
  number: string | null;
  status: string;
  version: number;
  total: number;
  subtotal: number;
  taxTotal: number;
  openAmount: number;
  paidAmount: number;
  creditedAmount: number;
  paymentStatus: string;
  dueDate: string | null;
  lines: (Json & { amount: number; chargeKind: string })[];
};

function json<T = Json>(response: { statusCode: number; body: string; json(): unknown }, status: number): T {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

let customerCounter = 0;
/** A new customer's billing account. */
async function billingAccount(): Promise<{ customerId: string; billingAccountId: string; name: string }> {
  customerCounter += 1;
  const name = `入金テスト${customerCounter}株式会社`;
  const customer = json<Json & { defaultBillingAccountId: string }>(
    await admin.post('/api/v1/customers', { kind: 'organization', lifecycle: 'prospect', name }),
    201,
  );
  return { customerId: customer.id, billingAccountId: customer.defaultBillingAccountId, name };
}

/** A draft for 2026-01 with one adjustment line of `unitPrice` x `quantity` at 10%. */
async function draftWith(unitPrice: number, quantity = 1): Promise<Invoice> {
  const { billingAccountId } = await billingAccount();
  const draft = json<Invoice>(
    await billing.post('/api/v1/invoices', { billingAccountId, billingMonth: '2026-01' }),
    201,
  );
  return json<Invoice>(
    await billing.post(`/api/v1/invoices/${draft.id}/lines`, {
      description: '作業費',
      serviceMonth: '2026-01',
      quantity,
      unitPrice,
      taxRate: 10,
    }),
    201,
  );
}

async function issued(unitPrice: number, quantity = 1): Promise<Invoice> {
  const draft = await draftWith(unitPrice, quantity);
  return json<Invoice>(
    await billing.post(`/api/v1/invoices/${draft.id}/issue`, { version: draft.version }),
    200,
  );
}

describe('drafts and adjustment lines', () => {
  test('POST /invoices opens the draft of an account and month once; adjustments change its totals', async () => {
    const { billingAccountId, name } = await billingAccount();
    const draft = json<Invoice>(
      await billing.post('/api/v1/invoices', { billingAccountId, billingMonth: '2026-01' }),
      201,
    );
    expect(draft).toMatchObject({ status: 'draft', number: null, customerName: name, total: 0, sequence: 1 });
    const again = json<Invoice>(
      await billing.post('/api/v1/invoices', { billingAccountId, billingMonth: '2026-01' }),
      200,
    );
    expect(again.id).toBe(draft.id);

    const withLines = json<Invoice>(
      await billing.post(`/api/v1/invoices/${draft.id}/lines`, {
        description: '設置作業費',
        serviceMonth: '2026-01',
        quantity: 3,
        unitPrice: 3333,
        taxRate: 10,
      }),
      201,
    );
    const withDiscount = json<Invoice>(
      await billing.post(`/api/v1/invoices/${draft.id}/lines`, {
        description: '値引き',
        serviceMonth: '2026-01',
        quantity: 1,
        unitPrice: -999,
        taxRate: 10,
      }),
      201,
    );
    expect(withLines.total).toBe(9999 + 999);
    // 9,999 - 999 = 9,000 taxable at 10%: tax 900 (per rate, once).
    expect(withDiscount).toMatchObject({ subtotal: 9000, taxTotal: 900, total: 9900 });
    expect(withDiscount.lines.map((line) => [line.chargeKind, line.amount])).toEqual([
      ['adjustment', 9999],
      ['adjustment', -999],
    ]);
    const discount = withDiscount.lines[1];
    const removed = json<Invoice>(
      await billing.delete(`/api/v1/invoices/${draft.id}/lines/${discount?.id}`),
      200,
    );
    expect(removed).toMatchObject({ subtotal: 9999, taxTotal: 999, total: 10998 });
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${draft.id}`), 200).total).toBe(10998);
  });

  test('unknown accounts, rates not of the tenant and bad months are refused; nothing is written', async () => {
    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const unknown = await billing.post('/api/v1/invoices', {
      billingAccountId: '01900000-0000-7000-8000-000000000000',
      billingMonth: '2026-01',
    });
    expect(json(unknown, 422)).toMatchObject({ code: 'billing_account_not_found' });
    expect(
      (await billing.post('/api/v1/invoices', { billingAccountId: 'x', billingMonth: '2026-01' })).statusCode,
    ).toBe(400);
    const noMonth = await billing.post('/api/v1/invoices', {
      billingAccountId: '01900000-0000-7000-8000-000000000000',
      billingMonth: '2026-13',
    });
    expect(json(noMonth, 422)).toMatchObject({
      code: 'billing_month_invalid',
      errors: [{ path: '/billingMonth' }],
    });
    expect(json(await billing.post('/api/v1/invoices/issue', { billingMonth: '26-01' }), 422)).toMatchObject({
      code: 'billing_month_invalid',
    });
    expect(json(await billing.get('/api/v1/invoices?billingMonth=2026-1'), 422)).toMatchObject({
      code: 'billing_month_invalid',
    });
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
    const draft = await draftWith(1000);
    const afterDraft = await databaseFingerprint(app().database, tenant.tenantId);
    const badRate = await billing.post(`/api/v1/invoices/${draft.id}/lines`, {
      description: '税率誤り',
      serviceMonth: '2026-01',
      quantity: 1,
      unitPrice: 100,
      taxRate: 5,
    });
    expect(json(badRate, 422)).toMatchObject({ code: 'tax_rate_invalid' });
    const badMonth = await billing.post(`/api/v1/invoices/${draft.id}/lines`, {
      description: '月誤り',
      serviceMonth: '2026-13',
      quantity: 1,
      unitPrice: 100,
      taxRate: 10,
    });
    expect(json(badMonth, 422)).toMatchObject({
      code: 'billing_month_invalid',
      errors: [{ path: '/serviceMonth' }],
    });
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(afterDraft);
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect(
      (await rep.post(`/api/v1/invoices/${draft.id}/issue`, { version: draft.version })).statusCode,
    ).toBe(403);
  });
});

describe('issuing', () => {
  test('issue numbers the draft, dates it and freezes it; stale versions and empty drafts are refused', async () => {
    const draft = await draftWith(5000);
    const stale = await billing.post(`/api/v1/invoices/${draft.id}/issue`, { version: draft.version - 1 });
    expect(json(stale, 409)).toMatchObject({ code: 'version_conflict' });
    const done = json<Invoice>(
      await billing.post(`/api/v1/invoices/${draft.id}/issue`, { version: draft.version }),
      200,
    );
    expect(done.number).toMatch(/^INV-\d{8}$/);
    expect(done).toMatchObject({ status: 'issued', paymentStatus: 'unpaid', openAmount: 5500 });
    expect(done.issueDate).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    expect(done.dueDate).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const again = await billing.post(`/api/v1/invoices/${draft.id}/issue`, { version: done.version });
    expect(json(again, 409)).toMatchObject({ code: 'invoice_not_draft' });
    const line = await billing.post(`/api/v1/invoices/${draft.id}/lines`, {
      description: '追加',
      serviceMonth: '2026-01',
      quantity: 1,
      unitPrice: 1,
      taxRate: 10,
    });
    expect(json(line, 409)).toMatchObject({ code: 'invoice_not_draft' });
    expect((await billing.delete(`/api/v1/invoices/${draft.id}/lines/${done.lines[0]?.id}`)).statusCode).toBe(
      409,
    );
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);

    const { billingAccountId } = await billingAccount();
    const empty = json<Invoice>(
      await billing.post('/api/v1/invoices', { billingAccountId, billingMonth: '2026-01' }),
      201,
    );
    expect(
      json(await billing.post(`/api/v1/invoices/${empty.id}/issue`, { version: empty.version }), 422),
    ).toMatchObject({ code: 'invoice_empty' });
  });

  test('an issued month gets a supplementary draft; POST /invoices/issue issues every draft with lines', async () => {
    const first = await issued(1000);
    const account = first.billingAccountId as string;
    const supplementary = json<Invoice>(
      await billing.post('/api/v1/invoices', { billingAccountId: account, billingMonth: '2026-01' }),
      201,
    );
    expect(supplementary).toMatchObject({ sequence: 2, status: 'draft' });
    await billing.post(`/api/v1/invoices/${supplementary.id}/lines`, {
      description: '追加請求',
      serviceMonth: '2026-01',
      quantity: 1,
      unitPrice: 200,
      taxRate: 8,
    });
    const { billingAccountId: emptyAccount } = await billingAccount();
    const emptyDraft = json<Invoice>(
      await billing.post('/api/v1/invoices', { billingAccountId: emptyAccount, billingMonth: '2026-01' }),
      201,
    );
    const result = json<{ issued: number }>(
      await billing.post('/api/v1/invoices/issue', { billingMonth: '2026-01' }),
      200,
    );
    expect(result.issued).toBeGreaterThanOrEqual(1);
    const now = json<Invoice>(await billing.get(`/api/v1/invoices/${supplementary.id}`), 200);
    expect(now).toMatchObject({ status: 'issued', total: 216 });
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${emptyDraft.id}`), 200).status).toBe('draft');
    const drafts = json<{ items: Invoice[] }>(
      await billing.get('/api/v1/invoices?billingMonth=2026-01&status=draft'),
      200,
    );
    expect(drafts.items.every((invoice) => invoice.lines.length === 0)).toBe(true);
  });
});

describe('credit notes (赤伝)', () => {
  test('a credit note negates the lines; issued, it reduces what is open on the original', async () => {
    const original = await issued(2000, 5);
    expect(original).toMatchObject({ total: 11000, openAmount: 11000 });
    const draftCredit = await billing.post(`/api/v1/invoices/${original.id}/credit-note`, {});
    expect(draftCredit.statusCode).toBe(400);
    const credit = json<Invoice>(
      await billing.post(`/api/v1/invoices/${original.id}/credit-note`, { reason: '数量誤り' }),
      201,
    );
    expect(credit).toMatchObject({
      kind: 'credit_note',
      status: 'draft',
      creditFor: original.id,
      creditReason: '数量誤り',
      total: -11000,
      taxTotal: -1000,
    });
    expect(credit.lines.map((line) => [line.chargeKind, line.amount])).toEqual([['adjustment', -10000]]);
    // A partial credit: the full line out, a line of 2 units back in.
    const [line] = credit.lines;
    json(await billing.delete(`/api/v1/invoices/${credit.id}/lines/${line?.id}`), 200);
    const partial = json<Invoice>(
      await billing.post(`/api/v1/invoices/${credit.id}/lines`, {
        description: '数量訂正 5→3',
        serviceMonth: '2026-01',
        quantity: 2,
        unitPrice: -2000,
        taxRate: 10,
      }),
      201,
    );
    expect(partial.total).toBe(-4400);
    const issuedCredit = json<Invoice>(
      await billing.post(`/api/v1/invoices/${credit.id}/issue`, { version: partial.version }),
      200,
    );
    expect(issuedCredit).toMatchObject({ status: 'issued', paymentStatus: 'paid', openAmount: 0 });
    expect(issuedCredit.number).toMatch(/^INV-/);
    const after = json<Invoice>(await billing.get(`/api/v1/invoices/${original.id}`), 200);
    expect(after).toMatchObject({ creditedAmount: 4400, openAmount: 6600, paymentStatus: 'partially_paid' });
    // The original stays as it was issued.
    expect(after).toMatchObject({ total: 11000, number: original.number, lines: original.lines });

    // A second full credit would exceed what is left: refused at issue, nothing written.
    const second = json<Invoice>(
      await billing.post(`/api/v1/invoices/${original.id}/credit-note`, { reason: '全額取消' }),
      201,
    );
    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const refused = await billing.post(`/api/v1/invoices/${second.id}/issue`, { version: second.version });
    expect(json(refused, 422)).toMatchObject({ code: 'credit_exceeds_invoice' });
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
    // Credit notes are made of issued invoices only.
    const draft = await draftWith(100);
    expect(
      json(await billing.post(`/api/v1/invoices/${draft.id}/credit-note`, { reason: 'x' }), 422),
    ).toMatchObject({ code: 'credit_note_not_allowed' });
  });
});

describe('payments (入金)', () => {
  test('payments move the status from unpaid to partially paid to paid; more than open is refused', async () => {
    const invoice = await issued(10000);
    const first = json<Json>(
      await billing.post(`/api/v1/invoices/${invoice.id}/payments`, {
        receivedOn: '2026-02-10',
        amount: 5000,
        method: 'bank_transfer',
        reference: '振込 ﾆｭｳｷﾝﾃｽﾄ',
      }),
      201,
    );
    expect(first).toMatchObject({ invoiceNumber: invoice.number, amount: 5000 });
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${invoice.id}`), 200)).toMatchObject({
      paidAmount: 5000,
      openAmount: 6000,
      paymentStatus: 'partially_paid',
    });
    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const tooMuch = await billing.post(`/api/v1/invoices/${invoice.id}/payments`, {
      receivedOn: '2026-02-11',
      amount: 6001,
      method: 'bank_transfer',
    });
    expect(json(tooMuch, 422)).toMatchObject({ code: 'payment_exceeds_open_amount' });
    const zero = await billing.post(`/api/v1/invoices/${invoice.id}/payments`, {
      receivedOn: '2026-02-11',
      amount: 0,
      method: 'bank_transfer',
    });
    expect(zero.statusCode).toBe(400);
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
    json(
      await billing.post(`/api/v1/invoices/${invoice.id}/payments`, {
        receivedOn: '2026-02-12',
        amount: 6000,
        method: 'cash',
      }),
      201,
    );
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${invoice.id}`), 200)).toMatchObject({
      paidAmount: 11000,
      openAmount: 0,
      paymentStatus: 'paid',
    });
    const listed = json<{ items: Json[] }>(
      await billing.get(`/api/v1/payments?invoiceId=${invoice.id}`),
      200,
    );
    expect(listed.items.map((payment) => payment.amount)).toEqual([6000, 5000]);
    const draft = await draftWith(100);
    expect(
      json(
        await billing.post(`/api/v1/invoices/${draft.id}/payments`, {
          receivedOn: '2026-02-12',
          amount: 1,
          method: 'cash',
        }),
        422,
      ),
    ).toMatchObject({ code: 'invoice_not_issued' });
  });

  test('a payment CSV is previewed, then applied all at once; any bad row refuses the whole file', async () => {
    const a = await issued(1000);
    const b = await issued(3000);
    const csv = [
      '請求番号,入金日,金額,支払方法,参照',
      `${a.number},2026/2/27,"1,100",銀行振込,ﾌﾘｺﾐ A`,
      `${b.number},2026-02-27,3000,口座振替,`,
      `${b.number},2026-02-28,300,,`,
    ].join('\r\n');
    const sjis = iconv.encode(csv, 'cp932');
    const preview = json<{ applied: boolean; total: number; rows: Json[] }>(
      await billing.post('/api/v1/payments/import?dryRun=true', sjis, { 'content-type': 'text/csv' }),
      200,
    );
    expect(preview).toMatchObject({ applied: false, total: 4400 });
    expect(preview.rows.map((row) => [row.row, row.amount, row.method])).toEqual([
      [1, 1100, 'bank_transfer'],
      [2, 3000, 'direct_debit'],
      [3, 300, 'bank_transfer'],
    ]);
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${a.id}`), 200).paidAmount).toBe(0);

    const before = await databaseFingerprint(app().database, tenant.tenantId);
    const bad = [
      'invoiceNumber,receivedOn,amount,method,reference',
      `${a.number},2026-02-27,1100,bank_transfer,`,
      'INV-99999999,2026-02-27,100,bank_transfer,',
      `${b.number},2026-02-30,100,bank_transfer,`,
      `${b.number},2026-02-27,3301,bank_transfer,`,
    ].join('\n');
    const refused = json<{ code: string; errors: { path: string; message: string }[] }>(
      await billing.post('/api/v1/payments/import', `\uFEFF${bad}`, { 'content-type': 'text/csv' }),
      422,
    );
    expect(refused.code).toBe('payment_import_invalid');
    expect(refused.errors.map((error) => error.message)).toEqual([expect.stringContaining('3行目')]);
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);
    const unmatched = [
      'invoiceNumber,receivedOn,amount,method,reference',
      'INV-99999999,2026-02-27,100,bank_transfer,',
      `${b.number},2026-02-27,3301,bank_transfer,`,
    ].join('\n');
    const refusedRows = json<{ errors: { path: string; message: string }[] }>(
      await billing.post('/api/v1/payments/import', unmatched, {
        'content-type': 'text/csv',
        'accept-language': 'en',
      }),
      422,
    );
    expect(refusedRows.errors.map((error) => error.message)).toEqual([
      expect.stringContaining('Row 1'),
      expect.stringContaining('Row 2'),
    ]);
    expect(await databaseFingerprint(app().database, tenant.tenantId)).toEqual(before);

    const applied = json<{ applied: boolean }>(
      await billing.post('/api/v1/payments/import', sjis, { 'content-type': 'text/csv' }),
      200,
    );
    expect(applied.applied).toBe(true);
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${a.id}`), 200).paymentStatus).toBe('paid');
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${b.id}`), 200)).toMatchObject({
      paidAmount: 3300,
      paymentStatus: 'paid',
    });
  });
});

describe('overdue, receivables and the dashboard', () => {
  test('the daily job marks open invoices past their due date; receivables and the dashboard sum them', async () => {
    const late = await issued(7000);
    const paidLate = await issued(1000);
    await billing.post(`/api/v1/invoices/${paidLate.id}/payments`, {
      receivedOn: '2026-02-01',
      amount: 1100,
      method: 'bank_transfer',
    });
    const due = Temporal.PlainDate.from(late.dueDate as string);
    const dayAfter = due
      .add({ days: 1 })
      .toZonedDateTime({ timeZone: 'Asia/Tokyo', plainTime: '01:00' })
      .toInstant();
    const logs: string[] = [];
    await markOverdueHandler(() => dayAfter)({
      database: app().database,
      tenantId: tenant.tenantId,
      log: async (message: string) => {
        logs.push(message);
      },
      setProgress: async () => {},
    } as never);
    expect(logs.join('\n')).toMatch(/invoices overdue/);
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${late.id}`), 200).paymentStatus).toBe(
      'overdue',
    );
    expect(json<Invoice>(await billing.get(`/api/v1/invoices/${paidLate.id}`), 200).paymentStatus).toBe(
      'paid',
    );
    const overdueList = json<{ items: Invoice[] }>(
      await billing.get('/api/v1/invoices?paymentStatus=overdue'),
      200,
    );
    expect(overdueList.items.map((invoice) => invoice.id)).toContain(late.id);

    const receivables = json<{
      items: (Json & { customerId: string; openAmount: number; overdueAmount: number })[];
    }>(await billing.get('/api/v1/receivables?overdueOnly=true&limit=200'), 200);
    const row = receivables.items.find((item) => item.customerId === late.customerId);
    expect(row).toMatchObject({ openAmount: 7700, overdueAmount: 7700, invoices: 1 });

    const dashboard = json<{ months: { month: string; issued: number }[]; overdue: number; mrr: number }>(
      await billing.get('/api/v1/billing/dashboard'),
      200,
    );
    expect(dashboard.months).toHaveLength(12);
    expect(dashboard.overdue).toBeGreaterThanOrEqual(7700);
    expect(dashboard.mrr).toBe(0);
  });
});

describe('billing settings', () => {
  test('defaults first; saved with the version; stale 409; bad bank account 400; admin only', async () => {
    const defaults = json<Json & { version: number }>(await billing.get('/api/v1/billing-settings'), 200);
    expect(defaults).toMatchObject({ firstMonth: 'full', autoIssue: false, bankAccount: null, version: 0 });
    const body = {
      firstMonth: 'free',
      quantityBasis: 'max_in_month',
      autoIssue: true,
      pricesIncludeTax: false,
      dueDateShift: 'previous_business_day',
      bankAccount: {
        bankName: 'みずほ銀行',
        branchName: '東京営業部',
        accountType: 'ordinary',
        accountNumber: '1234567',
        accountHolder: 'カ)ケイヤク',
      },
    };
    expect((await billing.patch('/api/v1/billing-settings', { ...body, version: 0 })).statusCode).toBe(403);
    const saved = json<Json & { version: number }>(
      await admin.patch('/api/v1/billing-settings', { ...body, version: 0 }),
      200,
    );
    expect(saved).toMatchObject({ ...body, version: 1 });
    expect(json(await admin.patch('/api/v1/billing-settings', { ...body, version: 0 }), 409)).toMatchObject({
      code: 'version_conflict',
    });
    const badAccount = await admin.patch('/api/v1/billing-settings', {
      ...body,
      bankAccount: { ...body.bankAccount, accountNumber: '12' },
      version: 1,
    });
    expect(badAccount.statusCode).toBe(400);
    json(
      await admin.patch('/api/v1/billing-settings', {
        ...body,
        firstMonth: 'full',
        quantityBasis: 'month_end',
        autoIssue: false,
        dueDateShift: 'next_business_day',
        version: 1,
      }),
      200,
    );
  });
});
