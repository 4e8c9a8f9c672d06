// The administration screens of the platform foundation as a person uses them: 組織 (the org
// unit tree and the user form's 組織 select) and スケジュール済プロセス (start a job, watch
// it finish, read its log, run it again). The account page has its own spec (account.spec.ts).
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import { logIn, logOut, openMenu } from './ordering-helpers.js';

const run = Date.now().toString(36).toUpperCase();

test('the admin adds a branch under 東京支店, renames it, and finds it in the tree and the user form', async ({
  page,
}) => {
  const firstName = `横浜営業所${run}`;
  const newName = `横浜支店${run}`;

  await logIn(page, demoAdmin);
  await openMenu(page, '組織');
  const rows = page.getByTestId('org-unit-row');
  await expect(rows.filter({ hasText: '東京支店' })).toBeVisible();

  // 新規作成: a name is required; then the unit under 東京支店.
  await page.getByRole('button', { name: '新規作成' }).click();
  const create = page.getByRole('dialog', { name: '組織の新規作成' });
  await expect(create.getByRole('textbox', { name: '組織名' })).toBeFocused();
  // The dialog's × is named for screen readers.
  await expect(create.getByRole('button', { name: '閉じる', exact: true })).toBeVisible();
  await create.getByRole('button', { name: '新規作成' }).click();
  await expect(create.getByText('入力してください。', { exact: true })).toBeVisible();
  await create.getByRole('textbox', { name: '組織名' }).fill(firstName);
  await create.getByRole('textbox', { name: 'コード' }).fill(`YKH${run}`);
  await expect(create.getByRole('combobox', { name: '種別' })).toHaveValue('支店');
  await create.getByRole('combobox', { name: '上位組織' }).click();
  await page.getByRole('option', { name: '東京支店' }).click();
  await create.getByRole('button', { name: '新規作成' }).click();
  await expect(create).toBeHidden();
  await expect(page.getByText('処理が正常に終了しました')).toBeVisible();

  // In the tree it follows its parent, one level deeper (the parent select indents by level).
  const created = rows.filter({ hasText: firstName });
  await expect(created).toContainText(`YKH${run}`);
  await expect(created).toContainText('支店');
  await expect(rows).toContainText(['本社', '東京支店', firstName]);

  // 編集: the form shows where the unit sits; rename it.
  await created.getByRole('button', { name: `編集: ${firstName}` }).click();
  const edit = page.getByRole('dialog', { name: '組織の編集' });
  await expect(edit.getByRole('combobox', { name: '上位組織' })).toHaveValue('　東京支店');
  await edit.getByRole('textbox', { name: '組織名' }).fill('');
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit.getByText('入力してください。', { exact: true })).toBeVisible();
  await edit.getByRole('textbox', { name: '組織名' }).fill(newName);
  await edit.getByRole('button', { name: '保存' }).click();
  await expect(edit).toBeHidden();
  await expect(rows.filter({ hasText: newName })).toContainText(`YKH${run}`);
  await expect(rows.filter({ hasText: firstName })).toHaveCount(0);
  await expect(rows).toContainText(['本社', '東京支店', newName]);

  // The user form offers the renamed unit, indented two levels (本社 > 東京支店 > it).
  await openMenu(page, 'ユーザー');
  await page.getByRole('button', { name: '新規作成' }).click();
  const userForm = page.getByRole('dialog', { name: 'ユーザーの新規作成' });
  await userForm.getByRole('combobox', { name: '組織', exact: true }).click();
  await expect(page.getByRole('option', { name: firstName })).toHaveCount(0);
  await page.getByRole('option', { name: newName }).click();
  await expect(userForm.getByRole('combobox', { name: '組織', exact: true })).toHaveValue(`　　${newName}`);
  await userForm.getByRole('button', { name: 'キャンセル' }).click();
  await expect(userForm).toBeHidden();
});

