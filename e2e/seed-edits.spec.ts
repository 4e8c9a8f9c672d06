// Seed 000's edit and delete screens as a person uses them, in one session: a published
// (公開中) carrier product edited ([編集] -> 月額費用 and シリアルNOパターン -> [確定する] ->
// 「更新処理が成功しました」); a customer edited (「顧客の更新に成功しました」) and its billing
// account's 支払方法 changed; a portal user (顧客アカウント) deleted after 「上記のアカウントを削除
// します。 削除したアカウントは復元できませんがよろしいですか?」 (「アカウントを削除しました」); an
// order of the carrier product completed in 注文履歴 (a serial number off the edited pattern is
// refused with its message, a matching one completes it and shows on the order and the line
// item); a draft agreement edited. Products, the customer, agreements, portal users and the
// order are set up through the API.
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import {
  adminApi,
  customerSellingTo,
  detailValue,
  logIn,
  newOrder,
  openMenu,
  publishedProduct,
  searchList,
} from './ordering-helpers.js';

test('編集・削除: 商品テンプレート, 顧客 and 支払方法, 顧客アカウント, キャリア商品の注文完了 (シリアルNO), 基本契約', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36).toUpperCase();
  const mail = run.toLowerCase();
  const customerName = `株式会社編集テスト${run}`;
  const keptEmail = `keep-${mail}@example.jp`;
  const deletedEmail = `gone-${mail}@example.jp`;
  const api = await adminApi(playwright, baseURL ?? '');
  try {
    // A published carrier product (serial numbers `P` + 13 digits), and another for the agreement edit.
    const carrierCode = `E2E-EDIT-${run}`;
    const carrierName = `光回線 ${run}`;
    const carrier = await api.call<{ id: string }>('POST', '/api/v1/products', {
      code: carrierCode,
      name: carrierName,
      taxCategory: 'standard',
      fulfilment: 'carrier',
      serialNumberPattern: '^P\\d{13}$',
      pricing: {
        pattern: 'monthly_only',
        initialFee: 0,
        monthlyFee: 4400,
        quantityLinkedInitialFee: false,
        freePeriod: { unit: 'month', length: 0 },
      },
    });
    await api.call('POST', `/api/v1/products/${carrier.id}/publish`);
    const option = await publishedProduct(api, {
      code: `E2E-EDIT-${run}-IP`,
      name: `固定IP ${run}`,
      monthlyFee: 1100,
    });
    const customer = await customerSellingTo(api, customerName, [carrier.id]);
    await api.call('POST', '/api/v1/agreements', {
      customerId: customer.id,
      productIds: [carrier.id],
      startNow: false,
      name: `下書き ${run}`,
    });
    for (const email of [keptEmail, deletedEmail]) {
      await api.call('POST', '/api/v1/portal-users', { customerId: customer.id, email });
    }

    await logIn(page, demoAdmin);
    await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
    const updated = page.getByText('更新処理が成功しました', { exact: true });

    await test.step('商品テンプレート: a published product edited', async () => {
      await openMenu(page, '商品テンプレート管理');
      await searchList(page, carrierCode);
      await page.getByRole('link', { name: carrierCode, exact: true }).click();
      await expect(page.getByRole('heading', { name: carrierName })).toBeVisible();
      await expect(page.getByTestId('product-status')).toHaveText('公開中');
      await page.getByRole('button', { name: '編集', exact: true }).click();
      await expect(
        page.getByText('公開中の商品です。変更はこれからの注文に反映され、注文済みの内容は変わりません。'),
      ).toBeVisible();
      const monthlyFee = page.getByRole('textbox', { name: '月額費用' });
      await expect(monthlyFee).toHaveValue('¥4,400');
      await monthlyFee.fill('5500');
      const pattern = page.getByRole('textbox', { name: 'シリアルNOパターン' });
      await expect(pattern).toHaveValue('^P\\d{13}$');
      await pattern.fill('^SN-\\d{6}$');
      await page.getByRole('button', { name: '確定する' }).click();
      await expect(updated).toBeVisible();
      await expect(page.getByRole('button', { name: '確定する' })).toHaveCount(0);
      await expect(page.getByTestId('product-monthly-fee')).toContainText('￥5,500');
      await expect(detailValue(page, 'シリアルNOパターン')).toHaveText('^SN-\\d{6}$');
      await expect(page.getByTestId('product-status')).toHaveText('公開中');
      // The list shows the new fee too.
      await page.getByRole('link', { name: '商品テンプレート一覧へ戻る' }).click();
      await searchList(page, carrierCode);
      const row = page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: carrierCode, exact: true }) });
      await expect(row).toContainText('￥5,500');
    });

    await test.step('顧客アカウント: one of two deleted', async () => {
      await openMenu(page, '顧客アカウント管理');
      await searchList(page, customerName);
      const rows = page.getByRole('row').filter({ hasText: customerName });
      await expect(rows).toHaveCount(2);
      await page.getByRole('button', { name: `削除: ${deletedEmail}` }).click();
      const confirm = page.getByRole('dialog', { name: '顧客アカウントの削除' });
      await expect(confirm).toContainText(deletedEmail);
      await expect(confirm).toContainText(
        '上記のアカウントを削除します。 削除したアカウントは復元できませんがよろしいですか?',
      );
      await confirm.getByRole('button', { name: 'はい' }).click();
      await expect(page.getByText('アカウントを削除しました', { exact: true })).toBeVisible();
      await expect(confirm).toHaveCount(0);
      await expect(rows).toHaveCount(1);
      await expect(rows).toContainText(keptEmail);
      await expect(page.getByRole('row').filter({ hasText: deletedEmail })).toHaveCount(0);
    });

    await test.step('顧客: the profile edited, then the billing account’s 支払方法', async () => {
      await openMenu(page, '顧客管理');
      await searchList(page, customerName);
      await page.getByRole('row').filter({ hasText: customerName }).getByRole('link').click();
      await expect(page.getByRole('heading', { name: customerName })).toBeVisible();
      await expect(detailValue(page, '電話番号')).toHaveText('—');
      await page.getByRole('button', { name: '編集', exact: true }).click();
      await page.getByRole('textbox', { name: '電話番号' }).fill('06-6123-4567');
      await page.getByRole('textbox', { name: '顧客区分' }).fill('業務用');
      await page.getByRole('button', { name: '確定する' }).click();
      await expect(page.getByText('顧客の更新に成功しました', { exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: '確定する' })).toHaveCount(0);
      await expect(detailValue(page, '電話番号')).toHaveText('06-6123-4567');
      await expect(detailValue(page, '顧客区分')).toHaveText('業務用');

      const accounts = page.getByTestId('billing-accounts');
      await expect(accounts).toContainText('銀行振込');
      // The product edit's message has gone; the next one is this save's.
      await expect(updated).toHaveCount(0);
      await accounts.getByRole('button', { name: /^編集: B\d+$/ }).click();
      const dialog = page.getByRole('dialog', { name: /^請求アカウント B\d+ の編集$/ });
      const method = dialog.getByRole('combobox', { name: '支払方法' });
      await expect(method).toHaveValue('銀行振込');
      await method.click();
      await page.getByRole('option', { name: '口座振替' }).click();
      await dialog.getByRole('button', { name: '確定する' }).click();
      await expect(updated).toBeVisible();
      await expect(dialog).toHaveCount(0);
      await expect(accounts).toContainText('口座振替');
      await expect(accounts).not.toContainText('銀行振込');
      // Both survive a reload.
      await page.reload();
      await expect(detailValue(page, '電話番号')).toHaveText('06-6123-4567');
      await expect(accounts).toContainText('口座振替');
    });

    await test.step('注文完了: the carrier product’s serial number checked against the edited pattern', async () => {
      const order = await newOrder(api, {
        customerId: customer.id,
        items: [{ productId: carrier.id, quantity: 1 }],
      });
      await openMenu(page, '注文履歴');
      await searchList(page, order.number);
      await page.getByTestId('orders-table').getByRole('link', { name: order.number }).click();
      await expect(page.getByRole('heading', { name: `注文 ${order.number}` })).toBeVisible();
      await expect(detailValue(page, 'ステータス')).toHaveText('注文処理中');
      await page.getByRole('button', { name: '注文完了' }).click();
      const complete = page.getByRole('dialog', { name: '注文完了' });
      const serial = complete.getByRole('textbox', { name: `シリアルNO(${carrierName})` });
      await expect(serial).toHaveAccessibleDescription('形式: ^SN-\\d{6}$');
      const submit = complete.getByRole('button', { name: '確定する' });
      // Empty, then the old pattern's form: both refused, the order stays open.
      await submit.click();
      await expect(serial).toHaveAccessibleDescription(/キャリア商品はシリアルNOを入力してください。/);
      await serial.fill('P1234567890123');
      await submit.click();
      await expect(serial).toHaveAccessibleDescription(/形式\(\^SN-\\d\{6\}\$\)に合っていません。/);
      await expect(complete).toBeVisible();
      await expect(page.getByText('更新に成功しました', { exact: true })).toHaveCount(0);
      await expect(detailValue(page, 'ステータス')).toHaveText('注文処理中');
      // A matching one completes the order.
      await serial.fill('SN-123456');
      await submit.click();
      await expect(page.getByText('更新に成功しました', { exact: true })).toBeVisible();
      await expect(complete).toHaveCount(0);
      await expect(detailValue(page, 'ステータス')).toHaveText('完了');
      const item = page.getByTestId('order-item').filter({ hasText: carrierName });
      await expect(item).toContainText('完了');
      await expect(item).toContainText('SN-123456');
      await item.getByRole('link').click();
      await expect(page.getByRole('heading', { name: /^明細 L\d+/ })).toBeVisible();
      await expect(detailValue(page, 'シリアルNO')).toHaveText('SN-123456');
      // The line item keeps the fee the product had when ordered (after the edit).
      await expect(detailValue(page, '月額費用')).toContainText('5,500');
    });

    await test.step('基本契約: a draft edited', async () => {
      await openMenu(page, '基本契約管理');
      await searchList(page, customerName);
      await page.getByRole('checkbox', { name: '作成中' }).check();
      const rows = page.getByRole('row').filter({ hasText: customerName });
      await expect(rows).toHaveCount(1);
      await rows.getByRole('link').first().click();
      await expect(page.getByRole('heading', { name: /^基本契約 A/ })).toBeVisible();
      await expect(detailValue(page, '名称')).toHaveText(`下書き ${run}`);
      await expect(updated).toHaveCount(0);
      await page.getByRole('button', { name: '編集', exact: true }).click();
      await page.getByRole('textbox', { name: '名称' }).fill(`本社向け提案 ${run}`);
      await page.getByRole('textbox', { name: '備考' }).fill('固定IPを追加');
      const picker = page.getByTestId('product-picker');
      await picker.getByRole('searchbox', { name: '商品を検索' }).fill(option.code);
      await picker.getByRole('checkbox', { name: `${option.code} ${option.name}` }).check();
      await expect(picker.getByText('2件選択中')).toBeVisible();
      await page.getByRole('button', { name: '確定する' }).click();
      await expect(updated).toBeVisible();
      await expect(page.getByRole('button', { name: '確定する' })).toHaveCount(0);
      await expect(detailValue(page, '名称')).toHaveText(`本社向け提案 ${run}`);
      await expect(detailValue(page, '備考')).toHaveText('固定IPを追加');
      await expect(page.getByTestId('agreement-status')).toContainText('作成中');
      const products = page.getByTestId('agreement-products');
      await expect(products).toContainText(carrierName);
      await expect(products).toContainText(option.name);
      await expect(page.getByRole('heading', { name: '商品(2件)' })).toBeVisible();
    });
  } finally {
    await api.dispose();
  }
});
