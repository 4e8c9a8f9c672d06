// GET /invoices/{id}/pdf and GET /invoices/pdf?billingMonth= (api.md "Billing"): after a
// billing run, one invoice downloads as a qualified invoice PDF and the month as a zip of
// one PDF per invoice, named by number (draft-<id> for drafts). Another tenant's invoice is
// 404, a malformed month 422, and people without billing.read 403.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, test } from 'vitest';
import { fromBuffer, type ZipFile } from 'yauzl';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { pdfFontDescriptors, pdfPages } from '../../test/pdf.js';
import { until } from '../../test/poll.js';

const app = useTestApp({ jobs: true });

let tenant: TestTenant;
let admin: ApiClient;
let billing: ApiClient;
const REGISTRATION = 'T7000012050002';

type Body = Record<string, unknown> & { id: string };

function json(response: { statusCode: number; body: string; json(): unknown }, status: number): Body {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as Body;
}

async function product(name: string, taxCategory: 'standard' | 'reduced', monthlyFee: number) {
  const code = `PDF-${randomUUID().slice(0, 8)}`;
  const created = json(
    await admin.post('/api/v1/products', {
      code,
      name,
      taxCategory,
      fulfilment: 'immediate',
      pricing: {
        pattern: 'monthly_only',
        initialFee: 0,
        monthlyFee,
        quantityLinkedInitialFee: false,
        freePeriod: { unit: 'month', length: 0 },
      },
    }),
    201,
  );
  json(await admin.post(`/api/v1/products/${created.id}/publish`), 200);
  return created;
}

async function customerWithOrder(kind: 'organization' | 'person', name: string, productIds: string[]) {
  const customer = json(await admin.post('/api/v1/customers', { kind, lifecycle: 'prospect', name }), 201);
  json(await admin.post('/api/v1/agreements', { customerId: customer.id, productIds, startNow: true }), 201);
  const placed = json(
    await admin.post('/api/v1/orders', {
      kind: 'new',
      customerId: customer.id,
      orderedOn: '2026-02-01',
      items: productIds.map((productId) => ({ productId, quantity: 2 })),
    }),
    201,
  );
  json(await admin.post(`/api/v1/orders/${placed.id}/complete`, { completedOn: '2026-02-01' }), 200);
  return customer;
}

