// Seed 000 「商品を注文する」「注文履歴を確認する」「契約を管理する」 past the first order, as
// staff do them: a 削減注文 on a line item (at least 1 stays: removing all is refused with the
// form's message), an order cancelled with a reason ([キャンセル] -> キャンセル理由 ->
// 「注文をキャンセルしました」), an order of two items completed one by one (部分確定: [確定] on
// each item), and a contract's 契約名 and 備考 edited in place ([編集] -> [確定] ->
// 「処理が正常に終了しました」 [閉じる]). Products, customers, agreements and the orders a test
// starts from are set up through the API (order-to-cash.spec.ts covers placing them in the UI).
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import {
  addMonths,
  customerSellingTo,
  detailValue,
  logIn,
  newOrder,
  openMenu,
  publishedProduct,
  searchList,
  shownDate,
  todayInTokyo,
  withAdminApi,
} from './ordering-helpers.js';

test.beforeEach(async ({ page }) => {
  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
});

test('削減注文: removing the whole quantity is refused, a reduce of 2 of 5 leaves 3 once completed', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36).toUpperCase();
  const { product } = await withAdminApi(playwright, baseURL, async (api) => {
    const product = await publishedProduct(api, {
      code: `E2E-RED-${run}`,
      name: `モバイル回線 ${run}`,
      monthlyFee: 1980,
    });
    const customer = await customerSellingTo(api, `株式会社削減テスト${run}`, [product.id]);
    await newOrder(api, {
      customerId: customer.id,
      items: [{ productId: product.id, quantity: 5 }],
      complete: true,
    });
    return { product };
  });

  // 明細管理 -> the line item -> [削減注文].
  await openMenu(page, '明細管理');
  await searchList(page, product.code);
  await page
    .getByTestId('line-items-table')
    .getByRole('row')
    .filter({ hasText: product.name })
    .getByRole('link')
    .first()
    .click();
  await expect(page.getByRole('heading', { name: /^明細 L\d+/ })).toBeVisible();
  await expect(detailValue(page, '数量(利用中)')).toHaveText('5');
  await page.getByRole('button', { name: '削減注文' }).click();
  const panel = page.getByTestId('change-order');
  await expect(panel.getByRole('heading', { name: '削減注文' })).toBeVisible();
  await expect(panel).toContainText(`${product.name}: 現在の数量 5`);
  const quantity = panel.getByRole('textbox', { name: '削減数量' });
  await expect(quantity).toHaveAccessibleDescription('少なくとも1は残ります(最大 4)。');

  // All 5: the field keeps what was typed (no silent cut to 4) and the order is refused with its message.
  await quantity.fill('5');
  await quantity.blur();
  await expect(quantity).toHaveValue('5');
  await expect(page.getByTestId('change-order-after')).toHaveText('注文完了後の数量: 5 → —');
  await panel.getByRole('checkbox', { name: '上記の内容で注文します' }).check();
  await panel.getByRole('button', { name: '注文を確定する' }).click();
  await expect(quantity).toHaveAccessibleDescription(/現在の数量は5です。削減できるのは4までです。/);
  await expect(page.getByTestId('change-order-placed')).toHaveCount(0);
  await expect(page.getByTestId('line-item-orders').getByRole('row').filter({ hasText: '削減' })).toHaveCount(
    0,
  );

  // 2 of 5 -> 「リクエストの受付が完了しました」, processing until completed.
  await quantity.fill('2');
  await expect(page.getByTestId('change-order-after')).toHaveText('注文完了後の数量: 5 → 3');
  await expect(quantity).toHaveAccessibleDescription('少なくとも1は残ります(最大 4)。');
  await panel.getByRole('button', { name: '注文を確定する' }).click();
  const placed = page.getByTestId('change-order-placed');
  await expect(placed).toContainText('リクエストの受付が完了しました');
  await expect(placed).toContainText('注文処理中');
  const reduceRow = page.getByTestId('line-item-orders').getByRole('row').filter({ hasText: '削減' });
  await expect(reduceRow).toContainText('注文処理中');
  await expect(detailValue(page, '数量(利用中)')).toHaveText('5');

  // 注文完了 -> the quantity in use becomes 3.
  await placed.getByRole('link', { name: '注文の詳細を見る' }).click();
  await expect(page.getByRole('heading', { name: /^注文 O\d+/ })).toBeVisible();
  await expect(detailValue(page, '種別')).toHaveText('削減');
  await page.getByRole('button', { name: '注文完了' }).click();
  await page.getByRole('dialog', { name: '注文完了' }).getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました')).toBeVisible();
  await expect(detailValue(page, 'ステータス')).toHaveText('完了');
  await page.getByTestId('order-items').getByRole('link').first().click();
  await expect(detailValue(page, '数量(利用中)')).toHaveText('3');
  await expect(reduceRow).toContainText('完了');
  // Its columns: 注文番号, 種別, 注文日, 数量, ステータス, 注文完了日.
  await expect(reduceRow.getByRole('cell').nth(3)).toHaveText('2');
});

