// 請求管理 after a billing run, as a person walks it: with an order completed in the past
// month and that month billed (both through the API; billing.spec.ts covers the run's UI),
// find the customer's draft in 請求データ and [発行する] it (number INV-…, 発行済, no more
// adjustment lines), [入金を登録] part of it (一部入金, the open amount, 売掛金), see a payment
// larger than what is open refused by the server (a colleague recorded one meanwhile), pay the
// rest (入金済), then [赤伝を作成] with a reason, check the credit note's negated lines and
// issue it, and see the original credited.
import { expect, type Locator, type Page, test } from '@playwright/test';
import {
  billingRunCompleted,
  monthBefore,
  orderCompletedIn,
  shownMonth,
  shownYen,
} from './billing-helpers.js';
import { demoAdmin } from './fixtures.js';
import { adminApi, logIn, openMenu, shownDate, todayInTokyo } from './ordering-helpers.js';

/** The value of a field of the invoice's header (`<dt>label</dt><dd>value</dd>`). */
function field(page: Page, label: string): Locator {
  return page
    .locator('dl > div')
    .filter({ has: page.locator('dt').filter({ hasText: new RegExp(`^${label}$`) }) })
    .locator('dd');
}

/** The status badges next to the invoice's title. */
function titleOf(page: Page, title: string | RegExp): { heading: Locator; badges: Locator } {
  const heading = page.getByRole('heading', { level: 2, name: title });
  return { heading, badges: heading.locator('xpath=..') };
}

