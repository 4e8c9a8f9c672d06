// アカウント設定 as a person uses it: API トークン (created, shown once, used as
// `Authorization: Bearer`, revoked) and パスワード変更. Each test works as its own user,
// created through the API, so the demo admin's password and tokens stay as other specs expect.
import { expect, type Page, test } from '@playwright/test';
import { adminApi, logIn, logOut } from './ordering-helpers.js';

const run = Date.now().toString(36);

async function createUser(
  playwright: Parameters<typeof adminApi>[0],
  baseURL: string,
  user: { email: string; name: string; password: string },
): Promise<void> {
  const api = await adminApi(playwright, baseURL);
  try {
    await api.call('POST', '/api/v1/users', { ...user, roles: ['back_office'] });
  } finally {
    await api.dispose();
  }
}

async function openAccount(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'アカウント設定' }).click();
  await expect(page.getByRole('heading', { name: 'アカウント設定' })).toBeVisible();
}

test.describe('API トークン', () => {
  const user = { email: `e2e-token-${run}@demo.example`, name: '連携 担当', password: 'e2e-token-user-2026' };
  // The copy button writes to the clipboard; the test reads it back.
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test.beforeAll(async ({ playwright }, testInfo) => {
    await createUser(playwright, String(testInfo.project.use.baseURL), user);
  });

  test('a token is shown once, opens the API as Bearer, and stops working when revoked', async ({
    page,
    request,
  }) => {
    const tokenName = `基幹システム連携 ${run}`;
    await logIn(page, user);
    await openAccount(page);
    await expect(page.getByText('API トークンはありません。')).toBeVisible();

    // A name is required.
    await page.getByRole('button', { name: 'トークンを作成' }).click();
    await expect(page.getByText('入力してください。', { exact: true })).toBeVisible();
    await page.getByRole('textbox', { name: '名前' }).fill(tokenName);
    await page.getByRole('button', { name: 'トークンを作成' }).click();

    // Shown once, with a copy button.
    const created = page.getByRole('alert').filter({ hasText: `トークン「${tokenName}」を作成しました` });
    await expect(created).toContainText('このトークンは二度と表示されません。');
    const shown = created.getByTestId('new-token');
    await expect(shown).toHaveText(/\S{20,}/);
    const token = ((await shown.textContent()) ?? '').trim();
    await created.getByRole('button', { name: 'コピー' }).click();
    await expect(page.getByText('コピーしました')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await expect(page.getByRole('textbox', { name: '名前' })).toHaveValue('');
    const row = page.getByRole('row').filter({ hasText: tokenName });
    await expect(row).toContainText('未使用');
    // The list shows only the prefix, never the token.
    await expect(row).not.toContainText(token);

    // The token opens the API for its owner (the request context has no session cookie).
    const bearer = { Authorization: `Bearer ${token}` };
    const me = await request.get('/api/v1/auth/me', { headers: bearer });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: user.email, name: user.name, roles: ['back_office'] });
    expect((await request.get('/api/v1/auth/me')).status()).toBe(401);

    // After a reload the token is gone from the page; its row shows when it was last used.
    await page.reload();
    await expect(row).toBeVisible();
    await expect(page.getByTestId('new-token')).toHaveCount(0);
    await expect(row).not.toContainText('未使用');

    // Revoking asks first; cancelling keeps it.
    await row.getByRole('button', { name: `トークンを削除: ${tokenName}` }).click();
    const confirm = page.getByRole('dialog', { name: 'トークンを削除' });
    await expect(confirm).toContainText(`トークン「${tokenName}」を削除しますか?`);
    await confirm.getByRole('button', { name: 'キャンセル' }).click();
    await expect(confirm).toBeHidden();
    expect((await request.get('/api/v1/auth/me', { headers: bearer })).status()).toBe(200);

    await row.getByRole('button', { name: `トークンを削除: ${tokenName}` }).click();
    await confirm.getByRole('button', { name: 'トークンを削除' }).click();
    await expect(page.getByText('トークンを削除しました。')).toBeVisible();
    await expect(row).toHaveCount(0);
    await expect(page.getByText('API トークンはありません。')).toBeVisible();
    const refused = await request.get('/api/v1/auth/me', { headers: bearer });
    expect(refused.status()).toBe(401);
  });
});

test.describe('パスワード変更', () => {
  const user = {
    email: `e2e-password-${run}@demo.example`,
    name: '変更 三郎',
    password: 'e2e-first-password-2026',
  };
  const newPassword = 'e2e-second-password-2026';

  test.beforeAll(async ({ playwright }, testInfo) => {
    await createUser(playwright, String(testInfo.project.use.baseURL), user);
  });

  test('a wrong current password is refused; a new one works from the next login', async ({ page }) => {
    await logIn(page, user);
    await openAccount(page);
    const current = page.getByRole('textbox', { name: '現在のパスワード', exact: true });
    const next = page.getByRole('textbox', { name: '新しいパスワード', exact: true });
    const confirmation = page.getByRole('textbox', { name: '新しいパスワード(確認)', exact: true });
    const submit = page.getByRole('button', { name: 'パスワードを変更' });

    // Checked in the form: length and the repeated password.
    await current.fill(user.password);
    await next.fill('short');
    await confirmation.fill('other');
    await submit.click();
    await expect(page.getByText('10文字以上で入力してください。', { exact: true })).toBeVisible();
    await expect(page.getByText('パスワードが一致しません。')).toBeVisible();

    // Checked by the server: the current password.
    await current.fill('not-my-password-at-all');
    await next.fill(newPassword);
    await confirmation.fill(newPassword);
    await submit.click();
    await expect(page.getByText('現在のパスワードが正しくありません。')).toBeVisible();

    await current.fill(user.password);
    await submit.click();
    await expect(page.getByText('パスワードは正常に変更されました。')).toBeVisible();
    await expect(current).toHaveValue('');
    // This session goes on.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'アカウント設定' })).toBeVisible();
    await logOut(page);

    // The old password no longer opens the account; the new one does.
    await logIn(page, user);
    await expect(page.getByRole('alert').filter({ hasText: '正しくありません' })).toBeVisible();
    await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(newPassword);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect(page.getByRole('heading', { name: `ようこそ、${user.name}さん` })).toBeVisible();
  });
});
