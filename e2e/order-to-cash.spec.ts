// Seed 000's quick start steps 1-4 by staff, as a person does them: a product (新規作成 ->
// 次へ -> 保存する -> 公開), a customer, a master agreement started at once (すぐに販売開始する),
// then 新規注文 through the whole checkout (手続きをする -> 購入する -> 数量 -> カートに追加 ->
// その他必要情報 and 契約名 -> レジへ進む -> 上記の内容で注文します -> 注文を確定する), 注文完了 in
// 注文履歴 with the default charge start date (the order back-dated a day), the contract with its line item in use, and
// on that line item an add order (refusing another while it is processing), a reduce that
// must keep 1, and a terminate order.
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import {
  addDays,
  addMonths,
  adminApi,
  logIn,
  openMenu,
  shownDate,
  todayInTokyo,
} from './ordering-helpers.js';

test('quick start 1-4: product, customer, agreement, new order, completion; add and terminate orders', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const run = Date.now().toString(36).toUpperCase();
  const productCode = `E2E-O2C-${run}`;
  const productName = `光回線 オフィス ${run}`;
  const customerName = `株式会社受注テスト${run}`;
  const attributeLabel = `設置場所 ${run}`;
  const contractName = `本社回線 ${run}`;
  const today = todayInTokyo();
  const yesterday = addDays(today, -1);
  const chargeStart = addMonths(today, 1);

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();

  // ① 商品を登録する and publish it: free period 1 month, initial 3,300, monthly 5,280.
  await openMenu(page, '商品テンプレート管理');
  await page.getByRole('link', { name: '新規作成' }).click();
  await page.getByRole('textbox', { name: '商品コード' }).fill(productCode);
  await page.getByRole('textbox', { name: '商品名' }).fill(productName);
  await page.getByRole('textbox', { name: '初期費用' }).fill('3300');
  await page.getByRole('textbox', { name: '月額費用' }).fill('5280');
  await page.getByRole('textbox', { name: '無料期間' }).fill('1');
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('商品テンプレートの作成が成功しました')).toBeVisible();
  await page.getByRole('button', { name: '公開', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('公開開始処理が成功しました')).toBeVisible();
  const productId = /\/products\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(productId).toBeTruthy();

  // A product attribute asked at order time (its own screens are catalog-customers.spec.ts's).
  const api = await adminApi(playwright, baseURL ?? '');
  try {
    const attribute = await api.call<{ id: string }>('POST', '/api/v1/attribute-definitions', {
      entity: 'product',
      labelJa: attributeLabel,
      type: 'select',
      required: true,
      options: [
        { value: 'office', labelJa: '事務所' },
        { value: 'home', labelJa: '自宅' },
      ],
    });
    await api.call('POST', `/api/v1/attribute-definitions/${attribute.id}/products`, {
      productIds: [productId],
    });
  } finally {
    await api.dispose();
  }

  // ② 顧客を登録する.
  await openMenu(page, '顧客管理');
  await page.getByRole('link', { name: '新規作成' }).click();
  await page.getByRole('textbox', { name: '顧客名' }).fill(customerName);
  await page.getByRole('textbox', { name: 'フリガナ' }).fill('ジュチュウテスト');
  await page.getByRole('textbox', { name: '郵便番号' }).fill('1000005');
  await page.getByRole('combobox', { name: '都道府県' }).click();
  await page.getByRole('option', { name: '東京都' }).click();
  await page.getByRole('textbox', { name: '市区町村' }).fill('千代田区');
  await page.getByRole('textbox', { name: '番地' }).fill('丸の内1-2-3');
  await page.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('顧客の作成に成功しました')).toBeVisible();

  // ③ 顧客に商品情報を紐づける: 基本契約を作成する -> tick the product -> すぐに販売開始する.
  await page.getByRole('status').getByRole('link', { name: '基本契約を作成する' }).click();
  const picker = page.getByTestId('product-picker');
  await picker.getByRole('searchbox').fill(productCode);
  await picker.getByRole('checkbox', { name: `${productCode} ${productName}` }).check();
  await page.getByRole('button', { name: 'すぐに販売開始する' }).click();
  await expect(page.getByText('基本契約の作成が成功しました')).toBeVisible();
  await expect(page.getByTestId('agreement-status')).toContainText('販売中');

  // ④ 新規注文: the customer, then [手続きをする].
  await openMenu(page, '新規注文');
  await page.getByLabel('顧客を検索').fill(customerName);
  await expect(page).toHaveURL(/[?&]q=/);
  await page
    .getByRole('row')
    .filter({ hasText: customerName })
    .getByRole('button', { name: '手続きをする' })
    .click();
  await expect(page.getByTestId('order-customer')).toContainText(customerName);

  // The products of its agreements: [購入する] -> 数量 -> [カートに追加].
  const productRow = page.getByRole('row').filter({ hasText: productName });
  await expect(productRow).toContainText('￥3,300');
  await expect(productRow).toContainText('1か月');
  await productRow.getByRole('button', { name: '購入する' }).click();
  await expect(page.getByText('アイテム', { exact: true })).toBeVisible();
  await page.getByRole('textbox', { name: '数量' }).fill('2');
  await page.getByRole('button', { name: 'カートに追加' }).click();

  // その他必要情報 from the attribute definitions, and the contract name; the required one is asked for.
  await expect(page.getByTestId('cart-item').getByText('その他必要情報', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'レジへ進む' }).click();
  await expect(page.getByText('入力してください。')).toBeVisible();
  await page.getByRole('combobox', { name: attributeLabel }).click();
  await page.getByRole('option', { name: '事務所' }).click();
  await page.getByRole('textbox', { name: '契約名' }).fill(contractName);
  await page.getByRole('button', { name: 'レジへ進む' }).click();

  // The confirmation: nothing is ordered until [上記の内容で注文します] is ticked.
  await expect(page.getByTestId('confirm-contract-name')).toContainText(contractName);
  await expect(page.getByTestId('confirm-items')).toContainText(`${attributeLabel}: 事務所`);
  await expect(page.getByTestId('confirm-initial-total')).toHaveText('￥3,300');
  await expect(page.getByTestId('confirm-monthly-total')).toHaveText('￥10,560 / 月');
  // Staff may back-date the order date of an order taken on paper, never into the future.
  await expect(page.getByLabel('注文日')).toHaveValue(today);
  await page.getByLabel('注文日').fill(yesterday);
  const placeOrder = page.getByRole('button', { name: '注文を確定する' });
  await expect(placeOrder).toBeDisabled();
  await page.getByRole('checkbox', { name: '上記の内容で注文します' }).check();
  await placeOrder.click();
  const placed = page.getByTestId('order-placed');
  await expect(placed).toContainText('ご注文を受け付けました');
  await expect(placed).toContainText('注文処理中');

  // 注文履歴: find it, open it, [注文完了] with the default charge start date (completion + 1 month).
  await openMenu(page, '注文履歴');
  await page.getByRole('searchbox').fill(customerName);
  await expect(page).toHaveURL(/[?&]q=/);
  const orderRow = page.getByTestId('orders-table').getByRole('row').filter({ hasText: productName });
  await expect(orderRow).toContainText('注文処理中');
  await orderRow.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /^注文 O\d+/ })).toBeVisible();
  await expect(page.getByTestId('order-ordered-on')).toContainText(shownDate(yesterday));
  await page.getByRole('button', { name: '注文完了' }).click();
  const complete = page.getByRole('dialog', { name: '注文完了' });
  await expect(complete.getByLabel('注文完了日')).toHaveValue(today);
  await expect(complete.getByTestId('charge-start-defaults')).toContainText(shownDate(chargeStart));
  await expect(complete.getByTestId('charge-start-date')).toHaveValue(chargeStart);
  await complete.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました').last()).toBeVisible();
  await expect(page.getByRole('heading', { name: /^注文 O\d+/ }).locator('..')).toContainText('完了');
  await expect(page.getByTestId('order-completed-on')).toContainText(shownDate(today));
  await expect(page.getByTestId('item-charge-start')).toHaveText(shownDate(chargeStart));
  await expect(page.getByRole('button', { name: '注文完了' })).toHaveCount(0);

  // 契約管理: the contract shows the line item in use (quantity 2) and the order; 備考 edited in place.
  await openMenu(page, '契約管理');
  await page.getByRole('searchbox').fill(customerName);
  await expect(page).toHaveURL(/[?&]q=/);
  await page
    .getByTestId('contracts-table')
    .getByRole('row')
    .filter({ hasText: contractName })
    .getByRole('link')
    .click();
  await expect(page.getByRole('heading', { name: /^契約 K\d+/ })).toBeVisible();
  const lineRow = page.getByTestId('contract-line-item').filter({ hasText: productName });
  await expect(lineRow.getByTestId('line-item-quantity')).toHaveText('2');
  await expect(lineRow).toContainText('利用中');
  await expect(lineRow).toContainText(shownDate(chargeStart));
  await expect(page.getByTestId('contract-orders')).toContainText('完了');
  await page.getByRole('button', { name: '備考を編集' }).click();
  await page.getByTestId('contract-remarks').getByRole('textbox').fill('申込書は紙で受領');
  await page.getByTestId('contract-remarks').getByRole('button', { name: '確定' }).click();
  const saved = page.getByRole('dialog', { name: '契約情報の更新' });
  await expect(saved).toContainText('処理が正常に終了しました');
  await saved.getByRole('button').filter({ hasText: '閉じる' }).click(); // the text button, not the ×
  await expect(page.getByTestId('contract-remarks')).toContainText('申込書は紙で受領');

  // 明細管理 -> the line item -> [追加注文] of 3.
  await openMenu(page, '明細管理');
  await page.getByRole('searchbox').fill(productCode);
  await expect(page).toHaveURL(/[?&]q=/);
  await page
    .getByTestId('line-items-table')
    .getByRole('row')
    .filter({ hasText: productName })
    .getByRole('link')
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /^明細 L\d+/ })).toBeVisible();
  await page.getByRole('button', { name: '追加注文' }).click();
  await page.getByRole('textbox', { name: '追加数量' }).fill('3');
  await expect(page.getByTestId('change-order-after')).toContainText('2 → 5');
  await page.getByRole('checkbox', { name: '上記の内容で注文します' }).check();
  await page.getByRole('button', { name: '注文を確定する' }).click();
  await expect(page.getByTestId('change-order-placed')).toContainText('リクエストの受付が完了しました');

  // While it is processing, nothing else can be ordered on the line item, and the page says why.
  await page.reload();
  await expect(page.getByTestId('line-item-blocked')).toContainText('注文処理中の注文があるため');
  await expect(page.getByRole('button', { name: '追加注文' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '解約注文' })).toBeDisabled();

  // Complete the add order (no charge start date for an add): the quantity in use becomes 5.
  await page.getByTestId('line-item-blocked').getByRole('link').click();
  await page.getByRole('button', { name: '注文完了' }).click();
  const completeAdd = page.getByRole('dialog', { name: '注文完了' });
  await expect(completeAdd.getByTestId('charge-start-date')).toHaveCount(0);
  await completeAdd.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました').last()).toBeVisible();
  await page.getByTestId('order-items').getByRole('link').first().click();
  await expect(page.getByTestId('line-item-quantity')).toContainText('5');

  // A reduce must keep at least 1: at most 4 of 5 can be removed.
  await page.getByRole('button', { name: '削減注文' }).click();
  await expect(page.getByText('少なくとも1は残ります(最大 4)。')).toBeVisible();
  const reduceQuantity = page.getByRole('textbox', { name: '削減数量' });
  // Typing 5 keeps 5 (never quietly cut to 4); confirming is refused with the message.
  await reduceQuantity.fill('5');
  await reduceQuantity.blur();
  await expect(reduceQuantity).toHaveValue('5');
  await expect(page.getByTestId('change-order-after')).toContainText('5 → —');
  const changeOrder = page.getByTestId('change-order');
  await changeOrder.getByRole('checkbox', { name: '上記の内容で注文します' }).check();
  await changeOrder.getByRole('button', { name: '注文を確定する' }).click();
  await expect(changeOrder.getByText('現在の数量は5です。削減できるのは4までです。')).toBeVisible();
  await reduceQuantity.fill('4');
  await expect(page.getByTestId('change-order-after')).toContainText('5 → 1');
  await changeOrder.getByRole('button', { name: 'キャンセル' }).click();

  // [解約注文] -> 「(商品名)を解約しますか?」 [はい] -> 「リクエストの受付が完了しました」.
  await page.getByRole('button', { name: '解約注文' }).click();
  const terminate = page.getByRole('dialog', { name: '解約注文' });
  await expect(terminate).toContainText(`${productName}を解約しますか?`);
  await terminate.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByTestId('change-order-placed')).toContainText('リクエストの受付が完了しました');
  await expect(page.getByTestId('line-item-orders')).toContainText('解約');

  // Completing it ends the line item on the completion date.
  await page.getByTestId('change-order-placed').getByRole('link', { name: '注文の詳細を見る' }).click();
  await page.getByRole('button', { name: '注文完了' }).click();
  await page.getByRole('dialog', { name: '注文完了' }).getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました').last()).toBeVisible();
  await page.getByTestId('order-items').getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /^明細 L\d+/ }).locator('..')).toContainText('解約');
});
