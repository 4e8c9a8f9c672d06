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

// ── Data set up through the API for specs about later screens (appended for the lifecycle specs) ──

export interface SetUpProduct {
  id: string;
  code: string;
  name: string;
}

/** A published product (immediate, no free period unless `freeMonths`), monthly fee only unless `initialFee`. */
export async function publishedProduct(
  api: AdminApi,
  product: { code: string; name: string; monthlyFee: number; initialFee?: number; freeMonths?: number },
): Promise<SetUpProduct> {
  const initialFee = product.initialFee ?? 0;
  const created = await api.call<{ id: string }>('POST', '/api/v1/products', {
    code: product.code,
    name: product.name,
    taxCategory: 'standard',
    fulfilment: 'immediate',
    pricing: {
      pattern: initialFee > 0 ? 'initial_and_monthly' : 'monthly_only',
      initialFee,
      monthlyFee: product.monthlyFee,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: product.freeMonths ?? 0 },
    },
  });
  await api.call('POST', `/api/v1/products/${created.id}/publish`);
  return { id: created.id, code: product.code, name: product.name };
}

/** A prospect customer (法人, no address), optionally with a master agreement on sale for `productIds`. */
export async function customerSellingTo(
  api: AdminApi,
  name: string,
  productIds: string[] = [],
): Promise<{ id: string; name: string }> {
  const customer = await api.call<{ id: string }>('POST', '/api/v1/customers', {
    kind: 'organization',
    name,
    lifecycle: 'prospect',
  });
  if (productIds.length > 0) {
    await api.call('POST', '/api/v1/agreements', { customerId: customer.id, productIds, startNow: true });
  }
  return { id: customer.id, name };
}

export interface PlacedNewOrder {
  id: string;
  number: string;
  contractId: string;
  items: { id: string; lineItemId: string; productName: string; quantity: number }[];
}

/** A new order (新規注文) placed by staff, still 注文処理中; `complete` completes it today. */
export async function newOrder(
  api: AdminApi,
  order: {
    customerId: string;
    items: { productId: string; quantity: number; attributes?: Record<string, unknown> }[];
    contractName?: string;
    complete?: boolean;
  },
): Promise<PlacedNewOrder> {
  const placed = await api.call<{ id: string }>('POST', '/api/v1/orders', {
    kind: 'new',
    customerId: order.customerId,
    items: order.items,
    ...(order.contractName === undefined ? {} : { contractName: order.contractName }),
  });
  if (order.complete) {
    await api.call('POST', `/api/v1/orders/${placed.id}/complete`, { completedOn: todayInTokyo() });
  }
  const detail = await api.call<{
    id: string;
    number: string;
    contract: { id: string };
    items: { id: string; lineItemId: string; productName: string; quantity: number }[];
  }>('GET', `/api/v1/orders/${placed.id}`);
  return {
    id: detail.id,
    number: detail.number,
    contractId: detail.contract.id,
    items: detail.items.map(({ id, lineItemId, productName, quantity }) => ({
      id,
      lineItemId,
      productName,
      quantity,
    })),
  };
}

/** Fills a list page's search box and waits for the search to apply (the URL takes `?q=<text>`). */
export async function searchList(page: Page, text: string, searchbox = page.getByRole('searchbox')) {
  await searchbox.fill(text);
  await expect(page).toHaveURL((url) => url.searchParams.get('q') === text.trim());
}

/** The value (`dd`) of a label / value pair (`dt`) of a detail list, by its exact label. */
export function detailValue(scope: Page | ReturnType<Page['locator']>, label: string) {
  return scope
    .getByRole('term')
    .filter({ hasText: new RegExp(`^${escapeRegExp(label)}$`) })
    .locator('xpath=following-sibling::dd[1]');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Runs `setUp` with the API as the demo admin and disposes of it afterwards. */
export async function withAdminApi<T>(
  playwright: PlaywrightWorkerArgs['playwright'],
  baseURL: string | undefined,
  setUp: (api: AdminApi) => Promise<T>,
): Promise<T> {
  const api = await adminApi(playwright, baseURL ?? '');
  try {
    return await setUp(api);
  } finally {
    await api.dispose();
  }
}
