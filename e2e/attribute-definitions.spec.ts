// Seed 000's custom attribute screens as a person uses them. 商品カスタム属性定義管理: a required
// 単一選択 definition with options ([新規作成] -> [保存する] -> 「作成処理が成功しました」), linked
// to two products at once with the checkbox search list, unlinked from one ([削除] ->
// 「(商品名)への紐づけを解除しますか」 -> 「削除が成功しました」), edited ([編集] -> [確定する] ->
// 「更新処理が成功しました」), asked for at order time (an empty value is refused), and deleted
// (「この商品カスタム属性定義を削除しますか?」). 顧客カスタム属性定義管理: a definition created
// ([確定する] -> 「顧客カスタム属性定義の作成に成功しました」), renamed ([編集] ->
// 「顧客カスタム属性定義の更新に成功しました」), its value entered on the customer form with the
// form's checks, and retired so it leaves the form again. Products, customers and agreements
// are set up through the API; catalog-customers.spec.ts covers their own screens.
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import {
  customerSellingTo,
  detailValue,
  logIn,
  openMenu,
  publishedProduct,
  searchList,
  withAdminApi,
} from './ordering-helpers.js';

test('商品カスタム属性: a required select linked to two products, unlinked from one, edited, asked at order time, deleted', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36).toUpperCase();
  const label = `回線種別 ${run}`;
  const renamed = `回線種別(工事) ${run}`;
  const customerName = `株式会社属性テスト${run}`;

  const { kept, dropped } = await withAdminApi(playwright, baseURL, async (api) => {
    const kept = await publishedProduct(api, {
      code: `E2E-ATTR-${run}-A`,
      name: `光回線 工事あり ${run}`,
      monthlyFee: 4400,
    });
    const dropped = await publishedProduct(api, {
      code: `E2E-ATTR-${run}-B`,
      name: `光回線 工事なし ${run}`,
      monthlyFee: 3300,
    });
    await customerSellingTo(api, customerName, [kept.id]);
    return { kept, dropped };
  });

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();

  // [新規作成]: 単一選択 with two options, 必須. An option left empty is refused first.
  await openMenu(page, '商品カスタム属性定義管理');
  await page.getByRole('button', { name: '新規作成' }).click();
  const create = page.getByRole('dialog', { name: '商品カスタム属性の新規作成' });
  await create.getByRole('textbox', { name: '表示名', exact: true }).fill(label);
  await create.getByRole('combobox', { name: '型' }).click();
  await page.getByRole('option', { name: '単一選択' }).click();
  // Choosing a select type gives the first option row at once.
  await expect(create.getByRole('textbox', { name: '選択肢1の値' })).toBeVisible();
  await create.getByRole('button', { name: '保存する' }).click();
  await expect(create.getByRole('textbox', { name: '選択肢1の値' })).toHaveAccessibleDescription(
    '入力してください。',
  );
  await create.getByRole('textbox', { name: '選択肢1の値' }).fill('fiber');
  await create.getByRole('textbox', { name: '選択肢1の表示名', exact: true }).fill('光回線');
  await create.getByRole('button', { name: '選択肢を追加' }).click();
  await create.getByRole('textbox', { name: '選択肢2の値' }).fill('adsl');
  await create.getByRole('textbox', { name: '選択肢2の表示名', exact: true }).fill('ADSL');
  await create.getByRole('switch', { name: '必須' }).check();
  await create.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByText('作成処理が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: label })).toBeVisible();
  await expect(detailValue(page, '型')).toHaveText('単一選択');
  await expect(detailValue(page, '必須')).toHaveText('はい');
  await expect(detailValue(page, '選択肢')).toHaveText('光回線 (fiber)、ADSL (adsl)');
  await expect(
    page.getByText('紐づいている商品はありません。[商品への紐づけ]から追加してください。'),
  ).toBeVisible();

  // [商品への紐づけ]: both products found by one search, ticked together, [確定する].
  await page.getByRole('button', { name: '商品への紐づけ' }).click();
  const link = page.getByRole('dialog', { name: `商品への紐づけ: ${label}` });
  await link.getByRole('searchbox', { name: '商品を検索' }).fill(`E2E-ATTR-${run}`);
  await link.getByRole('checkbox', { name: `${kept.code} ${kept.name}` }).check();
  await link.getByRole('checkbox', { name: `${dropped.code} ${dropped.name}` }).check();
  await expect(link.getByText('2件選択中')).toBeVisible();
  await link.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('商品への紐付けが成功しました')).toBeVisible();
  await expect(link).toHaveCount(0);
  const linked = page.getByTestId('linked-products');
  await expect(linked.getByRole('row').filter({ hasText: run })).toHaveCount(2);
  await expect(linked.getByRole('row').filter({ hasText: kept.code })).toContainText('公開中');
  await expect(linked.getByRole('row').filter({ hasText: dropped.code })).toContainText(dropped.name);

  // Unlink one: its [削除] -> 「(商品名)への紐づけを解除しますか」 [はい] -> 「削除が成功しました」.
  await page.getByRole('button', { name: `削除(${dropped.name}への紐づけを解除)` }).click();
  const unlink = page.getByRole('dialog', { name: '紐づけの解除' });
  await expect(unlink).toContainText(`${dropped.name}への紐づけを解除しますか`);
  await unlink.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('削除が成功しました')).toBeVisible();
  await expect(linked.getByRole('row').filter({ hasText: run })).toHaveCount(1);
  await expect(linked).toContainText(kept.name);
  await expect(linked).not.toContainText(dropped.name);

  // [編集]: a new name and a third option -> [確定する] -> 「更新処理が成功しました」.
  await page.getByRole('button', { name: '編集', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'キー' })).toBeDisabled();
  await page.getByRole('textbox', { name: '表示名', exact: true }).fill(renamed);
  await page.getByRole('button', { name: '選択肢を追加' }).click();
  await page.getByRole('textbox', { name: '選択肢3の値' }).fill('fiber_business');
  await page.getByRole('textbox', { name: '選択肢3の表示名', exact: true }).fill('光回線(法人)');
  await page.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新処理が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible();
  await expect(detailValue(page, '選択肢')).toHaveText(
    '光回線 (fiber)、ADSL (adsl)、光回線(法人) (fiber_business)',
  );
  await expect(linked).toContainText(kept.name);

  // At order time the linked product asks for it, under its new name, and an empty value is refused.
  await openMenu(page, '新規注文');
  await searchList(page, customerName, page.getByLabel('顧客を検索'));
  await page
    .getByRole('row')
    .filter({ hasText: customerName })
    .getByRole('button', { name: '手続きをする' })
    .click();
  await page
    .getByRole('row')
    .filter({ hasText: kept.name })
    .getByRole('button', { name: '購入する' })
    .click();
  await page.getByRole('button', { name: 'カートに追加' }).click();
  const attributeField = page.getByTestId('cart-item').getByRole('combobox', { name: renamed });
  await expect(attributeField).toBeVisible();
  await page.getByRole('button', { name: 'レジへ進む' }).click();
  await expect(attributeField).toHaveAttribute('aria-invalid', 'true');
  await expect(attributeField).toHaveAccessibleDescription('入力してください。');
  await expect(page.getByTestId('confirm-items')).toHaveCount(0);
  await attributeField.click();
  await expect(page.getByRole('option')).toHaveText(['光回線', 'ADSL', '光回線(法人)']);
  await page.getByRole('option', { name: '光回線(法人)' }).click();
  await page.getByRole('button', { name: 'レジへ進む' }).click();
  await expect(page.getByTestId('confirm-items')).toContainText(`${renamed}: 光回線(法人)`);

  // [削除]: 「この商品カスタム属性定義を削除しますか?」 [はい] -> 「削除が成功しました」, gone from the list.
  await openMenu(page, '商品カスタム属性定義管理');
  await searchList(page, run);
  await page.getByRole('link', { name: renamed }).click();
  await expect(page.getByRole('heading', { name: renamed })).toBeVisible();
  await page.getByRole('button', { name: '削除', exact: true }).click();
  const remove = page.getByRole('dialog', { name: '削除' });
  await expect(remove).toContainText(renamed);
  await expect(remove).toContainText('この商品カスタム属性定義を削除しますか?');
  // The unlink's message has gone by now; the next one is the delete's.
  await expect(page.getByText('削除が成功しました')).toHaveCount(0);
  await remove.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('削除が成功しました')).toBeVisible();
  await expect(page.getByRole('heading', { name: '商品カスタム属性定義管理', exact: true })).toBeVisible();
  await searchList(page, run);
  await expect(page.getByText(`「${run}」に一致するカスタム属性はありません。`)).toBeVisible();

  // The product it was linked to no longer lists it.
  await page.goto(`/products/${kept.id}`);
  await expect(page.getByRole('heading', { name: kept.name })).toBeVisible();
  await expect(page.getByRole('link', { name: renamed })).toHaveCount(0);
});

