// Seed 000's quick start steps 1-3 as a person does them: create a product (新規作成 -> 次へ
// -> 保存する), publish it with the confirmation, define a product attribute and link it to
// the product, create a customer, and from the creation message go to 基本契約を作成する,
// tick the product and start selling at once (すぐに販売開始する).
import { expect, type Page, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';

async function logIn(page: Page) {
  await page.goto(`/login?tenant=${demoAdmin.tenant}`);
  await page.getByLabel('メールアドレス').fill(demoAdmin.email);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(demoAdmin.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
}

async function openMenu(page: Page, name: string) {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
}

test('quick start 1-3: product, product attribute, customer, master agreement on sale', async ({ page }) => {
  const run = Date.now().toString(36).toUpperCase();
  const productCode = `E2E-FIBER-${run}`;
  const productName = `光回線 ファミリー ${run}`;
  const attributeLabel = `設置場所 ${run}`;
  const customerName = `株式会社E2Eサンプル${run}`;

  await logIn(page);

  // ① 商品を登録する: [新規作成] -> form -> [次へ] -> confirm -> [保存する].
  await openMenu(page, '商品テンプレート管理');
  await page.getByRole('link', { name: '新規作成' }).click();
  await expect(page.getByRole('heading', { name: '商品テンプレートの新規作成' })).toBeVisible();
  await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByText('入力してください。').first()).toBeVisible();
  await page.getByRole('textbox', { name: '商品コード' }).fill(productCode);
  await page.getByRole('textbox', { name: '商品名' }).fill(productName);
  await page.getByRole('textbox', { name: '初期費用' }).fill('3300');
  await page.getByRole('textbox', { name: '月額費用' }).fill('5280');
  // 月額のみ hides the initial fee; back to 初期+月額 shows it again.
  await page.getByRole('radio', { name: '月額のみ' }).check();
  await expect(page.getByRole('textbox', { name: '初期費用' })).toHaveCount(0);
  await page.getByRole('radio', { name: '初期+月額' }).check();
  await page.getByRole('textbox', { name: '初期費用' }).fill('3300');
  await page.getByRole('textbox', { name: '無料期間' }).fill('1');
  // The product's own billing choice: the largest quantity of each month (the tenant's
  // setting stays the month end); the first month follows the billing settings.
  await expect(page.getByTestId('product-first-month')).toHaveValue('請求設定に従う');
  await page.getByTestId('product-quantity-basis').click();
  await page.getByRole('option', { name: '月内で最も多かった数量' }).click();
  await page.getByRole('button', { name: '次へ' }).click();

  await expect(page.getByText('記入内容を確認し、[保存する]をクリックしてください。')).toBeVisible();
  await expect(page.getByTestId('product-code')).toContainText(productCode);
  await expect(page.getByTestId('product-initial-fee')).toContainText('3,300');
  await expect(page.getByTestId('product-monthly-fee')).toContainText('5,280');
  await expect(page.getByText('月内で最も多かった数量')).toBeVisible();
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('商品テンプレートの作成が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: productName })).toBeVisible();
  await expect(page.getByTestId('product-status')).toHaveText('作成中');
  await expect(page.getByText('この商品テンプレートは作成中です。')).toBeVisible();

  // Publish: 「このテンプレートを公開しますか?」 [はい] -> 「公開開始処理が成功しました」.
  await page.getByRole('button', { name: '公開', exact: true }).click();
  const publishDialog = page.getByRole('dialog');
  await expect(publishDialog.getByText('このテンプレートを公開しますか?')).toBeVisible();
  await publishDialog.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('公開開始処理が成功しました')).toBeVisible();
  await expect(page.getByTestId('product-status')).toHaveText('公開中');
  await expect(page.getByRole('button', { name: '公開', exact: true })).toHaveCount(0);

  // The list finds it by code.
  await page.getByRole('link', { name: '商品テンプレート一覧へ戻る' }).click();
  await page.getByRole('searchbox').fill(productCode);
  // The search applies after its debounce (the URL takes ?q=); wait for it as a person
  // waits for the results, so the next click is not overtaken by it.
  await expect(page).toHaveURL(/[?&]q=/);
  const productRow = page.getByRole('row').filter({ hasText: productCode });
  await expect(productRow).toContainText('公開中');
  await expect(productRow).toContainText('￥5,280');

  // A product attribute, linked to the product with the checkbox search list.
  await openMenu(page, '商品カスタム属性定義管理');
  await page.getByRole('button', { name: '新規作成' }).click();
  const attributeDialog = page.getByRole('dialog', { name: '商品カスタム属性の新規作成' });
  await attributeDialog.getByRole('textbox', { name: '表示名', exact: true }).fill(attributeLabel);
  await attributeDialog.getByRole('combobox', { name: '型' }).click();
  await page.getByRole('option', { name: '単一選択' }).click();
  await attributeDialog.getByRole('textbox', { name: '選択肢1の値' }).fill('office');
  await attributeDialog.getByRole('textbox', { name: '選択肢1の表示名', exact: true }).fill('事務所');
  await attributeDialog.getByRole('button', { name: '選択肢を追加' }).click();
  await attributeDialog.getByRole('textbox', { name: '選択肢2の値' }).fill('home');
  await attributeDialog.getByRole('textbox', { name: '選択肢2の表示名', exact: true }).fill('自宅');
  await attributeDialog.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('作成処理が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: attributeLabel })).toBeVisible();

  await page.getByRole('button', { name: '商品への紐づけ' }).click();
  const linkDialog = page.getByRole('dialog');
  await linkDialog.getByRole('searchbox').fill(productCode);
  await linkDialog.getByRole('checkbox', { name: `${productCode} ${productName}` }).check();
  await expect(linkDialog.getByText('1件選択中')).toBeVisible();
  await linkDialog.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('商品への紐付けが成功しました')).toBeVisible();
  await expect(page.getByTestId('linked-products')).toContainText(productName);

  // The product shows the attribute it will ask for.
  await page.getByTestId('linked-products').getByRole('link', { name: productCode }).click();
  await expect(page.getByRole('heading', { name: productName })).toBeVisible();
  await expect(page.getByText(attributeLabel)).toBeVisible();

  // ② 顧客を登録する: [新規作成] -> form -> [確定する] -> 「顧客の作成に成功しました」.
  await openMenu(page, '顧客管理');
  await page.getByRole('link', { name: '新規作成' }).click();
  await expect(page.getByRole('heading', { name: '顧客の新規作成' })).toBeVisible();
  await page.getByRole('textbox', { name: '顧客名' }).fill(customerName);
  await page.getByRole('textbox', { name: 'フリガナ' }).fill('イーツーイーサンプル');
  await page.getByRole('textbox', { name: '郵便番号' }).fill('1000005');
  // A sales account needs its address: the form says so before anything is sent.
  await page.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('販売アカウントには住所が必要です。').first()).toBeVisible();
  await page.getByRole('combobox', { name: '都道府県' }).click();
  await page.getByRole('option', { name: '東京都' }).click();
  await page.getByRole('textbox', { name: '市区町村' }).fill('千代田区');
  await page.getByRole('textbox', { name: '番地' }).fill('丸の内1-2-3');
  await page.getByRole('textbox', { name: '電話番号' }).fill('03-1234-5678');
  await page.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('顧客の作成に成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: customerName })).toBeVisible();
  await expect(page.getByTestId('customer-address')).toContainText('〒100-0005 東京都千代田区丸の内1-2-3');
  await expect(page.getByTestId('billing-accounts')).toContainText('銀行振込');

  // ③ 顧客に商品情報を紐づける: from the message, [基本契約を作成する].
  await page.getByRole('status').getByRole('link', { name: '基本契約を作成する' }).click();
  await expect(page.getByRole('heading', { name: '基本契約の作成' })).toBeVisible();
  await expect(page.getByTestId('agreement-customer')).toHaveText(customerName);
  const picker = page.getByTestId('product-picker');
  await picker.getByRole('searchbox').fill(productCode);
  await picker.getByRole('checkbox', { name: `${productCode} ${productName}` }).check();
  await page.getByRole('button', { name: 'すぐに販売開始する' }).click();
  await expect(page.getByText('基本契約の作成が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: /^基本契約 A/ })).toBeVisible();
  await expect(page.getByTestId('agreement-status')).toContainText('販売中');
  await expect(page.getByTestId('agreement-products')).toContainText(productName);

  // The agreement is found by the 販売中 status checkbox and by the customer's name.
  await openMenu(page, '基本契約管理');
  await page.getByRole('checkbox', { name: '販売中' }).check();
  await page.getByRole('searchbox').fill(customerName);
  await expect(page.getByRole('row').filter({ hasText: customerName })).toContainText('販売中');
  await page.getByRole('checkbox', { name: '販売中' }).uncheck();
  await page.getByRole('checkbox', { name: '作成中' }).check();
  await expect(page.getByText('条件に一致する基本契約はありません。')).toBeVisible();
});