test('キャンセル: an order cancelled with its reason; its line item is cancelled and takes no more orders', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36).toUpperCase();
  const reason = `お客様都合により申込取下げ ${run}`;
  const order = await withAdminApi(playwright, baseURL, async (api) => {
    const product = await publishedProduct(api, {
      code: `E2E-CXL-${run}`,
      name: `ウイルス対策 ${run}`,
      monthlyFee: 550,
    });
    const customer = await customerSellingTo(api, `株式会社取消テスト${run}`, [product.id]);
    return newOrder(api, { customerId: customer.id, items: [{ productId: product.id, quantity: 3 }] });
  });

  // 注文履歴 -> the order by its number.
  await openMenu(page, '注文履歴');
  await searchList(page, order.number);
  await page.getByTestId('orders-table').getByRole('link', { name: order.number }).click();
  await expect(page.getByRole('heading', { name: `注文 ${order.number}` })).toBeVisible();
  await expect(detailValue(page, 'ステータス')).toHaveText('注文処理中');

  // [キャンセル] (the order's, above its items): the reason is required.
  await page.getByRole('button', { name: 'キャンセル', exact: true }).first().click();
  const cancel = page.getByRole('dialog', { name: '注文のキャンセル' });
  await expect(cancel).toContainText(
    `注文 ${order.number} をキャンセルしますか? キャンセル理由を入力してください。`,
  );
  await cancel.getByRole('button', { name: 'キャンセルする' }).click();
  const reasonField = cancel.getByRole('textbox', { name: 'キャンセル理由' });
  await expect(reasonField).toHaveAccessibleDescription('入力してください。');
  await expect(detailValue(page, 'ステータス')).toHaveText('注文処理中');
  await reasonField.fill(reason);
  await cancel.getByRole('button', { name: 'キャンセルする' }).click();
  await expect(page.getByText('注文をキャンセルしました')).toBeVisible();
  await expect(cancel).toHaveCount(0);
  await expect(detailValue(page, 'ステータス')).toHaveText('キャンセル');
  await expect(detailValue(page, 'キャンセル理由')).toHaveText(reason);
  await expect(page.getByTestId('order-item')).toContainText('キャンセル');
  await expect(page.getByRole('button', { name: '注文完了' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'キャンセル', exact: true })).toHaveCount(0);

  // Its line item is cancelled: nothing more can be ordered on it, and the page says why.
  await page.getByTestId('order-items').getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: /^明細 L\d+/ }).locator('..')).toContainText('キャンセル');
  await expect(page.getByTestId('line-item-blocked')).toContainText(
    'ステータスが[キャンセル]の明細には注文できません。',
  );
  await expect(page.getByRole('button', { name: '追加注文' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '削減注文' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '解約注文' })).toBeDisabled();
});

test('部分確定: an order of two items completed one item at a time', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36).toUpperCase();
  const today = todayInTokyo();
  const { order, fiber, router } = await withAdminApi(playwright, baseURL, async (api) => {
    const fiber = await publishedProduct(api, {
      code: `E2E-PART-${run}-1`,
      name: `光回線 ${run}`,
      monthlyFee: 5280,
      freeMonths: 1,
    });
    const router = await publishedProduct(api, {
      code: `E2E-PART-${run}-2`,
      name: `ルーター ${run}`,
      monthlyFee: 330,
    });
    const customer = await customerSellingTo(api, `株式会社部分確定${run}`, [fiber.id, router.id]);
    const order = await newOrder(api, {
      customerId: customer.id,
      items: [
        { productId: fiber.id, quantity: 1 },
        { productId: router.id, quantity: 2 },
      ],
    });
    return { order, fiber, router };
  });

  await openMenu(page, '注文履歴');
  await searchList(page, order.number);
  await page.getByTestId('orders-table').getByRole('link', { name: order.number }).click();
  await expect(page.getByRole('heading', { name: `注文 ${order.number}` })).toBeVisible();
  const fiberItem = page.getByTestId('order-item').filter({ hasText: fiber.name });
  const routerItem = page.getByTestId('order-item').filter({ hasText: router.name });
  await expect(fiberItem).toContainText('注文処理中');
  await expect(routerItem).toContainText('注文処理中');

  // [確定] on the fiber only: its own free period gives its default charge start.
  await fiberItem.getByRole('button', { name: '確定', exact: true }).click();
  const first = page.getByRole('dialog', { name: `部分確定: ${fiber.name}` });
  await expect(first.getByLabel('注文完了日')).toHaveValue(today);
  const defaults = first.getByTestId('charge-start-defaults');
  await expect(defaults).toContainText('1か月');
  await expect(defaults).toContainText(shownDate(addMonths(today, 1)));
  await expect(defaults).not.toContainText(router.name);
  await first.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました')).toBeVisible();
  await expect(first).toHaveCount(0);
  await expect(fiberItem).toContainText('完了');
  await expect(fiberItem.getByTestId('item-charge-start')).toHaveText(shownDate(addMonths(today, 1)));
  await expect(fiberItem.getByRole('button', { name: '確定', exact: true })).toHaveCount(0);
  // The order stays open while an item is processing.
  await expect(routerItem).toContainText('注文処理中');
  await expect(detailValue(page, 'ステータス')).toHaveText('注文処理中');
  await expect(detailValue(page, '注文完了日')).toHaveText('—');
  await expect(page.getByRole('button', { name: '注文完了' })).toBeVisible();

  // [確定] on the other: the order is complete.
  await expect(page.getByText('更新に成功しました')).toHaveCount(0);
  await routerItem.getByRole('button', { name: '確定', exact: true }).click();
  const second = page.getByRole('dialog', { name: `部分確定: ${router.name}` });
  await expect(second.getByTestId('charge-start-defaults')).toContainText('なし');
  await second.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました')).toBeVisible();
  await expect(routerItem).toContainText('完了');
  await expect(routerItem.getByTestId('item-charge-start')).toHaveText(shownDate(today));
  await expect(detailValue(page, 'ステータス')).toHaveText('完了');
  await expect(detailValue(page, '注文完了日')).toHaveText(shownDate(today));
  await expect(page.getByRole('button', { name: '注文完了' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'キャンセル', exact: true })).toHaveCount(0);
});

