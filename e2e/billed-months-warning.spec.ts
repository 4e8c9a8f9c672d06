// billing.md rule 7 in 注文完了: an add order completed on a date in a month that a billing
// run has billed is warned of before [確定する] (billed months are not recomputed; the change
// counts from the next month on), and the warning goes once the date is after the billed
// month. The billed month is set up through the API: a new order completed in the past
// month, a run for that month, then the add order.
import { expect, test } from '@playwright/test';
import { billingRunCompleted, monthBefore, orderCompletedIn, shownMonth } from './billing-helpers.js';
import { demoAdmin } from './fixtures.js';
import { logIn, todayInTokyo, withAdminApi } from './ordering-helpers.js';

test('注文完了: a change back-dated into a billed month is warned of before 確定', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const run = `W${Date.now().toString(36).toUpperCase()}`;
  const today = todayInTokyo();
  const month = monthBefore(today);
  const addOrderId = await withAdminApi(playwright, baseURL, async (api) => {
    const billed = await orderCompletedIn(api, month, run);
    await billingRunCompleted(api, month);
    const add = await api.call<{ id: string }>('POST', '/api/v1/orders', {
      kind: 'add',
      lineItemId: billed.lineItemId,
      quantity: 1,
      orderedOn: `${month}-01`,
    });
    return add.id;
  });

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
  await page.goto(`/orders/${addOrderId}`);
  await page.getByRole('button', { name: '注文完了' }).click();
  const dialog = page.getByRole('dialog', { name: '注文完了' });
  const completedOn = dialog.getByLabel('注文完了日');

  await completedOn.fill(`${month}-15`);
  const warning = dialog.getByTestId('billed-months-warning');
  await expect(warning).toContainText('請求済みの月にさかのぼる変更です');
  await expect(warning).toContainText(`${shownMonth(month)}は請求済みのため再計算されません。`);
  await expect(warning).toContainText(`${shownMonth(today.slice(0, 7))}以降の請求にだけ反映されます`);

  await completedOn.fill(today);
  await expect(warning).toBeHidden();
  await dialog.getByRole('button', { name: '確定する' }).click();
  await expect(page.getByText('更新に成功しました')).toBeVisible();
});