test('請求管理: issue an invoice, record payments (partial, too much, the rest), make and issue a credit note', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const run = Date.now().toString(36).toUpperCase();
  const today = todayInTokyo();
  const month = monthBefore(today);

  const api = await adminApi(playwright, baseURL ?? '');
  const order = await orderCompletedIn(api, month, run)
    .then(async (billed) => {
      await billingRunCompleted(api, month);
      return billed;
    })
    .finally(() => api.dispose());
  const monthly = order.monthlyFee * order.quantity; // 10,560
  const subtotal = monthly + order.initialFee; // 13,860
  const tax = Math.floor(subtotal / 10); // 1,386
  const total = subtotal + tax; // 15,246
  const firstPayment = 10_000;
  const colleaguePayment = 1_000;
  const rest = total - firstPayment - colleaguePayment; // 4,246

  await logIn(page, demoAdmin);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
  await openMenu(page, '請求管理');

  // 請求データ: the customer's draft of the month.
  await page.getByRole('tab', { name: '請求データ' }).click();
  await page.getByRole('searchbox', { name: '顧客名' }).fill(order.customerName);
  const rows = page.getByTestId('invoices-table').getByRole('row').filter({ hasText: order.customerName });
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(shownMonth(month));
  await expect(rows).toContainText(shownYen(total));
  await expect(rows).toContainText('未入金');
  await rows.getByRole('link', { name: '下書き', exact: true }).click();

  // The draft: no number or dates yet, adjustment lines may be added, no payment or credit note.
  const draft = titleOf(page, '請求書 下書き');
  await expect(draft.heading).toBeVisible();
  await expect(draft.badges.getByText('下書き', { exact: true })).toBeVisible();
  await expect(page.getByTestId('invoice-number').locator('dd')).toHaveText('下書き');
  await expect(page.getByTestId('invoice-issue-date').locator('dd')).toHaveText('—');
  await expect(page.getByTestId('invoice-total')).toContainText(shownYen(total));
  await expect(page.getByRole('button', { name: '調整行を追加' })).toBeVisible();
  await expect(page.getByRole('button', { name: '入金を登録' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '赤伝を作成' })).toHaveCount(0);

  // [発行する] -> the confirmation -> [発行する]: number, dates, 発行済, and no more editing.
  await page.getByRole('button', { name: '発行する' }).click();
  const issueDialog = page.getByRole('dialog', { name: '請求書の発行' });
  await expect(issueDialog).toContainText(`${order.customerName}様宛て ${shownYen(total)} を発行しますか?`);
  await expect(issueDialog).toContainText('発行後は変更できません。');
  await issueDialog.getByRole('button', { name: '発行する' }).click();
  await expect(issueDialog).toBeHidden();
  const numberField = page.getByTestId('invoice-number').locator('dd');
  await expect(numberField).toHaveText(/^INV-\d{8}$/);
  const invoiceNumber = (await numberField.textContent()) ?? '';
  await expect(page.getByText(`${invoiceNumber} を発行しました。`)).toBeVisible();
  const issued = titleOf(page, `請求書 ${invoiceNumber}`);
  await expect(issued.heading).toBeVisible();
  await expect(issued.badges.getByText('発行済', { exact: true })).toBeVisible();
  await expect(page.getByTestId('invoice-issue-date').locator('dd')).toHaveText(shownDate(today));
  const dueDateField = page.getByTestId('invoice-due-date').locator('dd');
  await expect(dueDateField).toHaveText(/^\d{4}\/\d{2}\/\d{2}$/);
  const dueDate = (await dueDateField.textContent()) ?? '';
  expect(dueDate > shownDate(today), `due ${dueDate}, issued ${today}`).toBe(true);
  await expect(page.getByTestId('invoice-payment-status').locator('dd')).toHaveText('未入金');
  await expect(page.getByTestId('invoice-open-amount').locator('dd')).toHaveText(shownYen(total));
  await expect(field(page, '入金済金額')).toHaveText(shownYen(0));
  await expect(page.getByRole('button', { name: '発行する' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '調整行を追加' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '調整行を削除' })).toHaveCount(0);
  await expect(page.getByTestId('invoice-line')).toHaveCount(2);
  await expect(page.getByRole('heading', { name: '入金履歴' })).toBeVisible();
  await expect(page.getByText('入金はまだありません。')).toBeVisible();
  const invoiceUrl = page.url();
  const invoiceId = new URL(invoiceUrl).pathname.split('/').pop() ?? '';

  // [入金を登録] part of it: 一部入金 and what is still open.
  await page.getByRole('button', { name: '入金を登録' }).click();
  const paymentDialog = page.getByRole('dialog', { name: '入金を登録' });
  const amountInput = paymentDialog.getByRole('textbox', { name: '入金額' });
  await expect(paymentDialog).toContainText(`未収金額: ${shownYen(total)}`);
  await expect(paymentDialog.getByLabel('入金日')).toHaveValue(today);
  await expect(amountInput).toHaveValue(`¥${total.toLocaleString('ja-JP')}`);
  await expect(paymentDialog.getByRole('combobox', { name: '入金方法' })).toHaveValue('銀行振込');
  await amountInput.fill(String(firstPayment));
  await paymentDialog.getByRole('textbox', { name: '参照' }).fill(`振込 セイキユウテスト${run}`);
  await paymentDialog.getByRole('button', { name: '登録する' }).click();
  await expect(paymentDialog).toBeHidden();
  await expect(page.getByText('入金を登録しました。')).toBeVisible();
  await expect(page.getByTestId('invoice-payment-status').locator('dd')).toHaveText('一部入金');
  await expect(field(page, '入金済金額')).toHaveText(shownYen(firstPayment));
  await expect(page.getByTestId('invoice-open-amount').locator('dd')).toHaveText(
    shownYen(total - firstPayment),
  );
  const payments = page.getByTestId('invoice-payments').getByRole('row');
  await expect(payments).toHaveCount(2); // the header and the payment
  await expect(payments.nth(1)).toContainText(shownDate(today));
  await expect(payments.nth(1)).toContainText(shownYen(firstPayment));
  await expect(payments.nth(1)).toContainText('銀行振込');
  await expect(payments.nth(1)).toContainText(`振込 セイキユウテスト${run}`);

  // 売掛金: the customer owes what is open; its name leads back to its invoices.
  await page.getByRole('link', { name: '請求データ一覧に戻る' }).click();
  await page.getByRole('tab', { name: '売掛金' }).click();
  const receivable = page
    .getByTestId('receivables-table')
    .getByRole('row')
    .filter({ hasText: order.customerName });
  await expect(receivable).toHaveCount(1);
  await expect(receivable.getByRole('cell').nth(1)).toHaveText('1');
  await expect(receivable.getByRole('cell').nth(2)).toHaveText(shownYen(total - firstPayment));
  await expect(receivable.getByRole('cell').nth(3)).toHaveText(shownYen(0));
  await expect(receivable.getByRole('cell').nth(4)).toHaveText(dueDate);
  await receivable.getByRole('link', { name: order.customerName }).click();
  await expect(page).toHaveURL(/\/billing\?q=/);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('発行済');
  await expect(rows).toContainText('一部入金');
  await rows.getByRole('link', { name: invoiceNumber }).click();
  await expect(issued.heading).toBeVisible();

  // More than is open: the dialog shows what was open when it opened; a colleague records a
  // payment meanwhile (as a CSV import would), so the server refuses the amount (422).
  await page.getByRole('button', { name: '入金を登録' }).click();
  await expect(paymentDialog).toContainText(`未収金額: ${shownYen(total - firstPayment)}`);
  await expect(amountInput).toHaveValue(`¥${(total - firstPayment).toLocaleString('ja-JP')}`);
  // The form refuses more than it shows as open before sending anything (the amount typed
  // stays as typed: never quietly cut to the open amount).
  await amountInput.fill('20000');
  await paymentDialog.getByRole('button', { name: '登録する' }).click();
  await expect(amountInput).toHaveValue('¥20,000');
  await expect(
    paymentDialog.getByText(`未収金額(${shownYen(total - firstPayment)})以下で入力してください。`),
  ).toBeVisible();
  await amountInput.fill(String(total - firstPayment));
  await expect(amountInput).toHaveValue(`¥${(total - firstPayment).toLocaleString('ja-JP')}`);
  const colleague = await adminApi(playwright, baseURL ?? '');
  await colleague
    .call('POST', `/api/v1/invoices/${invoiceId}/payments`, {
      receivedOn: today,
      amount: colleaguePayment,
      method: 'bank_transfer',
      reference: `同僚が登録 ${run}`,
    })
    .finally(() => colleague.dispose());
  const refused = page.waitForResponse(
    (response) => response.request().method() === 'POST' && response.url().endsWith(`/${invoiceId}/payments`),
  );
  await paymentDialog.getByRole('button', { name: '登録する' }).click();
  expect((await refused).status()).toBe(422);
  await expect(paymentDialog.getByText('入金額が未収金額を超えています。')).toBeVisible();
  await expect(paymentDialog).toBeVisible();
  // The dialog now shows what is open after the colleague's payment.
  await expect(paymentDialog).toContainText(`未収金額: ${shownYen(rest)}`);
  await paymentDialog.getByRole('button', { name: 'キャンセル' }).click();
  await expect(paymentDialog).toBeHidden();

  // Nothing of the refused amount was written: after 画面を再読み込み, the colleague's payment.
  await page.reload();
  await expect(issued.heading).toBeVisible();
  await expect(field(page, '入金済金額')).toHaveText(shownYen(firstPayment + colleaguePayment));
  await expect(page.getByTestId('invoice-open-amount').locator('dd')).toHaveText(shownYen(rest));
  await expect(page.getByTestId('invoice-payment-status').locator('dd')).toHaveText('一部入金');
  await expect(payments).toHaveCount(3);
  await expect(payments.filter({ hasText: `同僚が登録 ${run}` })).toContainText(shownYen(colleaguePayment));

  // The rest, by 口座振替: 入金済, nothing open, no more payments offered.
  await page.getByRole('button', { name: '入金を登録' }).click();
  await expect(paymentDialog).toContainText(`未収金額: ${shownYen(rest)}`);
  await expect(amountInput).toHaveValue(`¥${rest.toLocaleString('ja-JP')}`);
  await paymentDialog.getByRole('combobox', { name: '入金方法' }).click();
  await page.getByRole('option', { name: '口座振替' }).click();
  await expect(paymentDialog.getByRole('combobox', { name: '入金方法' })).toHaveValue('口座振替');
  await paymentDialog.getByRole('button', { name: '登録する' }).click();
  await expect(paymentDialog).toBeHidden();
  await expect(page.getByTestId('invoice-payment-status').locator('dd')).toHaveText('入金済');
  await expect(page.getByTestId('invoice-open-amount').locator('dd')).toHaveText(shownYen(0));
  await expect(field(page, '入金済金額')).toHaveText(shownYen(total));
  await expect(payments).toHaveCount(4);
  await expect(payments.filter({ hasText: '口座振替' })).toContainText(shownYen(rest));
  await expect(page.getByRole('button', { name: '入金を登録' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '赤伝を作成' })).toBeVisible();

  // [赤伝を作成]: a reason is required; the draft credit note negates every line.
  await page.getByRole('button', { name: '赤伝を作成' }).click();
  const creditDialog = page.getByRole('dialog', { name: '赤伝(クレジットノート)の作成' });
  await expect(creditDialog).toContainText(
    `請求書 ${invoiceNumber} のすべての明細をマイナスにした赤伝を下書きで作成します。`,
  );
  await creditDialog.getByRole('button', { name: '赤伝を作成する' }).click();
  await expect(creditDialog.getByText('入力してください。')).toBeVisible();
  const reason = `請求先の誤りのため取消(${run})`;
  await creditDialog.getByRole('textbox', { name: '理由' }).fill(reason);
  await creditDialog.getByRole('button', { name: '赤伝を作成する' }).click();
  await expect(creditDialog).toBeHidden();
  await expect(page.getByText('赤伝を下書きで作成しました。内容を確認して発行してください。')).toBeVisible();
  const creditDraft = titleOf(page, '赤伝 下書き');
  await expect(creditDraft.heading).toBeVisible();
  expect(page.url()).not.toBe(invoiceUrl);
  await expect(creditDraft.badges.getByText('赤伝', { exact: true })).toBeVisible();
  await expect(creditDraft.badges.getByText('下書き', { exact: true })).toBeVisible();
  await expect(page.getByTestId('invoice-customer')).toContainText(order.customerName);
  await expect(page.getByTestId('invoice-month')).toContainText(shownMonth(month));
  await expect(field(page, '赤伝の理由')).toHaveText(reason);
  await expect(field(page, '訂正元').getByRole('link', { name: invoiceNumber })).toBeVisible();
  await expect(page.getByTestId('invoice-payment-status')).toHaveCount(0);
  await expect(page.getByTestId('invoice-line')).toHaveCount(2);
  const monthlyCredit = page.getByTestId('invoice-line').filter({ hasText: '月額料金の取消' });
  await expect(monthlyCredit).toContainText('調整');
  await expect(monthlyCredit).toContainText(shownYen(-order.monthlyFee));
  await expect(monthlyCredit).toContainText(shownYen(-monthly));
  await expect(monthlyCredit).toContainText('10%');
  await expect(page.getByTestId('invoice-line').filter({ hasText: '初期費用の取消' })).toContainText(
    shownYen(-order.initialFee),
  );
  await expect(page.getByTestId('invoice-totals')).toContainText(shownYen(-subtotal));
  await expect(page.getByTestId('invoice-totals')).toContainText(shownYen(-tax));
  await expect(page.getByTestId('invoice-total')).toContainText(shownYen(-total));
  // A draft credit note may still be cut down (every line is an adjustment line).
  await expect(page.getByRole('button', { name: '調整行を削除' })).toHaveCount(2);
  await expect(page.getByRole('button', { name: '調整行を追加' })).toBeVisible();

  // Issue the credit note: numbered, settled, and no longer editable.
  await page.getByRole('button', { name: '発行する' }).click();
  const creditIssueDialog = page.getByRole('dialog', { name: '赤伝の発行' });
  await expect(creditIssueDialog).toContainText(
    `${order.customerName}様宛て ${shownYen(-total)} を発行しますか?`,
  );
  await creditIssueDialog.getByRole('button', { name: '発行する' }).click();
  await expect(creditIssueDialog).toBeHidden();
  await expect(numberField).toHaveText(/^INV-\d{8}$/);
  const creditNumber = (await numberField.textContent()) ?? '';
  expect(creditNumber).not.toBe(invoiceNumber);
  const creditIssued = titleOf(page, `赤伝 ${creditNumber}`);
  await expect(creditIssued.heading).toBeVisible();
  await expect(creditIssued.badges.getByText('発行済', { exact: true })).toBeVisible();
  await expect(page.getByTestId('invoice-issue-date').locator('dd')).toHaveText(shownDate(today));
  await expect(page.getByTestId('invoice-total')).toContainText(shownYen(-total));
  await expect(page.getByRole('button', { name: '調整行を削除' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '調整行を追加' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: '入金を登録' })).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '入金履歴' })).toHaveCount(0);

  // The original, from the credit note: credited in full, nothing open, no second credit note.
  await field(page, '訂正元').getByRole('link', { name: invoiceNumber }).click();
  await expect(issued.heading).toBeVisible();
  await expect(numberField).toHaveText(invoiceNumber);
  await expect(field(page, '赤伝による減額')).toHaveText(shownYen(total));
  await expect(page.getByTestId('invoice-open-amount').locator('dd')).toHaveText(shownYen(0));
  await expect(page.getByTestId('invoice-payment-status').locator('dd')).toHaveText('入金済');
  await expect(page.getByRole('button', { name: '赤伝を作成' })).toHaveCount(0);

  // 請求データ: the invoice and its credit note; 売掛金: the customer owes nothing.
  await page.getByRole('link', { name: '請求データ一覧に戻る' }).click();
  await page.getByRole('searchbox', { name: '顧客名' }).fill(order.customerName);
  await expect(rows).toHaveCount(2);
  const originalRow = rows.filter({ has: page.getByRole('link', { name: invoiceNumber }) });
  await expect(originalRow).toContainText(shownYen(total));
  await expect(originalRow).toContainText('発行済');
  await expect(originalRow).toContainText('入金済');
  const creditRow = rows.filter({ has: page.getByRole('link', { name: creditNumber }) });
  await expect(creditRow).toContainText('赤伝');
  await expect(creditRow).toContainText(shownYen(-total));
  await expect(creditRow).toContainText('発行済');
  await page.getByRole('tab', { name: '売掛金' }).click();
  await expect(
    page.getByTestId('receivables-table').or(page.getByText('未収の売掛金はありません。')),
  ).toBeVisible();
  await expect(receivable).toHaveCount(0);
});
