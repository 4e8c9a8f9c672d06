import { describe, expect, it } from 'vitest';
import { parseCsvDate as parseDate } from '../../platform/csv/csv-import.js';
import { parseAmount, parseMethod, readHeader, readPaymentRows } from './payment-import.rules.js';

describe('payment CSV rows', () => {
  it('reads Japanese and English headers in any order, with a BOM and full-width text', () => {
    expect(readHeader(['\uFEFF請求番号', '金額', '入金日']).index).toEqual({
      invoiceNumber: 0,
      amount: 1,
      receivedOn: 2,
    });
    expect(readHeader(['Amount', 'InvoiceNumber', 'receivedOn', 'method']).index).toEqual({
      amount: 0,
      invoiceNumber: 1,
      receivedOn: 2,
      method: 3,
    });
    expect(readHeader(['請求番号', '金額']).errors.map((error) => error.column)).toEqual(['入金日']);
    expect(readHeader(['請求番号', '金額']).errors[0]?.message.en).toBe(
      'The header row has no "received on" column.',
    );
  });

  it('parses dates, yen amounts and methods the way spreadsheets write them', () => {
    expect(parseDate('2026/2/5')).toBe('2026-02-05');
    expect(parseDate('２０２６-０２-０５')).toBe('2026-02-05');
    expect(parseDate('2026-02-30')).toBeNull();
    expect(parseDate('2026-2')).toBeNull();
    expect(parseAmount('¥12,000')).toBe(12000);
    expect(parseAmount('１２０００円')).toBe(12000);
    expect(parseAmount('0')).toBeNull();
    expect(parseAmount('-100')).toBeNull();
    expect(parseAmount('12.5')).toBeNull();
    expect(parseMethod('')).toBe('bank_transfer');
    expect(parseMethod('口座振替')).toBe('direct_debit');
    expect(parseMethod('credit_card')).toBe('credit_card');
    expect(parseMethod('小切手')).toBeNull();
  });

  it('collects every error with its row and skips blank rows', () => {
    const { rows, errors } = readPaymentRows([
      ['請求番号', '入金日', '金額', '支払方法', '参照'],
      ['inv-00000001', '2026-02-27', '1,100', '銀行振込', ' 振込A '],
      ['', '', '', '', ''],
      ['', '2026-02-31', 'abc', '小切手', ''],
    ]);
    expect(rows).toEqual([
      {
        row: 1,
        invoiceNumber: 'INV-00000001',
        receivedOn: '2026-02-27',
        amount: 1100,
        method: 'bank_transfer',
        reference: '振込A',
      },
    ]);
    expect(errors.map((error) => [error.row, error.column])).toEqual([
      [3, '請求番号'],
      [3, '入金日'],
      [3, '金額'],
      [3, '支払方法'],
    ]);
    expect(readPaymentRows([]).errors).toHaveLength(1);
  });
});
