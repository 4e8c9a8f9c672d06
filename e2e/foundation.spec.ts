// The platform foundation as a person uses it: log in, switch the language, create a user,
// and let that user set a password through the reset flow of seed 000 (forgot password,
// mail with a link, new password, log in), reading the mail in the dev mailbox.
import { expect, type Page, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';

async function logIn(page: Page, account: { tenant?: string; email: string; password: string }) {
  await page.goto(account.tenant ? `/login?tenant=${account.tenant}` : '/login');
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible();
  if (account.tenant) await expect(page.getByLabel('会社ID')).toHaveValue(account.tenant);
  await page.getByLabel('メールアドレス').fill(account.email);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

async function logOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible();
}

async function chooseLanguage(page: Page, name: 'English' | '日本語') {
  await page.getByTestId('language-switch').click();
  await page.getByRole('menuitem', { name }).click();
}

test('a page that needs a session sends the visitor to log in and then back', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/login\?redirect=%2Fadmin%2Fusers/);
  await page.getByLabel('会社ID').fill(demoAdmin.tenant);
  await page.getByLabel('メールアドレス').fill(demoAdmin.email);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('alert')).toContainText('正しくありません');

  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(demoAdmin.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/admin\/users$/);
  await expect(page.getByRole('heading', { name: 'ユーザー' })).toBeVisible();
});

test('the admin switches the UI to English and back; the choice survives a reload', async ({ page }) => {
  await logIn(page, demoAdmin);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
  const nav = page.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'スケジュール済プロセス' })).toBeVisible();

  await chooseLanguage(page, 'English');
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Scheduled processes' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.reload();
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();

  // Server messages follow the language too (Accept-Language).
  await nav.getByRole('link', { name: 'Tenant settings' }).click();
  const registrationNumber = page.getByLabel('Qualified invoice issuer registration number');
  await registrationNumber.fill('T1234567890123');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(/check digit/)).toBeVisible();

  await chooseLanguage(page, '日本語');
  await expect(page.getByRole('heading', { name: 'テナント設定' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
});

test('a new user sets a password through the reset mail and logs in', async ({ page }) => {
  const email = `e2e-${Date.now()}@demo.example`;
  const name = '試験 一郎';
  const newPassword = 'e2e-new-password-2026';

  // The admin creates the user without a password (an invitation mail goes out).
  await logIn(page, demoAdmin);
  await page.getByRole('navigation').getByRole('link', { name: 'ユーザー' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー' })).toBeVisible();
  await page.getByRole('button', { name: '新規作成' }).click();
  const dialog = page.getByRole('dialog', { name: 'ユーザーの新規作成' });
  await expect(dialog.getByLabel('メールアドレス')).toBeFocused();
  await dialog.getByLabel('メールアドレス').fill(email);
  await dialog.getByLabel('氏名').fill(name);
  await dialog.getByLabel('組織').click();
  await page.getByRole('option', { name: '東京支店' }).click();
  await dialog.getByRole('checkbox', { name: '営業担当' }).check();
  await expect(dialog.getByText('招待メールを送信します')).toBeVisible();
  await dialog.getByRole('button', { name: '新規作成' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('招待メールを送信しました')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText(name);
  await expect(row).toContainText('東京支店');
  await expect(row).toContainText('営業担当');
  await logOut(page);

  // The user asks for a reset mail on the forgot-password page (seed 000 wording).
  await page.getByRole('link', { name: 'パスワードをお忘れですか?' }).click();
  await expect(page.getByRole('heading', { name: 'パスワード再設定' })).toBeVisible();
  await expect(page.getByLabel('会社ID')).toHaveValue(demoAdmin.tenant);
  await page.getByLabel('メールアドレス').fill(email);
  await page.keyboard.press('Enter');
  await expect(page.getByText('パスワードをリセットするためのメールをお送りしました。')).toBeVisible();

  // The mail lands in the dev mailbox, which the admin can read.
  await logIn(page, demoAdmin);
  await page.getByRole('navigation').getByRole('link', { name: '開発用メールボックス' }).click();
  await expect(page.getByRole('heading', { name: '開発用メールボックス' })).toBeVisible();
  const mail = page.getByRole('row').filter({ hasText: email }).filter({ hasText: 'パスワードの再設定' });
  await expect(mail).toHaveCount(1);
  await mail.getByRole('button').click();
  const link = page.getByTestId('mail-body').getByRole('link', { name: /\/reset-password\?token=/ });
  await expect(link).toBeVisible();

  // Following the link: a new password, then the seed's message and the way to log in.
  await link.click();
  await expect(page).toHaveURL(/\/reset-password\?token=/);
  await expect(page.getByRole('heading', { name: '新しいパスワード' })).toBeVisible();
  await page.getByRole('textbox', { name: '新しいパスワード', exact: true }).fill(newPassword);
  await page.getByRole('textbox', { name: '新しいパスワード(確認)' }).fill('something-else-entirely');
  await page.keyboard.press('Enter');
  await expect(page.getByText('パスワードが一致しません。')).toBeVisible();
  await page.getByRole('textbox', { name: '新しいパスワード(確認)' }).fill(newPassword);
  await page.keyboard.press('Enter');
  await expect(page.getByText('パスワードは正常に変更されました。')).toBeVisible();
  await page.getByRole('link', { name: 'ログイン' }).click();

  await logIn(page, { tenant: demoAdmin.tenant, email, password: newPassword });
  await expect(page.getByRole('heading', { name: `ようこそ、${name}さん` })).toBeVisible();
  await expect(page.getByText('営業担当')).toBeVisible();
  // A sales rep has no administration area.
  await expect(page.getByRole('navigation').getByRole('link', { name: 'ユーザー' })).toHaveCount(0);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the navbar folds behind the burger button', async ({ page }) => {
    await logIn(page, demoAdmin);
    await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
    const usersLink = page.getByRole('navigation').getByRole('link', { name: 'ユーザー' });
    await expect(usersLink).toBeHidden();
    await page.getByRole('button', { name: 'メニューを開く' }).click();
    await expect(usersLink).toBeVisible();
    await usersLink.click();
    await expect(page.getByRole('heading', { name: 'ユーザー' })).toBeVisible();
    await expect(usersLink).toBeHidden();
  });
});