test('顧客カスタム属性: created, renamed, filled in on the customer form with its checks, retired', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36).toUpperCase();
  const label = `社内顧客コード ${run}`;
  const renamed = `自社顧客コード ${run}`;
  const key = `customer_code_${run.toLowerCase()}`;
  const customerName = `株式会社顧客属性${run}`;

  try {
    await logIn(page, demoAdmin);
    await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();

    // [新規作成]: the form's checks first (a name is needed; a key is lower-case), then [確定する].
    await openMenu(page, '顧客カスタム属性定義管理');
    await page.getByRole('button', { name: '新規作成' }).click();
    const create = page.getByRole('dialog', { name: '顧客カスタム属性定義の新規作成' });
    await create.getByRole('textbox', { name: 'キー' }).fill('Customer-Code');
    await create.getByRole('button', { name: '確定する' }).click();
    await expect(create.getByRole('textbox', { name: '表示名', exact: true })).toHaveAccessibleDescription(
      '入力してください。',
    );
    await expect(
      create.getByText('半角小文字で始まり、半角小文字・数字・_ の63文字以内で入力してください。'),
    ).toBeVisible();
    await create.getByRole('textbox', { name: '表示名', exact: true }).fill(label);
    await create.getByRole('textbox', { name: 'キー' }).fill(key);
    await create.getByRole('switch', { name: '必須' }).check();
    await create.getByRole('button', { name: '確定する' }).click();
    await expect(page.getByText('顧客カスタム属性定義の作成に成功しました')).toBeVisible();
    await expect(create).toHaveCount(0);
    await page.getByRole('searchbox').fill(run);
    const row = page.getByRole('row').filter({ hasText: key });
    await expect(row).toContainText(label);
    await expect(row).toContainText('テキスト');
    await expect(row).toContainText('必須');

    // [編集] at the right of the row: a new name -> [確定する]; the key stays.
    await row.getByRole('button', { name: `編集: ${label}` }).click();
    const edit = page.getByRole('dialog', { name: '顧客カスタム属性定義の編集' });
    await expect(edit.getByRole('textbox', { name: 'キー' })).toHaveValue(key);
    await expect(edit.getByRole('textbox', { name: 'キー' })).toBeDisabled();
    await edit.getByRole('textbox', { name: '表示名', exact: true }).fill(renamed);
    await edit.getByRole('button', { name: '確定する' }).click();
    await expect(page.getByText('顧客カスタム属性定義の更新に成功しました')).toBeVisible();
    await expect(edit).toHaveCount(0);
    await expect(row).toContainText(renamed);
    await expect(row).not.toContainText(label);

    // The customer form asks for it (required): empty is refused, then the value is saved.
    await openMenu(page, '顧客管理');
    await page.getByRole('link', { name: '新規作成' }).click();
    await expect(page.getByRole('heading', { name: '顧客の新規作成' })).toBeVisible();
    await page.getByRole('textbox', { name: '顧客名' }).fill(customerName);
    await page.getByRole('radio', { name: '販売見込み客' }).check();
    const field = page.getByRole('textbox', { name: renamed });
    await expect(field).toBeVisible();
    await page.getByRole('button', { name: '確定する' }).click();
    await expect(field).toHaveAccessibleDescription('入力してください。');
    await expect(page.getByRole('heading', { name: '顧客の新規作成' })).toBeVisible();
    await field.fill(`C-${run}`);
    await page.getByRole('button', { name: '確定する' }).click();
    await expect(page.getByText('顧客の作成に成功しました')).toBeVisible();
    await expect(page.getByRole('heading', { name: customerName })).toBeVisible();
    await expect(detailValue(page, renamed)).toHaveText(`C-${run}`);

    // Retired (状態, in [編集]): it leaves the list and the form; shown again with 廃止したものも表示.
    await openMenu(page, '顧客カスタム属性定義管理');
    await page.getByRole('searchbox').fill(run);
    await row.getByRole('button', { name: `編集: ${renamed}` }).click();
    await edit.getByRole('switch', { name: '状態' }).check();
    await expect(page.getByText('顧客カスタム属性定義の更新に成功しました')).toHaveCount(0);
    await edit.getByRole('button', { name: '確定する' }).click();
    await expect(page.getByText('顧客カスタム属性定義の更新に成功しました')).toBeVisible();
    await expect(page.getByText(`「${run}」に一致するカスタム属性はありません。`)).toBeVisible();
    await page.getByRole('switch', { name: '廃止したものも表示' }).check();
    await expect(row).toContainText('廃止');
    await openMenu(page, '顧客管理');
    await page.getByRole('link', { name: '新規作成' }).click();
    await expect(page.getByRole('textbox', { name: '顧客名' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: renamed })).toHaveCount(0);
  } finally {
    // A required customer attribute left active would stop every later customer form: retire it.
    await withAdminApi(playwright, baseURL, async (api) => {
      const { items } = await api.call<{
        items: { id: string; version: number; key: string; retired: boolean }[];
      }>('GET', `/api/v1/attribute-definitions?entity=customer&q=${encodeURIComponent(key)}`);
      for (const definition of items.filter((item) => item.key === key && !item.retired)) {
        await api.call('PATCH', `/api/v1/attribute-definitions/${definition.id}`, {
          version: definition.version,
          retired: true,
        });
      }
    });
  }
});
