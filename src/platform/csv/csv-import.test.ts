import { describe, expect, test } from 'vitest';
import { DomainError } from '../domain-error.js';
import { parseCsvRecords, rowErrorsRefusal } from './csv-import.js';

describe('parseCsvRecords', () => {
  test('blank lines before the header are dropped; blank rows after it stay, so rows keep their numbers', () => {
    expect(parseCsvRecords('\uFEFF\r\n\r\n a,b\r\n1,2\r\n\r\n3,4\r\n', 'order_import_invalid')).toEqual([
      [' a', 'b'],
      ['1', '2'],
      [''],
      ['3', '4'],
    ]);
    expect(parseCsvRecords('\n\n', 'order_import_invalid')).toEqual([]);
    expect(parseCsvRecords('a\n"multi\nline",x\n2', 'order_import_invalid')).toEqual([
      ['a'],
      ['multi\nline', 'x'],
      ['2'],
    ]);
  });

  test('text that is not CSV is refused with the importer’s code', () => {
    expect(() => parseCsvRecords('a,"b\nc', 'payment_import_invalid')).toThrow(DomainError);
    try {
      parseCsvRecords('a,"b\nc', 'payment_import_invalid');
    } catch (error) {
      expect((error as DomainError).code).toBe('payment_import_invalid');
    }
  });
});

describe('rowErrorsRefusal', () => {
  test('messages name the row, and the column where labels are given', () => {
    const error = rowErrorsRefusal(
      'order_import_invalid',
      [
        {
          row: 0,
          column: '数量',
          message: { ja: '見出し行に「数量」の列がありません。', en: 'no quantity' },
        },
        { row: 3, column: '数量', message: { ja: '整数で。', en: 'whole.' } },
        { row: 4, column: '', message: { ja: '空。', en: 'empty.' } },
      ],
      (column) => (column === '数量' ? { ja: '数量', en: 'quantity' } : null),
    );
    expect(error.errors).toEqual([
      { path: '/rows/0/数量', message: { ja: '見出し行に「数量」の列がありません。', en: 'no quantity' } },
      { path: '/rows/3/数量', message: { ja: '3行目(数量): 整数で。', en: 'Row 3 (quantity): whole.' } },
      { path: '/rows/4/', message: { ja: '4行目: 空。', en: 'Row 4: empty.' } },
    ]);
  });
});
