// Seed 000 「基本契約を管理する」 as a person does it: [新規作成] -> the customer [選択] -> tick
// the product -> [保存する] (作成中, 「基本契約の作成が成功しました」); [予約] with a sale start
// date after today (販売予定 with its date; today is refused); another draft found with the
// 作成中 status checkbox and put on sale by [販売開始] (「本日の日付で販売を開始します」 [はい] ->
// 「販売開始処理が成功しました」); the list searched by each status. The product, the customer
// and the second draft are set up through the API.
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import {
  addDays,
  customerSellingTo,
  detailValue,
  logIn,
  openMenu,
  publishedProduct,
  searchList,
  shownDate,
  todayInTokyo,
  withAdminApi,
} from './ordering-helpers.js';

test('基本契約: 保存する then 予約 (販売予定 from a later date); another draft 販売開始 today; search by status', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const run = Date.now().toString(36).toUpperCase();
  const customerName = `株式会社基本契約テスト${run}`;
  const scheduledName = `秋の提案 ${run}`;
  const startedName = `追加提案 ${run}`;
  const today = todayInTokyo();
  const saleStart = addDays(today, 7);

  const product = await withAdminApi(playwright, baseURL, async (api) => {
    const product = await publishedProduct(api, {
      code: `E2E-AGR-${run}`,
      name: `クラウドバックアップ ${run}`,
      monthlyFee: 2200,
    });
    const customer = await customerSellingTo(api, customerName);
    // The second draft, for 販売開始.
    await api.call('POST', '/api/v1/agreements', {
      customerId: customer.id,
      productIds: [product.id],
      startNow: false,
      name: startedName,
    });
    return product;
  });

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();

  // [新規作成] -> search the customer, [選択] -> tick the product -> 名称 -> [保存する].
  await openMenu(page, '基本契約管理');
  await page.getByRole('link', { name: '新規作成' }).click();
  await expect(page.getByRole('heading', { name: '基本契約の作成' })).toBeVisible();
  await page.getByTestId('customer-picker').getByRole('searchbox', { name: '顧客を検索' }).fill(customerName);
  await page.getByRole('button', { name: `選択: ${customerName}` }).click();
  await expect(page.getByTestId('agreement-customer')).toHaveText(customerName);
  const picker = page.getByTestId('product-picker');
  await picker.getByRole('searchbox', { name: '商品を検索' }).fill(product.code);
  await picker.getByRole('checkbox', { name: `${product.code} ${product.name}` }).check();
  await expect(picker.getByText('1件選択中')).toBeVisible();
  await page.getByRole('textbox', { name: '名称' }).fill(scheduledName);
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('基本契約の作成が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^基本契約 A/ })).toBeVisible();
  await expect(page.getByTestId('agreement-status')).toContainText('作成中');
  await expect(detailValue(page, '名称')).toHaveText(scheduledName);
  await expect(detailValue(page, '販売開始日')).toHaveText('—');
  await expect(page.getByTestId('agreement-products')).toContainText(product.name);

  // [予約]: the date defaults to tomorrow; today is refused; a week ahead -> [はい].
  await page.getByRole('button', { name: '予約' }).click();
  const schedule = page.getByRole('dialog', { name: '予約' });
  await expect(schedule).toContainText('販売開始日を指定してください。');
  const saleStartInput = schedule.getByLabel('販売開始日');
  await expect(saleStartInput).toHaveValue(addDays(today, 1));
  await saleStartInput.fill(today);
  await schedule.getByRole('button', { name: 'はい' }).click();
  await expect(saleStartInput).toHaveAccessibleDescription(
    '明日以降の日付を指定してください。本日から販売する場合は[販売開始]を使ってください。',
  );
  await expect(page.getByTestId('agreement-status')).toContainText('作成中');
  await saleStartInput.fill(saleStart);
  await schedule.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('販売開始処理が成功しました')).toBeVisible();
  await expect(schedule).toHaveCount(0);
  await expect(page.getByTestId('agreement-status')).toContainText('販売予定');
  await expect(page.getByText(`${shownDate(saleStart)}に販売を開始します(販売予定)。`)).toBeVisible();
  await expect(detailValue(page, '販売開始日')).toHaveText(shownDate(saleStart));
  // Only a draft changes status by hand.
  await expect(page.getByRole('button', { name: '販売開始' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '予約' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '編集' })).toBeVisible();

  // 基本契約管理: the customer's name with 作成中 ticked finds the other draft only.
  await page.getByRole('link', { name: '基本契約一覧へ戻る' }).click();
  await expect(page.getByRole('heading', { name: '基本契約管理', exact: true })).toBeVisible();
  await searchList(page, customerName);
  const rows = page.getByRole('row').filter({ hasText: customerName });
  await expect(rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: '作成中' }).check();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(startedName);
  await expect(rows).toContainText('作成中');

  // [販売開始]: 「本日の日付で販売を開始します」 [はい] -> 「販売開始処理が成功しました」, on sale from today.
  await rows.getByRole('link').click();
  await expect(page.getByRole('heading', { name: /^基本契約 A/ })).toBeVisible();
  await expect(detailValue(page, '名称')).toHaveText(startedName);
  await page.getByRole('button', { name: '販売開始' }).click();
  const start = page.getByRole('dialog', { name: '販売開始' });
  await expect(start).toContainText('本日の日付で販売を開始します');
  // The 予約's message (the same words) has gone; the next one is this start's.
  await expect(page.getByText('販売開始処理が成功しました')).toHaveCount(0);
  await start.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('販売開始処理が成功しました')).toBeVisible();
  await expect(page.getByTestId('agreement-status')).toContainText('販売中');
  await expect(detailValue(page, '販売開始日')).toHaveText(shownDate(today));
  await expect(detailValue(page, '販売開始日時')).toContainText(shownDate(today));
  await expect(page.getByRole('button', { name: '販売開始' })).toHaveCount(0);

  // Each status finds its agreement; no draft is left.
  await page.getByRole('link', { name: '基本契約一覧へ戻る' }).click();
  await searchList(page, customerName);
  await expect(rows).toHaveCount(2);
  await page.getByRole('checkbox', { name: '販売予定' }).check();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(scheduledName);
  await expect(rows).toContainText(shownDate(saleStart));
  await page.getByRole('checkbox', { name: '販売予定' }).uncheck();
  await page.getByRole('checkbox', { name: '販売中' }).check();
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(startedName);
  await expect(rows).toContainText(shownDate(today));
  await page.getByRole('checkbox', { name: '販売中' }).uncheck();
  await page.getByRole('checkbox', { name: '作成中' }).check();
  await expect(page.getByText('条件に一致する基本契約はありません。')).toBeVisible();
  await expect(rows).toHaveCount(0);
});
