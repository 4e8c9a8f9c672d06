// The invoice PDF read back as a viewer reads it (pdf.js): what a qualified invoice must
// show (issuer and registration number, customer, per-rate subtotals and tax with the
// reduced-rate mark, total, due date, bank account), drafts and credit notes marked as
// such, the Japanese font embedded, and long invoices broken into pages with the header row
// on each.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { pdfFontDescriptors, pdfPages, pdfUnembeddedStandardFonts } from '../../test/pdf.js';
import { type InvoicePdfData, renderInvoicePdf } from './invoice-pdf.js';
import {
  closePdfRenderer,
  PDF_THREADS,
  pdfRenderer,
  renderInvoicePdfInPool,
} from './invoice-pdf-renderer.js';
import type { InvoiceLineView, InvoiceView } from './invoice-read.service.js';

const line = (overrides: Partial<InvoiceLineView>): InvoiceLineView => ({
  id: crypto.randomUUID(),
  lineItemId: crypto.randomUUID(),
  orderId: null,
  chargeKind: 'monthly',
  serviceMonth: '2026-05',
  quantity: 1,
  unitPrice: 1000,
  amount: 1000,
  taxRate: 10,
  description: null,
  productCode: 'P1',
  productName: '商品',
  lineItemNumber: 'L000001',
  contractNumber: 'C000001',
  contractName: null,
  ...overrides,
});

// billing.md example H: 1,234 and 999 at 10 %, 567 at 8 %: tax 223 and 45, total 3,068.
const exampleH: InvoiceView = {
  id: '0197a000-0000-7000-8000-000000000001',
  number: 'INV-00000007',
  kind: 'invoice',
  status: 'issued',
  billingAccountId: crypto.randomUUID(),
  customerId: crypto.randomUUID(),
  customerName: '株式会社みなと商会',
  billingAccountName: 'みなと商会 本社経理',
  billingMonth: '2026-05',
  sequence: 1,
  issueDate: '2026-06-01',
  dueDate: '2026-07-31',
  subtotal: 2800,
  taxTotal: 268,
  total: 3068,
  taxes: [
    { rate: 10, taxableAmount: 2233, tax: 223 },
    { rate: 8, taxableAmount: 567, tax: 45 },
  ],
  paidAmount: 0,
  creditedAmount: 0,
  openAmount: 3068,
  paymentStatus: 'unpaid',
  creditFor: null,
  creditReason: null,
  version: 1,
  lines: [
    line({ serviceMonth: '2026-04', productName: 'クラウド電話 基本料', unitPrice: 1234, amount: 1234 }),
    line({ chargeKind: 'initial', productName: '光回線 工事費', unitPrice: 999, amount: 999 }),
    line({ productName: 'ウォーターサーバー 天然水', quantity: 3, unitPrice: 189, amount: 567, taxRate: 8 }),
  ],
};

const data = (overrides: Partial<InvoicePdfData> = {}): InvoicePdfData => ({
  invoice: exampleH,
  issuer: { name: 'ケイヤク通信株式会社', registrationNumber: 'T1234567890123' },
  customerKind: 'organization',
  bankAccount: {
    bankName: 'みずほ銀行',
    branchName: '東京営業部',
    accountType: 'ordinary',
    accountNumber: '1234567',
    accountHolder: 'ケイヤクツウシン(カ',
  },
  reducedRate: 8,
  creditForNumber: null,
  ...overrides,
});

