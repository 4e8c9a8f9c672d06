// What the ordering specs share: logging in as a person does, the menu, the API as the demo
// admin for data a spec only needs to exist, and dates as the UI shows them.
import { type APIRequestContext, expect, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { demoAdmin } from './fixtures.js';

export async function logIn(page: Page, account: { email: string; password: string }) {
  await page.goto(`/login?tenant=${demoAdmin.tenant}`);
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible();
  await page.getByLabel('メールアドレス').fill(account.email);
  await page.getByRole('textbox', { name: 'パスワード', exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'ログイン' }).click();
}

export async function logOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { name: 'ログイン' })).toBeVisible();
}

/** Follows a link of the navbar and waits for the page's heading. */
export async function openMenu(page: Page, name: string, heading = name) {
  await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
}

export interface AdminApi {
  call: <T = Record<string, unknown>>(method: string, path: string, data?: unknown) => Promise<T>;
  dispose: () => Promise<void>;
}

/** The API as the demo admin (session cookie and CSRF token), for setting data up. */
export async function adminApi(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string,
): Promise<AdminApi> {
  const context: APIRequestContext = await playwright.request.newContext({ baseURL });
  const login = await context.post('/api/v1/auth/login', {
    data: { tenant: demoAdmin.tenant, email: demoAdmin.email, password: demoAdmin.password },
  });
  expect(login.ok(), await login.text()).toBe(true);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    call: async <T>(method: string, path: string, data?: unknown): Promise<T> => {
      const response = await context.fetch(path, {
        method,
        headers: { 'X-CSRF-Token': csrfToken },
        ...(data === undefined ? {} : { data }),
      });
      if (!response.ok()) throw new Error(`${method} ${path}: ${response.status()} ${await response.text()}`);
      return (response.status() === 204 ? undefined : await response.json()) as T;
    },
    dispose: () => context.dispose(),
  };
}

/** Today in the tenant's time zone (the demo tenant: Asia/Tokyo), `YYYY-MM-DD`. */
export function todayInTokyo(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** `YYYY-MM-DD` plus months, a month end clamped to a shorter month (billing.md rule 1). */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` plus (or minus) days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A `YYYY-MM-DD` date as the Japanese UI shows it (`2026/11/24`). */
export function shownDate(date: string): string {
  return date.replaceAll('-', '/');
}
