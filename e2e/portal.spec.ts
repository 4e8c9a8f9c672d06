// A customer orders for itself (seed 000 「顧客自身で注文してもらうには」): staff create a
// 顧客アカウント for the customer; the person sets a password through the invitation mail's
// link, logs in at the same URL and sees only their own customer's world (no staff areas,
// not even by URL; no customer search when ordering; no other customer's orders); they order
// a product of their agreement; staff complete the order, and the person sees it completed.
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import { adminApi, logIn, logOut, openMenu } from './ordering-helpers.js';

const run = Date.now().toString(36).toUpperCase();
const customerName = `株式会社ポータル顧客${run}`;
const otherCustomerName = `株式会社ほかの顧客${run}`;
const productName = `クラウドストレージ ${run}`;
const email = `portal-${run.toLowerCase()}@customer.example`;
const password = 'portal-e2e-password-2026';
let otherOrderNumber = '';

test.beforeAll(async ({ playwright }, testInfo) => {
  // The data a customer needs before ordering (quick start 1-3; their screens are tested elsewhere).
  const api = await adminApi(playwright, String(testInfo.project.use.baseURL));
  try {
    const product = await api.call<{ id: string }>('POST', '/api/v1/products', {
      code: `E2E-PORTAL-${run}`,
      name: productName,
      taxCategory: 'standard',
      fulfilment: 'immediate',
      pricing: {
        pattern: 'monthly_only',
        initialFee: 0,
        monthlyFee: 1200,
        quantityLinkedInitialFee: false,
        freePeriod: { unit: 'day', length: 0 },
      },
    });
    await api.call('POST', `/api/v1/products/${product.id}/publish`);
    const customerIds: string[] = [];
    for (const name of [customerName, otherCustomerName]) {
      const customer = await api.call<{ id: string }>('POST', '/api/v1/customers', {
        kind: 'organization',
        name,
        lifecycle: 'prospect',
      });
      await api.call('POST', '/api/v1/agreements', {
        customerId: customer.id,
        productIds: [product.id],
        startNow: true,
      });
      customerIds.push(customer.id);
    }
    // Another customer's order, which the portal user must never see.
    const other = await api.call<{ number: string }>('POST', '/api/v1/orders', {
      kind: 'new',
      customerId: customerIds[1],
      items: [{ productId: product.id, quantity: 1 }],
    });
    otherOrderNumber = other.number;
  } finally {
    await api.dispose();
  }
});

