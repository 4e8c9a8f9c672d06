// 注文一括登録 as the demo admin uses it: 注文履歴 -> [注文一括登録]; the template CSV downloads
// (UTF-8 with BOM, the header row alone); a CSV with an unknown 商品コード is refused with that
// row's message and nothing registered; the corrected CSV (Shift_JIS bytes, as Excel saves
// them) is previewed (注文 2件 / 明細 2件 / うち完了 1件), fits at 390 px, and imported after
// the confirmation dialog; the new orders show in 注文履歴, the row with a 完了日 completed.
// The customer, the products and the on-sale agreement are set up through the API.
// ORDER_IMPORT_SCREENSHOTS=<dir> keeps screenshots of the preview at 1280 and 390 px there.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { demoAdmin } from './fixtures.js';
import {
  addDays,
  customerSellingTo,
  logIn,
  openMenu,
  publishedProduct,
  searchList,
  shownDate,
  todayInTokyo,
  withAdminApi,
} from './ordering-helpers.js';

const HEADER = '顧客コード,商品コード,数量,契約名,契約キー,注文日,完了日,課金開始日,シリアル番号';

async function chooseCsv(page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await expect(page.getByText(name, { exact: true })).toBeVisible();
}

test('注文一括登録: template, a refused row, preview, confirmation and the orders in 注文履歴', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36).toUpperCase();
  const customerName = `株式会社一括登録${run}`;
  const today = todayInTokyo();
  const orderedOn = addDays(today, -3);
  const { customerCode, hikari, option } = await withAdminApi(playwright, baseURL, async (api) => {
    const hikari = await publishedProduct(api, {
      code: `E2E-IMP-${run}`,
      name: `光回線 一括${run}`,
      monthlyFee: 5500,
    });
    const option = await publishedProduct(api, {
      code: `E2E-IMP-${run}-IP`,
      name: `固定IP 一括${run}`,
      monthlyFee: 1100,
    });
    const customer = await customerSellingTo(api, customerName, [hikari.id, option.id]);
    const detail = await api.call<{ code: string }>('GET', `/api/v1/customers/${customer.id}`);
    return { customerCode: detail.code, hikari, option };
  });

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
  await openMenu(page, '注文履歴');
  await page.getByRole('link', { name: '注文一括登録' }).click();
  await expect(page.getByRole('heading', { name: '注文一括登録', exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/orders\/import$/);
  await expect(page.getByTestId('order-import-columns')).toContainText('契約キー');

  await test.step('the template: the Japanese header row alone, UTF-8 with BOM', async () => {
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'テンプレートCSVをダウンロード' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('order-import-template.csv');
    const bytes = fs.readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(`${HEADER}\r\n`);
  });

  const check = page.getByRole('button', { name: '確認する', exact: true });
  const unknownCode = `NOPE-${run}`;

  await test.step('an unknown 商品コード: the row is named, nothing is previewed', async () => {
    await expect(check).toBeDisabled();
    const wrong = [
      HEADER,
      `${customerCode},${hikari.code},2,本社回線,,,,,`,
      `${customerCode},${unknownCode},1,,,,,,`,
    ];
    await chooseCsv(page, 'orders-wrong.csv', Buffer.from(`${wrong.join('\r\n')}\r\n`, 'utf8'));
    await check.click();
    const alert = page.getByRole('alert').filter({ hasText: '取り込めません' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('注文CSVに誤りがあります');
    await expect(page.getByTestId('order-import-errors').getByRole('listitem')).toHaveText([
      `2行目(商品コード): 商品コード ${unknownCode} の商品が見つかりません。`,
    ]);
    await expect(page.getByTestId('order-import-preview')).toHaveCount(0);
  });

  await test.step('the corrected CSV in Shift_JIS: preview at 1280 and 390 px', async () => {
    const fixed = [
      HEADER,
      `${customerCode},${hikari.code},2,本社回線,,${orderedOn},,,`,
      `${customerCode},${option.code},1,大阪支店,,${orderedOn},${today},,`,
    ];
    await chooseCsv(page, 'orders.csv', iconv.encode(`${fixed.join('\r\n')}\r\n`, 'cp932'));
    // A new file clears the previous errors.
    await expect(page.getByTestId('order-import-errors')).toHaveCount(0);
    await check.click();
    const preview = page.getByTestId('order-import-preview');
    await expect(preview).toBeVisible();
    await expect(page.getByTestId('order-import-summary')).toHaveText('注文 2件 / 明細 2件 / うち完了 1件');
    const rows = page.getByTestId('order-import-rows').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText(hikari.name);
    await expect(rows.nth(0)).toContainText(customerName);
    await expect(rows.nth(0)).toContainText('本社回線');
    await expect(rows.nth(1)).toContainText(option.name);
    await expect(rows.nth(1)).toContainText('大阪支店');
    await expect(rows.nth(1)).toContainText(shownDate(today));

    const shots = process.env.ORDER_IMPORT_SCREENSHOTS ?? info.outputPath();
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'order-import-preview-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(preview).toBeVisible();
    const width = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    expect(width.page, 'the page does not scroll sideways at 390 px').toBeLessThanOrEqual(width.viewport + 1);
    await page.screenshot({ path: path.join(shots, 'order-import-preview-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  let orderNumbers: string[] = [];
  await test.step('[取り込む] asks first (Escape keeps everything), then registers', async () => {
    const apply = page.getByRole('button', { name: '取り込む', exact: true });
    await apply.click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('2件の注文(明細2件)を登録します。よろしいですか?');
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId('order-import-preview')).toBeVisible();

    await apply.click();
    await dialog.getByRole('button', { name: '取り込む', exact: true }).click();
    await expect(page.getByText('2件の注文を登録しました', { exact: true })).toBeVisible();
    await expect(page.getByTestId('order-import-preview')).toHaveCount(0);
    const rows = page.getByTestId('order-import-rows').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    orderNumbers = await rows.evaluateAll((cells) =>
      cells.map((row) => row.querySelectorAll('td')[1]?.querySelector('p')?.textContent ?? ''),
    );
    expect(orderNumbers).toHaveLength(2);
    for (const number of orderNumbers) expect(number).toMatch(/^O\d{6}$/);
  });

  await test.step('注文履歴 shows the new orders, the one with a 完了日 completed', async () => {
    await page.getByRole('link', { name: '注文履歴を見る' }).click();
    await expect(page.getByRole('heading', { name: '注文履歴', exact: true })).toBeVisible();
    await searchList(page, customerName);
    const table = page.getByTestId('orders-table');
    await expect(table.locator('tbody tr')).toHaveCount(2);
    const [processingNumber, completedNumber] = orderNumbers as [string, string];
    const processing = table.locator('tbody tr').filter({ hasText: processingNumber });
    await expect(processing).toContainText(hikari.name);
    await expect(processing).toContainText('注文処理中');
    await expect(processing).toContainText(shownDate(orderedOn));
    const completed = table.locator('tbody tr').filter({ hasText: completedNumber });
    await expect(completed).toContainText(option.name);
    await expect(completed).toContainText('完了');
    await expect(completed).toContainText(shownDate(today));
  });
});
