// 各種データ出力 as a person uses it: open the screen from the menu, choose Shift_JIS and
// Japanese headers for the customers list, download it and open the file: CP932 without a
// BOM, the Japanese header row, CRLF line ends, and the customer just registered in it.
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import iconv from 'iconv-lite';
import { demoAdmin } from './fixtures.js';
import { adminApi, logIn, openMenu } from './ordering-helpers.js';

const CUSTOMER_HEADERS =
  '顧客コード,法人/個人,顧客名,フリガナ,顧客ステータス,顧客区分,郵便番号,都道府県,市区町村,番地,建物名,' +
  '電話番号,メールアドレス,状態,既定の請求アカウント,支払方法,カスタム属性';

test('各種データ出力: the customers list downloads in Shift_JIS with Japanese headers', async ({
  page,
  playwright,
  baseURL,
}) => {
  const run = Date.now().toString(36);
  const name = `株式会社髙橋出力${run}`;
  const api = await adminApi(playwright, baseURL as string);
  const customer = await api.call<{ code: string }>('POST', '/api/v1/customers', {
    kind: 'organization',
    name,
    lifecycle: 'prospect',
  });
  await api.dispose();

  await logIn(page, demoAdmin);
  await openMenu(page, '各種データ出力');
  for (const title of ['顧客一覧', '契約一覧', '明細一覧', '請求書一覧']) {
    await expect(page.getByRole('region', { name: title })).toBeVisible();
  }
  const card = page.getByRole('region', { name: '顧客一覧' });
  await card.getByRole('radio', { name: 'Shift_JIS' }).check();
  await card.getByRole('radio', { name: '日本語' }).check();
  const downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'ダウンロード' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('customers.csv');
  await expect(page.getByText('顧客一覧のダウンロードを開始しました。')).toBeVisible();

  const bytes = fs.readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
  const text = iconv.decode(bytes, 'cp932');
  const lines = text.split('\r\n');
  expect(lines[0]).toBe(CUSTOMER_HEADERS);
  expect(lines.find((line) => line.startsWith(`${customer.code},`))).toContain(`,法人,${name},`);
});
