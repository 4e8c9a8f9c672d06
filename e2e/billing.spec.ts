// Seed 000 「請求を管理する」 steps 5-6 in 請求管理: with an order completed in the past month
// (set up through the API), [請求を実行する] for that month and wait for its progress to
// complete (a month not yet ended is refused with the server's message), search the invoice
// by 顧客名 and 請求年月, open it from its 請求ID and check a line and the total, download the
// month's CSV through [csvダウンロード] -> 請求年月 -> [はい] and read it, and download the PDF.
import { readFile } from 'node:fs/promises';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { monthBefore, orderCompletedIn } from './billing-helpers.js';
import { demoAdmin } from './fixtures.js';
import { adminApi, logIn, openMenu, todayInTokyo } from './ordering-helpers.js';

/** `2026-11` as the Japanese month picker shows it: `2026年11月`. */
function shownMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return `${year}年${monthNumber}月`;
}

/** Picks a month in the month picker labelled `label` inside `scope`. */
async function pickMonth(page: Page, scope: Locator | Page, label: string, month: string) {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  await scope.getByRole('button', { name: label, exact: true }).click();
  const yearLabel = page.getByRole('button', { name: /^\d{4}年$/ });
  for (let step = 0; step < 5; step++) {
    const shown = Number((await yearLabel.textContent())?.slice(0, 4));
    if (shown === year) break;
    await page.getByRole('button', { name: shown > year ? '前の年' : '次の年' }).click();
  }
  await expect(yearLabel).toHaveText(`${year}年`);
  await page.getByRole('button', { name: `${monthNumber}月`, exact: true }).click();
  await expect(scope.getByRole('button', { name: label, exact: true })).toHaveText(shownMonth(month));
}