test('契約管理: 契約名 and 備考 edited in place, each with 「処理が正常に終了しました」', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36).toUpperCase();
  const customerName = `株式会社契約編集${run}`;
  const contractName = `本社回線 ${run}`;
  const renamed = `本社・大阪支店回線 ${run}`;
  const remarks = `請求書は経理部宛\n担当: 山田 ${run}`;
  await withAdminApi(playwright, baseURL, async (api) => {
    const product = await publishedProduct(api, {
      code: `E2E-KEI-${run}`,
      name: `IP電話 ${run}`,
      monthlyFee: 880,
    });
    const customer = await customerSellingTo(api, customerName, [product.id]);
    await newOrder(api, {
      customerId: customer.id,
      items: [{ productId: product.id, quantity: 1 }],
      contractName,
      complete: true,
    });
  });

  await openMenu(page, '契約管理');
  await searchList(page, customerName);
  await page
    .getByTestId('contracts-table')
    .getByRole('row')
    .filter({ hasText: contractName })
    .getByRole('link')
    .click();
  await expect(page.getByRole('heading', { name: /^契約 K\d+/ })).toBeVisible();
  const nameField = page.getByTestId('contract-name');
  await expect(nameField).toContainText(contractName);

  // [編集] then [キャンセル] keeps the name.
  await page.getByRole('button', { name: '契約名を編集' }).click();
  await nameField.getByRole('textbox', { name: '契約名' }).fill('取り消す名前');
  await nameField.getByRole('button', { name: 'キャンセル' }).click();
  await expect(nameField).toContainText(contractName);
  await expect(nameField.getByRole('textbox')).toHaveCount(0);

  // 契約名: [編集] -> [確定] -> 「処理が正常に終了しました」 [閉じる].
  await page.getByRole('button', { name: '契約名を編集' }).click();
  const nameInput = nameField.getByRole('textbox', { name: '契約名' });
  await expect(nameInput).toHaveValue(contractName);
  await nameInput.fill(renamed);
  await nameField.getByRole('button', { name: '確定' }).click();
  const saved = page.getByRole('dialog', { name: '契約情報の更新' });
  await expect(saved).toContainText('処理が正常に終了しました');
  await saved.getByRole('button').filter({ hasText: '閉じる' }).click(); // the text button, not the ×
  await expect(saved).toHaveCount(0);
  await expect(nameField).toContainText(renamed);
  await expect(nameField.getByRole('textbox')).toHaveCount(0);
  // The page's subtitle follows.
  await expect(page.getByRole('heading', { name: /^契約 K\d+/ }).locator('..')).toContainText(renamed);

  // 備考 (several lines): the same way.
  const remarksField = page.getByTestId('contract-remarks');
  await expect(remarksField).toContainText('—');
  await page.getByRole('button', { name: '備考を編集' }).click();
  await remarksField.getByRole('textbox', { name: '備考' }).fill(remarks);
  await remarksField.getByRole('button', { name: '確定' }).click();
  await expect(saved).toContainText('処理が正常に終了しました');
  await saved.getByRole('button').filter({ hasText: '閉じる' }).click(); // the text button, not the ×
  await expect(remarksField).toContainText('請求書は経理部宛');
  await expect(remarksField).toContainText(`担当: 山田 ${run}`);

  // Both survive a reload, and the list finds the contract by its new name.
  await page.reload();
  await expect(nameField).toContainText(renamed);
  await expect(remarksField).toContainText(`担当: 山田 ${run}`);
  await page.getByRole('link', { name: '契約管理に戻る' }).click();
  await searchList(page, renamed);
  await expect(
    page.getByTestId('contracts-table').getByRole('row').filter({ hasText: renamed }),
  ).toContainText(customerName);
});