describe('the invoice PDF', () => {
  test('shows what a qualified invoice must: issuer, registration number, customer, lines, per-rate tax, total', async () => {
    const pdf = await renderInvoicePdf(data());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPages(pdf);
    expect(pages).toHaveLength(1);
    const text = pages[0] ?? '';
    for (const expected of [
      '請求書',
      'ケイヤク通信株式会社',
      '登録番号 T1234567890123',
      '株式会社みなと商会 御中',
      '請求アカウント: みなと商会 本社経理',
      'INV-00000007',
      '2026年6月1日',
      '2026年5月',
      '2026年7月31日',
      '利用月 2026年4月',
      '利用月 2026年5月',
      'クラウド電話 基本料',
      '初期',
      '月額',
      'ウォーターサーバー 天然水 ※',
      '8%※',
      '※ は軽減税率 (8%) 対象です。',
      'みずほ銀行 東京営業部',
      '普通 1234567',
    ]) {
      expect(text).toContain(expected);
    }
    // Per rate: taxable amount then tax, and the total, each on the row of its label.
    expect(text).toContain('10%対象\n￥2,233\n￥223');
    expect(text).toContain('8%対象 (軽減税率)\n￥567\n￥45');
    expect(text).toContain('小計 (税抜)\n￥2,800');
    expect(text).toContain('消費税\n￥268');
    expect(text).toContain('合計 (税込)\n￥3,068');
    expect(text).toContain('ご請求金額 (税込)\n￥3,068');
    // Lines by service month: April's line before May's.
    expect(text.indexOf('クラウド電話 基本料')).toBeLessThan(text.indexOf('利用月 2026年5月'));
    expect(text).not.toContain('DRAFT');
  });

  test('the same invoice gives the same bytes (no clock in the file)', async () => {
    const first = await renderInvoicePdf(data());
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await renderInvoicePdf(data())).equals(first)).toBe(true);
  });

  test("the renderer pool's worker threads draw the same bytes, several at once", async () => {
    const inProcess = await renderInvoicePdf(data());
    const credit = data({ invoice: { ...exampleH, kind: 'credit_note' }, creditForNumber: 'INV-00000001' });
    try {
      const drawn = await Promise.all(
        Array.from({ length: 2 * PDF_THREADS + 1 }, (_, index) =>
          renderInvoicePdfInPool(index % 2 === 0 ? data() : credit),
        ),
      );
      const creditInProcess = await renderInvoicePdf(credit);
      drawn.forEach((pdf, index) => {
        expect(pdf.equals(index % 2 === 0 ? inProcess : creditInProcess), `PDF ${index}`).toBe(true);
      });
    } finally {
      await closePdfRenderer();
    }
  });

  test('a worker that cannot start fails the PDF with its cause and leaves the process running', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keiyaku-pdf-worker-'));
    const filename = path.join(dir, 'broken.mjs');
    writeFileSync(filename, "throw new Error('broken install');\n");
    const broken = pdfRenderer({ filename, execArgv: [] });
    try {
      const failure = await broken.render(data()).catch((error: Error) => error);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toBe('the PDF renderer could not start a worker thread');
      expect(String((failure as Error & { cause: unknown }).cause)).toContain('broken install');
      // A later PDF tries again with a new pool (and fails the same way, not hanging).
      await expect(broken.render(data())).rejects.toThrow('could not start');
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('embeds the Japanese font (a subset, as a font file) and uses no font it does not embed', async () => {
    const pdf = await renderInvoicePdf(data());
    const fonts = pdfFontDescriptors(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font.name).toMatch(/^[A-Z]{6}\+BIZUDPGothic-/);
      expect(font.embedded, font.name).toBe(true);
    }
    expect(pdfUnembeddedStandardFonts(pdf)).toEqual([]);
  });

  test('a draft says 下書き / DRAFT and has no number; a person is addressed 様', async () => {
    const pdf = await renderInvoicePdf(
      data({
        invoice: { ...exampleH, status: 'draft', number: null, issueDate: null },
        customerKind: 'person',
      }),
    );
    const [text = ''] = await pdfPages(pdf);
    expect(text).toContain('下書き / DRAFT');
    expect(text).toContain('下書き (未発行)');
    expect(text).toContain('株式会社みなと商会 様');
    expect(text).not.toContain('INV-');
  });

  test('a credit note is a 適格返還請求書 naming the invoice it corrects (返還請求書 without registration)', async () => {
    const credit: InvoiceView = {
      ...exampleH,
      kind: 'credit_note',
      number: 'INV-00000009',
      subtotal: -999,
      taxTotal: -99,
      total: -1098,
      taxes: [{ rate: 10, taxableAmount: -999, tax: -99 }],
      creditFor: crypto.randomUUID(),
      creditReason: '工事費の二重請求',
      lines: [
        line({ chargeKind: 'adjustment', productName: null, description: '工事費 返金', amount: -999 }),
      ],
    };
    const [text = ''] = await pdfPages(
      await renderInvoicePdf(data({ invoice: credit, creditForNumber: 'INV-00000007' })),
    );
    expect(text).toContain('適格返還請求書');
    expect(text).toContain('対象請求書\nINV-00000007');
    expect(text).toContain('返還理由: 工事費の二重請求');
    expect(text).toContain('工事費 返金');
    expect(text).toContain('返還金額 (税込)\n-￥1,098');
    expect(text).not.toContain('お振込先');
    const [unregistered = ''] = await pdfPages(
      await renderInvoicePdf(
        data({ invoice: credit, issuer: { name: '個人事業', registrationNumber: null } }),
      ),
    );
    expect(unregistered).toContain('返還請求書');
    expect(unregistered).not.toContain('適格返還請求書');
    expect(unregistered).not.toContain('登録番号');
  });

  test('many lines break into pages, each with the header row, every line once, the total last', async () => {
    const lines = Array.from({ length: 150 }, (_, index) =>
      line({
        serviceMonth: index < 70 ? '2026-04' : '2026-05',
        productName: `回線サービス 第${index + 1}号`,
      }),
    );
    const invoice = { ...exampleH, lines, subtotal: 150_000, taxTotal: 15_000, total: 165_000 };
    const pages = await pdfPages(
      await renderInvoicePdf(
        data({ invoice: { ...invoice, taxes: [{ rate: 10, taxableAmount: 150_000, tax: 15_000 }] } }),
      ),
    );
    expect(pages.length).toBeGreaterThanOrEqual(3);
    pages.forEach((page, index) => {
      // A page of lines starts its table with the header row (the totals may have a page of their own).
      if (page.includes('回線サービス'))
        expect(page, `page ${index + 1}`).toMatch(/品名\n区分\n数量\n単価\n金額\n税率/);
      expect(page).toContain(`${index + 1} / ${pages.length}`);
      if (index > 0) expect(page).toContain('(続き)');
    });
    const all = pages.join('\n');
    for (let index = 1; index <= 150; index++) {
      expect(all.split('\n').filter((text) => text === `回線サービス 第${index}号`)).toHaveLength(1);
    }
    expect(pages.at(-1)).toContain('合計 (税込)\n￥165,000');
  });
});
