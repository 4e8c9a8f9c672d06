// Issue 3 "usable at 1280 px and at 390 px width": every screen of the navigation at the
// width of a phone (390 x 844), as the demo admin. Each must show its heading, and the page
// itself must not scroll sideways (wide tables scroll inside their own frame, Mantine's
// Table.ScrollContainer); a screenshot of each is kept under test-results/narrow/.
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoAdmin } from './fixtures.js';
import { logIn } from './ordering-helpers.js';

/** Every screen the navigation leads to, with the heading it shows. */
const SCREENS: { path: string; heading: RegExp | string }[] = [
  { path: '/', heading: /ようこそ/ },
  { path: '/products', heading: '商品テンプレート管理' },
  { path: '/product-attributes', heading: '商品カスタム属性定義管理' },
  { path: '/customers', heading: '顧客管理' },
  { path: '/customer-attributes', heading: '顧客カスタム属性定義管理' },
  { path: '/portal-users', heading: '顧客アカウント管理' },
  { path: '/agreements', heading: '基本契約管理' },
  { path: '/orders', heading: '注文履歴' },
  { path: '/orders/new', heading: '新規注文' },
  { path: '/orders/import', heading: '注文一括登録' },
  { path: '/contracts', heading: '契約管理' },
  { path: '/line-items', heading: '明細管理' },
  { path: '/billing', heading: '請求管理' },
  { path: '/billing/receivables', heading: '請求管理' },
  { path: '/billing/payments/import', heading: '請求管理' },
  { path: '/exports', heading: '各種データ出力' },
  { path: '/jobs', heading: 'スケジュール済プロセス' },
  { path: '/admin/users', heading: 'ユーザー' },
  { path: '/admin/org-units', heading: '組織' },
  { path: '/admin/tenant', heading: 'テナント設定' },
  { path: '/admin/billing-settings', heading: '請求設定' },
  { path: '/admin/outbox', heading: '開発用メールボックス' },
  { path: '/account', heading: 'アカウント設定' },
];

test.describe('at 390 px', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('every screen shows its heading and the page never scrolls sideways', async ({ page }, info) => {
    test.setTimeout(120_000);
    await logIn(page, demoAdmin);
    await expect(page.getByRole('heading', { name: /ようこそ/ })).toBeVisible();
    const overflowing: string[] = [];
    for (const screen of SCREENS) {
      await page.goto(screen.path);
      await expect(page.getByRole('heading', { name: screen.heading }).first(), screen.path).toBeVisible();
      // Let lists load their rows before measuring.
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        viewport: window.innerWidth,
      }));
      if (width.page > width.viewport + 1) overflowing.push(`${screen.path}: ${width.page} px`);
      await page.screenshot({
        path: path.join(info.outputDir, '..', 'narrow', `${screen.path.replaceAll('/', '_') || 'home'}.png`),
        fullPage: false,
      });
    }
    expect(overflowing, 'screens wider than the 390 px viewport').toEqual([]);
  });
});