function zipEntries(content: Buffer): Promise<{ name: string; content: Buffer }[]> {
  return new Promise((resolve, reject) => {
    fromBuffer(content, { lazyEntries: true }, (error, zip?: ZipFile) => {
      if (error || !zip) return reject(error);
      const entries: { name: string; content: Buffer }[] = [];
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries.push({ name: entry.fileName, content: Buffer.concat(chunks) });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

let organizationInvoice: Body;
let personInvoice: Body;

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  billing = await userWithRoles(app(), tenant, ['billing'], admin);
  const settings = json(await admin.get('/api/v1/tenant'), 200);
  json(
    await admin.patch('/api/v1/tenant', {
      version: settings.version,
      invoiceRegistrationNumber: REGISTRATION,
    }),
    200,
  );
  const billingSettings = json(await admin.get('/api/v1/billing-settings'), 200);
  json(
    await admin.patch('/api/v1/billing-settings', {
      ...billingSettings,
      bankAccount: {
        bankName: 'さくら銀行',
        branchName: '本店営業部',
        accountType: 'ordinary',
        accountNumber: '7654321',
        accountHolder: 'テスト(カ',
      },
    }),
    200,
  );
  const line = await product('クラウドPBX 月額', 'standard', 4000);
  const food = await product('オフィスコーヒー豆', 'reduced', 1500);
  const organization = await customerWithOrder('organization', '株式会社帳票テスト', [line.id, food.id]);
  const person = await customerWithOrder('person', '帳票 花子', [line.id]);

  const run = json(await billing.post('/api/v1/billing-runs', { billingMonth: '2026-03' }), 202);
  await until('the run to complete', async () => {
    const current = json(await billing.get(`/api/v1/billing-runs/${run.id}`), 200);
    return current.status === 'completed' ? current : undefined;
  });
  const listed = json(await billing.get('/api/v1/invoices?billingMonth=2026-03'), 200);
  const items = listed.items as Body[];
  expect(items).toHaveLength(2);
  const draftOf = (customerId: string) => items.find((item) => item.customerId === customerId) as Body;
  personInvoice = draftOf(person.id);
  organizationInvoice = json(
    await billing.post(`/api/v1/invoices/${draftOf(organization.id).id}/issue`, {
      version: draftOf(organization.id).version,
    }),
    200,
  );
});

describe('invoice PDFs', () => {
  test('an issued invoice downloads as its qualified invoice PDF, named by its number', async () => {
    const response = await billing.get(`/api/v1/invoices/${organizationInvoice.id}/pdf`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const number = String(organizationInvoice.number);
    expect(number).toMatch(/^INV-\d{8}$/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfPages(pdf)).join('\n');
    for (const expected of [
      '請求書',
      `登録番号 ${REGISTRATION}`,
      '株式会社帳票テスト 御中',
      number,
      '2026年3月',
      'クラウドPBX 月額',
      'オフィスコーヒー豆 ※',
      'さくら銀行 本店営業部',
    ]) {
      expect(text).toContain(expected);
    }
    // Charges from 2026-02-01, run for 2026-03: two months each of 2 x 4,000 at 10 % and
    // 2 x 1,500 at 8 %: 16,000 (tax 1,600) and 6,000 (tax 480), total 24,080.
    expect(text).toContain('利用月 2026年2月');
    expect(text).toContain('利用月 2026年3月');
    expect(text).toContain('10%対象\n￥16,000\n￥1,600');
    expect(text).toContain('8%対象 (軽減税率)\n￥6,000\n￥480');
    expect(text).toContain('合計 (税込)\n￥24,080');
    expect(pdfFontDescriptors(pdf).every((font) => font.embedded)).toBe(true);
  });

  test("the month's zip holds one PDF per invoice: by number, and draft-<id> for drafts", async () => {
    const response = await billing.get('/api/v1/invoices/pdf?billingMonth=2026-03');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="invoices-2026-03.zip"');
    const entries = await zipEntries(response.rawPayload);
    expect(entries.map((entry) => entry.name)).toEqual([
      `${organizationInvoice.number}.pdf`,
      `draft-${personInvoice.id}.pdf`,
    ]);
    for (const entry of entries) expect(entry.content.subarray(0, 5).toString()).toBe('%PDF-');
    const draftText = (await pdfPages(entries[1]?.content ?? Buffer.alloc(0))).join('\n');
    expect(draftText).toContain('帳票 花子 様');
    expect(draftText).toContain('下書き / DRAFT');

    const empty = await billing.get('/api/v1/invoices/pdf?billingMonth=2025-01');
    expect(empty.statusCode).toBe(200);
    expect(await zipEntries(empty.rawPayload)).toEqual([]);
  });

  test("another tenant's invoice is 404; a malformed month 422; without billing.read 403", async () => {
    const other = await createTestTenant(app().database);
    const otherAdmin = await loginAs(app(), other.slug, other.adminEmail, other.adminPassword);
    const customer = json(
      await otherAdmin.post('/api/v1/customers', {
        kind: 'organization',
        lifecycle: 'prospect',
        name: '別テナント',
      }),
      201,
    );
    const theirs = json(
      await otherAdmin.post('/api/v1/invoices', {
        billingAccountId: customer.defaultBillingAccountId,
        billingMonth: '2026-03',
      }),
      201,
    );
    expect((await otherAdmin.get(`/api/v1/invoices/${theirs.id}/pdf`)).statusCode).toBe(200);
    const notFound = await billing.get(`/api/v1/invoices/${theirs.id}/pdf`);
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['content-type']).toContain('application/problem+json');
    const zip = await billing.get('/api/v1/invoices/pdf?billingMonth=2026-03');
    expect(await zipEntries(zip.rawPayload)).toHaveLength(2);

    const malformed = await billing.get('/api/v1/invoices/pdf?billingMonth=2026-13');
    expect(malformed.statusCode).toBe(422);
    expect(malformed.json()).toMatchObject({ code: 'billing_month_invalid' });
    const rep = await userWithRoles(app(), tenant, ['sales_rep'], admin);
    expect((await rep.get(`/api/v1/invoices/${organizationInvoice.id}/pdf`)).statusCode).toBe(403);
    expect((await rep.get('/api/v1/invoices/pdf?billingMonth=2026-03')).statusCode).toBe(403);
  });
});