test('a portal user sets a password, sees only their customer, orders, and staff complete it', async ({
  page,
}) => {
  test.setTimeout(180_000);

  // Staff: 顧客アカウント管理 -> 新規作成 -> the customer [選択] -> email -> [確定する].
  await logIn(page, demoAdmin);
  await openMenu(page, '顧客アカウント管理');
  await page.getByRole('button', { name: '新規作成' }).click();
  const create = page.getByRole('dialog', { name: '顧客アカウントの新規作成' });
  await create.getByRole('searchbox').fill(customerName);
  await create.getByRole('button', { name: `選択: ${customerName}` }).click();
  await create.getByRole('textbox', { name: 'メールアドレス' }).fill(email);
  await create.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('アカウントを作成しました')).toBeVisible();

  // The invitation mail (read in the dev mailbox) has the link to set a password.
  await openMenu(page, '開発用メールボックス');
  const mail = page.getByRole('row').filter({ hasText: email });
  await expect(mail).toHaveCount(1);
  await mail.getByRole('button').click();
  const link = page.getByTestId('mail-body').getByRole('link', { name: /\/reset-password\?token=/ });
  const href = await link.getAttribute('href');
  expect(href).toBeTruthy();
  await page.keyboard.press('Escape');
  await logOut(page);

  // The person follows the link, sets a password and logs in at the same URL.
  await page.goto(href ?? '');
  await expect(page.getByRole('heading', { name: '新しいパスワード' })).toBeVisible();
  await page.getByRole('textbox', { name: '新しいパスワード', exact: true }).fill(password);
  await page.getByRole('textbox', { name: '新しいパスワード(確認)' }).fill(password);
  await page.keyboard.press('Enter');
  await expect(page.getByText('パスワードは正常に変更されました。')).toBeVisible();
  await logIn(page, { email, password });

  // Their home: their customer, their orders and contracts; only the ordering areas in the menu.
  await expect(page.getByRole('heading', { name: `${customerName} 様` })).toBeVisible();
  const nav = page.getByRole('navigation');
  for (const name of ['新規注文', '注文履歴', '契約管理', '明細管理']) {
    await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
  }
  for (const name of ['顧客管理', '商品テンプレート管理', '基本契約管理', '顧客アカウント管理', 'ユーザー']) {
    await expect(nav.getByRole('link', { name, exact: true })).toHaveCount(0);
  }
  // Staff pages are closed by URL too.
  for (const path of ['/customers', '/products', '/agreements', '/portal-users', '/admin/users', '/jobs']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: '権限がありません' })).toBeVisible();
  }

  // 新規注文 starts at their own customer: no customer search, straight to the products.
  await page.goto('/');
  await page.getByRole('link', { name: '新規注文' }).first().click();
  await expect(page.getByLabel('顧客を検索')).toHaveCount(0);
  const productRow = page.getByRole('row').filter({ hasText: productName });
  await expect(productRow).toContainText('￥1,200');
  await productRow.getByRole('button', { name: '購入する' }).click();
  await page.getByRole('textbox', { name: '数量' }).fill('3');
  await page.getByRole('button', { name: 'カートに追加' }).click();
  await page.getByRole('textbox', { name: '契約名' }).fill('経理部ストレージ');
  await page.getByRole('button', { name: 'レジへ進む' }).click();
  // No back-dating for a customer: the order date is today, not an input.
  await expect(page.getByLabel('注文日')).toHaveCount(0);
  await expect(page.getByTestId('confirm-monthly-total')).toHaveText('￥3,600 / 月');
  await page.getByRole('checkbox', { name: '上記の内容で注文します' }).check();
  await page.getByRole('button', { name: '注文を確定する' }).click();
  const placed = page.getByTestId('order-placed');
  await expect(placed).toContainText('ご注文を受け付けました');
  // The number and the status badge come with the order, a moment after the message (whose
  // hint text says 注文処理中 too): wait for them before reading the number.
  await expect(placed).toContainText(/注文番号: O\d+/);
  await expect(placed.getByText('注文処理中', { exact: true })).toBeVisible();
  const orderNumber = ((await placed.textContent()) ?? '').match(/注文番号: (O\d+)/)?.[1] ?? '';
  expect(orderNumber).not.toBe('');

  // Their order: no 注文完了 or キャンセル for a customer.
  await page.getByRole('link', { name: '注文の詳細を見る' }).click();
  await expect(page.getByRole('heading', { name: `注文 ${orderNumber}` })).toBeVisible();
  await expect(page.getByText('顧客ポータル')).toBeVisible();
  await expect(page.getByRole('button', { name: '注文完了' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'キャンセル' })).toHaveCount(0);

  // Their order history holds their order, never the other customer's.
  await openMenu(page, '注文履歴');
  const orders = page.getByTestId('orders-table');
  await expect(orders).toContainText(orderNumber);
  await expect(orders).not.toContainText(otherOrderNumber);
  await page.goto('/');
  await expect(page.getByTestId('portal-recent-orders')).toContainText(orderNumber);
  await logOut(page);

  // Staff complete it in 注文履歴 (seed: 顧客側での注文が完了したら、パートナー側で注文完了).
  await logIn(page, demoAdmin);
  await openMenu(page, '注文履歴');
  await page.getByRole('searchbox').fill(orderNumber);
  await expect(page).toHaveURL(/[?&]q=/);
  await page.getByTestId('orders-table').getByRole('link', { name: orderNumber }).click();
  // The order's channel (受付経路) in its details; the item list may name it too.
  await expect(page.getByRole('definition').filter({ hasText: '顧客ポータル' })).toBeVisible();
  await page.getByRole('button', { name: '注文完了' }).click();
  await page.getByRole('dialog', { name: '注文完了' }).getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました').last()).toBeVisible();
  await logOut(page);

  // The customer sees it completed, and the contract's line item in use.
  await logIn(page, { email, password });
  await expect(page.getByTestId('portal-recent-order').filter({ hasText: orderNumber })).toContainText(
    '完了',
  );
  await page.getByTestId('portal-contracts').getByRole('link').first().click();
  await expect(page.getByTestId('contract-line-item').filter({ hasText: productName })).toContainText(
    '利用中',
  );
  await expect(page.getByRole('button', { name: '契約名を編集' })).toHaveCount(0);

  // From their line item they order more themselves (追加注文), and then nothing else until
  // staff complete it.
  await page.getByTestId('contract-line-item').filter({ hasText: productName }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: /^明細 L\d+/ })).toBeVisible();
  await page.getByRole('button', { name: '追加注文' }).click();
  await page.getByRole('textbox', { name: '追加数量' }).fill('2');
  await expect(page.getByTestId('change-order-after')).toContainText('3 → 5');
  await page.getByRole('checkbox', { name: '上記の内容で注文します' }).check();
  await page.getByRole('button', { name: '注文を確定する' }).click();
  await expect(page.getByTestId('change-order-placed')).toContainText('リクエストの受付が完了しました');
  await page.reload();
  await expect(page.getByTestId('line-item-blocked')).toContainText('注文処理中の注文があるため');
  await expect(page.getByRole('button', { name: '削減注文' })).toBeDisabled();
  await expect(page.getByRole('button', { name: '解約注文' })).toBeDisabled();
});
