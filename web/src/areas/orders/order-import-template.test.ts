import { describe, expect, test } from 'vitest';
import { ORDER_IMPORT_TEMPLATE_COLUMNS, orderImportTemplateCsv } from './order-import-template';

describe('orderImportTemplateCsv', () => {
  test('is the Japanese header row alone, UTF-8 with a BOM', () => {
    const csv = orderImportTemplateCsv();
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.slice(1)).toBe(
      '顧客コード,商品コード,数量,契約名,契約キー,注文日,完了日,課金開始日,シリアル番号\r\n',
    );
    expect(csv.slice(1).trimEnd().split(',')).toEqual([...ORDER_IMPORT_TEMPLATE_COLUMNS]);
  });

  test('starts with the columns the server requires', () => {
    expect(ORDER_IMPORT_TEMPLATE_COLUMNS.slice(0, 3)).toEqual(['顧客コード', '商品コード', '数量']);
  });
});
