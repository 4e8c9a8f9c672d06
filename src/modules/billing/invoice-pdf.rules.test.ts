import { describe, expect, test } from 'vitest';
import {
  bankAccountLines,
  documentDateOf,
  formatDate,
  formatMonth,
  formatYen,
  honorificOf,
  invoicePdfFileName,
  invoiceTitle,
  lineName,
  linesByServiceMonth,
  lineTaxRateLabel,
  taxableAmountsIncludeTax,
  taxPartLabel,
} from './invoice-pdf.rules.js';
import type { InvoiceLineView } from './invoice-read.service.js';

describe('what the invoice PDF prints', () => {
  test('yen with thousands separators, Japanese dates and months', () => {
    expect(formatYen(3068)).toBe('￥3,068');
    expect(formatYen(1234567)).toBe('￥1,234,567');
    expect(formatYen(-1098)).toBe('-￥1,098');
    expect(formatDate('2026-06-01')).toBe('2026年6月1日');
    expect(formatDate(null)).toBe('—');
    expect(formatMonth('2026-12')).toBe('2026年12月');
  });

  test('titles: 請求書; a credit note is 適格返還請求書 when the issuer is registered, else 返還請求書', () => {
    expect(invoiceTitle('invoice', 'T1234567890123')).toBe('請求書');
    expect(invoiceTitle('invoice', null)).toBe('請求書');
    expect(invoiceTitle('credit_note', 'T1234567890123')).toBe('適格返還請求書');
    expect(invoiceTitle('credit_note', null)).toBe('返還請求書');
  });

  test('御中 for organizations (and unknown customers), 様 for persons', () => {
    expect(honorificOf('organization')).toBe('御中');
    expect(honorificOf('person')).toBe('様');
    expect(honorificOf(null)).toBe('御中');
  });

  test('the reduced rate carries ※; per-rate labels', () => {
    expect(lineTaxRateLabel(8, 8)).toBe('8%※');
    expect(lineTaxRateLabel(10, 8)).toBe('10%');
    expect(lineTaxRateLabel(0, 8)).toBe('0%');
    expect(taxPartLabel(10, 8)).toBe('10%対象');
    expect(taxPartLabel(8, 8)).toBe('8%対象 (軽減税率)');
    expect(taxPartLabel(0, 8)).toBe('非課税・不課税');
  });

  test('tax-inclusive invoices are told apart by their taxable amounts (billing.md example I)', () => {
    const exclusive = { subtotal: 2800, taxTotal: 268, taxes: [{ rate: 10, taxableAmount: 2800, tax: 268 }] };
    const inclusive = { subtotal: 1000, taxTotal: 100, taxes: [{ rate: 10, taxableAmount: 1100, tax: 100 }] };
    expect(taxableAmountsIncludeTax(exclusive)).toBe(false);
    expect(taxableAmountsIncludeTax(inclusive)).toBe(true);
    expect(
      taxableAmountsIncludeTax({
        subtotal: 500,
        taxTotal: 0,
        taxes: [{ rate: 0, taxableAmount: 500, tax: 0 }],
      }),
    ).toBe(false);
  });

  test('lines grouped by service month, oldest first, keeping their order within a month', () => {
    const line = (id: string, serviceMonth: string) => ({ id, serviceMonth }) as InvoiceLineView;
    const groups = linesByServiceMonth([line('a', '2026-05'), line('b', '2026-03'), line('c', '2026-05')]);
    expect(groups.map((group) => [group.serviceMonth, group.lines.map((l) => l.id)])).toEqual([
      ['2026-03', ['b']],
      ['2026-05', ['a', 'c']],
    ]);
    expect(linesByServiceMonth([])).toEqual([]);
  });

  test('a line is named by its product, an adjustment by its text', () => {
    expect(lineName({ productName: '光回線', description: null })).toBe('光回線');
    expect(lineName({ productName: null, description: '値引き' })).toBe('値引き');
    expect(lineName({ productName: null, description: null })).toBe('—');
  });

  test('the document date: the issue date, or for a draft the 1st of the next month', () => {
    expect(documentDateOf({ issueDate: '2026-06-15', billingMonth: '2026-05' })).toBe('2026-06-15');
    expect(documentDateOf({ issueDate: null, billingMonth: '2026-12' })).toBe('2027-01-01');
  });

  test('file names: the invoice number, or draft-<id> for a draft', () => {
    expect(invoicePdfFileName({ id: 'x', number: 'INV-00000001' })).toBe('INV-00000001.pdf');
    expect(invoicePdfFileName({ id: '0197-ab', number: null })).toBe('draft-0197-ab.pdf');
    expect(invoicePdfFileName({ id: 'x', number: 'INV/0"1' })).toBe('INV_0_1.pdf');
  });

  test('the bank account in two lines', () => {
    expect(
      bankAccountLines({
        bankName: 'みずほ銀行',
        branchName: '東京営業部',
        accountType: 'current',
        accountNumber: '7654321',
        accountHolder: 'ケイヤク(カ',
      }),
    ).toEqual(['みずほ銀行 東京営業部', '当座 7654321  口座名義 ケイヤク(カ']);
  });
});