test('請求管理: run billing for a past month, find and check the invoice, download its CSV and PDF', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36).toUpperCase();
  const today = todayInTokyo();
  const thisMonth = today.slice(0, 7);
  const month = monthBefore(today);

  const api = await adminApi(playwright, baseURL ?? '');
  const order = await orderCompletedIn(api, month, run).finally(() => api.dispose());
  const monthly = order.monthlyFee * order.quantity; // 10,560
  const subtotal = monthly + order.initialFee; // 13,860
  const total = subtotal + Math.floor(subtotal / 10); // 15,246

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
  await openMenu(page, '請求管理');

  // 請求実行: the month just ended is the default; a month that has not ended is refused.
  await page.getByRole('tab', { name: '請求実行' }).click();
  await page.getByRole('button', { name: '請求を実行する' }).click();
  const dialog = page.getByRole('dialog', { name: '請求を実行する' });
  await expect(dialog.getByRole('button', { name: '請求年月', exact: true })).toHaveText(shownMonth(month));
  await pickMonth(page, dialog, '請求年月', thisMonth);
  await dialog.getByRole('button', { name: '実行する' }).click();
  await expect(dialog.getByRole('alert')).toContainText('この請求年月はまだ締まっていません。');
  await pickMonth(page, dialog, '請求年月', month);
  await expect(dialog.getByText(`${shownMonth(month)}分の請求を実行しますか?`)).toBeVisible();
  await dialog.getByRole('button', { name: '実行する' }).click();
  await expect(dialog).toBeHidden();

  // The progress streams in until the report.
  const panel = page.getByTestId('run-panel');
  await expect(panel.getByRole('heading', { name: `${shownMonth(month)}分の請求` })).toBeVisible();
  await expect(panel.getByRole('progressbar')).toBeVisible();
  await expect(panel.getByText('請求が完了しました。')).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByText('完了', { exact: true })).toBeVisible();
  expect(Number(await panel.getByTestId('report-invoices').textContent())).toBeGreaterThanOrEqual(1);
  expect(Number(await panel.getByTestId('report-lines').textContent())).toBeGreaterThanOrEqual(2);
  await expect(page.getByTestId('billing-runs-table').getByRole('row').nth(1)).toContainText(
    shownMonth(month),
  );

  // 請求データを確認する: 顧客名 and 請求年月, then the 請求ID of the row.
  await page.getByRole('tab', { name: '請求データ' }).click();
  await page.getByRole('searchbox', { name: '顧客名' }).fill(order.customerName);
  await pickMonth(page, page.getByRole('main'), '請求年月', month);
  await expect(page).toHaveURL(/[?&]q=/);
  const rows = page.getByTestId('invoices-table').getByRole('row').filter({ hasText: order.customerName });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(shownMonth(month));
  await expect(rows).toContainText(`￥${total.toLocaleString('ja-JP')}`);
  await expect(rows).toContainText('下書き');
  await expect(rows).toContainText('未入金');
  await rows.getByRole('link').click();

  // The detail: header, the lines of the service month, per-rate tax and the total.
  await expect(page.getByTestId('invoice-customer')).toContainText(order.customerName);
  await expect(page.getByTestId('invoice-month')).toContainText(shownMonth(month));
  await expect(page.getByTestId('service-month')).toHaveCount(1);
  await expect(page.getByTestId('service-month')).toContainText(`利用月: ${shownMonth(month)}`);
  const monthlyLine = page.getByTestId('invoice-line').filter({ hasText: '月額' });
  await expect(monthlyLine).toContainText(`￥${order.monthlyFee.toLocaleString('ja-JP')}`);
  await expect(monthlyLine).toContainText(`￥${monthly.toLocaleString('ja-JP')}`);
  await expect(monthlyLine).toContainText('10%');
  await expect(page.getByTestId('invoice-line').filter({ hasText: '初期' })).toContainText(
    `￥${order.initialFee.toLocaleString('ja-JP')}`,
  );
  await expect(page.getByTestId('invoice-totals')).toContainText(
    `￥${Math.floor(subtotal / 10).toLocaleString('ja-JP')}`,
  );
  await expect(page.getByTestId('invoice-total')).toContainText(`￥${total.toLocaleString('ja-JP')}`);

  // [csvダウンロード] -> 請求年月 (the month searched) -> [はい]: the month's lines, all customers.
  await page.getByRole('link', { name: '請求データ一覧に戻る' }).click();
  await page.getByRole('button', { name: 'csvダウンロード' }).click();
  const csvDialog = page.getByRole('dialog', { name: '請求データのCSVダウンロード' });
  await expect(csvDialog.getByRole('button', { name: '請求年月', exact: true })).toHaveText(
    shownMonth(month),
  );
  await expect(csvDialog.getByRole('radio', { name: 'UTF-8(BOM付き)' })).toBeChecked();
  await expect(csvDialog.getByText(`${shownMonth(month)}の請求データをダウンロードしますか?`)).toBeVisible();
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    csvDialog.getByRole('button', { name: 'はい' }).click(),
  ]);
  expect(csvDownload.suggestedFilename()).toMatch(/\.csv$/);
  const csv = await readFile((await csvDownload.path()) ?? '');
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  const monthlyRow = records.find(
    (record) => record.顧客名 === order.customerName && record['料金種別(初期/月額)'] === '月額',
  );
  expect(monthlyRow, JSON.stringify(records.slice(0, 3))).toMatchObject({
    請求年月: month,
    商品名: order.productName,
    利用月: month,
    数量: String(order.quantity),
    単価: String(order.monthlyFee),
    金額: String(monthly),
    税率: '10',
  });

  // The invoice's PDF, from its detail.
  await rows.getByRole('link').click();
  const pdfLink = page.getByRole('link', { name: 'PDFダウンロード' });
  const pdfResponse = await page.request.get((await pdfLink.getAttribute('href')) ?? '');
  expect(pdfResponse.status()).toBe(200);
  expect(pdfResponse.headers()['content-type']).toContain('application/pdf');
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), pdfLink.click()]);
  const pdf = await readFile((await pdfDownload.path()) ?? '');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
});
