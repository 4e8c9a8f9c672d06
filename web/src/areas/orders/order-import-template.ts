// The template of 注文一括登録: the header row alone, in the Japanese column names the server
// reads (order-import.rules.ts), UTF-8 with a BOM so that Excel opens it as UTF-8.

export const ORDER_IMPORT_TEMPLATE_COLUMNS = [
  '顧客コード',
  '商品コード',
  '数量',
  '契約名',
  '契約キー',
  '注文日',
  '完了日',
  '課金開始日',
  'シリアル番号',
] as const;

export const ORDER_IMPORT_TEMPLATE_FILE_NAME = 'order-import-template.csv';

/** The template's text: a BOM, the header row, CRLF (as the server's CSV downloads end lines). */
export function orderImportTemplateCsv(): string {
  return `\uFEFF${ORDER_IMPORT_TEMPLATE_COLUMNS.join(',')}\r\n`;
}

/** Saves the template in the browser (no request: the file is made here). */
export function downloadOrderImportTemplate(): void {
  const url = URL.createObjectURL(new Blob([orderImportTemplateCsv()], { type: 'text/csv;charset=utf-8' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = ORDER_IMPORT_TEMPLATE_FILE_NAME;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // After the click has handed the file to the browser.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