test('the admin starts 期限切れデータの削除, sees it complete with its log, and runs it again', async ({
  page,
}) => {
  await logIn(page, demoAdmin);
  await openMenu(page, 'スケジュール済プロセス');

  await page.getByRole('button', { name: '新規プロセスのスケジュール' }).click();
  const schedule = page.getByRole('dialog', { name: '新規プロセスのスケジュール' });
  await schedule.getByRole('radio', { name: '期限切れデータの削除' }).check();
  await schedule.getByRole('button', { name: '開始' }).click();
  await expect(schedule).toBeHidden();
  await expect(page.getByText('プロセスを開始しました。')).toBeVisible();

  // The drawer follows the job: status, a full progress bar (3 steps), and the log.
  const detail = page.getByRole('dialog', { name: 'プロセスの詳細' });
  await expect(detail.getByRole('heading', { name: '期限切れデータの削除' })).toBeVisible();
  await expect(detail.getByText('完了', { exact: true })).toBeVisible();
  await expect(detail.getByRole('progressbar', { name: '進捗' })).toHaveAttribute('aria-valuenow', '100');
  await expect(detail.getByText('3 / 3')).toBeVisible();
  const log = detail.getByTestId('job-log').getByRole('listitem');
  await expect(log.filter({ hasText: '開始しました' })).toHaveCount(1);
  await expect(
    log.filter({ hasText: /期限切れのセッションとパスワード再設定トークン: \d+件削除/ }),
  ).toHaveCount(1);
  await expect(log.filter({ hasText: /期限切れの冪等キー: \d+件削除/ })).toHaveCount(1);
  await expect(log.filter({ hasText: /30日を過ぎた開発用メール: \d+件削除/ })).toHaveCount(1);
  await expect(log.filter({ hasText: '完了しました' })).toHaveCount(1);
  await expect(detail.getByText('再実行元')).toHaveCount(0);
  const firstJob = new URL(page.url()).searchParams.get('job');
  expect(firstJob).toBeTruthy();

  // 再実行 asks first; cancelling starts nothing.
  await detail.getByRole('button', { name: '再実行' }).click();
  const confirm = page.getByRole('dialog', { name: '再実行' });
  await expect(confirm).toContainText('「期限切れデータの削除」を再実行しますか?');
  await confirm.getByRole('button', { name: 'キャンセル' }).click();
  await expect(confirm).toBeHidden();
  expect(new URL(page.url()).searchParams.get('job')).toBe(firstJob);

  await detail.getByRole('button', { name: '再実行' }).click();
  await confirm.getByRole('button', { name: '再実行' }).click();
  await expect(page.getByText('プロセスを再実行しました。')).toBeVisible();
  // The drawer now shows the new job, which points back to the first one.
  await expect(page).not.toHaveURL(new RegExp(`job=${firstJob}`));
  await expect(detail.getByText('再実行元')).toBeVisible();
  await expect(detail.getByText('完了', { exact: true })).toBeVisible();
  await expect(detail.getByRole('progressbar', { name: '進捗' })).toHaveAttribute('aria-valuenow', '100');
  await expect(log.filter({ hasText: '完了しました' })).toHaveCount(1);
  const secondJob = new URL(page.url()).searchParams.get('job');

  await detail.getByRole('button', { name: '元のプロセスを表示' }).click();
  await expect(page).toHaveURL(new RegExp(`job=${firstJob}`));
  await expect(detail.getByText('再実行元')).toHaveCount(0);

  // The list, newest first: the re-run and the original, both complete.
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  const jobRows = page.getByRole('row');
  for (const row of [jobRows.nth(1), jobRows.nth(2)]) {
    await expect(row.getByRole('link', { name: '期限切れデータの削除' })).toBeVisible();
    await expect(row.getByText('完了', { exact: true })).toBeVisible();
    await expect(row.getByRole('progressbar', { name: '進捗' })).toHaveAttribute('aria-valuenow', '100');
  }
  await jobRows.nth(1).getByRole('link', { name: '期限切れデータの削除' }).click();
  await expect(page).toHaveURL(new RegExp(`job=${secondJob}`));
  await expect(detail.getByText('再実行元')).toBeVisible();
});

test('the admin changes a user’s roles and deactivates them, who then cannot log in; tenant settings are saved', async ({
  page,
}) => {
  const email = `edit-${run.toLowerCase()}@demo.example`;
  const password = 'e2e-edit-password-2026';
  await logIn(page, demoAdmin);
  await openMenu(page, 'ユーザー');
  await page.getByRole('button', { name: '新規作成' }).click();
  const create = page.getByRole('dialog', { name: 'ユーザーの新規作成' });
  await create.getByLabel('メールアドレス').fill(email);
  await create.getByLabel('氏名').fill('編集 花子');
  await create.getByRole('checkbox', { name: '営業担当' }).check();
  await create.getByLabel('初期パスワード(任意)').fill(password);
  await create.getByRole('button', { name: '新規作成' }).click();
  await expect(create).toBeHidden();

  // The user's page: 請求担当 instead of 営業担当, and no longer active.
  await page.getByRole('row').filter({ hasText: email }).getByRole('link').first().click();
  await expect(page.getByRole('textbox', { name: '氏名' })).toHaveValue('編集 花子');
  await page.getByRole('checkbox', { name: '営業担当' }).uncheck();
  await page.getByRole('checkbox', { name: '請求担当' }).check();
  await page.getByRole('switch', { name: '有効' }).uncheck();
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('処理が正常に終了しました').last()).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox', { name: '請求担当' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: '営業担当' })).not.toBeChecked();
  await expect(page.getByRole('switch', { name: '有効' })).not.toBeChecked();
  // The change is in the user's 変更履歴.
  await expect(page.getByRole('heading', { name: '変更履歴' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '更新' }).first()).toContainText('請求担当');

  // テナント設定: the name is saved and shown after a reload (then set back).
  await openMenu(page, 'テナント設定');
  const name = page.getByRole('textbox', { name: 'テナント名' });
  const before = await name.inputValue();
  await name.fill(`${before} E2E`);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('処理が正常に終了しました').last()).toBeVisible();
  await page.reload();
  await expect(name).toHaveValue(`${before} E2E`);
  await name.fill(before);
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('処理が正常に終了しました').last()).toBeVisible();

  // The deactivated user cannot log in (the same answer as a wrong password).
  await logOut(page);
  await logIn(page, { email, password });
  await expect(page.getByText('会社ID、メールアドレスまたはパスワードが正しくありません。')).toBeVisible();
});
