// What the billing spec needs before it runs billing, made through the API as the demo admin:
// a published product, a customer with an agreement on sale, and a new order placed and
// completed on the first day of a past month (back-dated, with that day as charge start).
import { expect } from '@playwright/test';
import type { AdminApi } from './ordering-helpers.js';

export interface BilledOrder {
  customerName: string;
  productName: string;
  /** The month the order was completed in: the month to bill. */
  month: string;
  quantity: number;
  monthlyFee: number;
  initialFee: number;
  /** The line item the order made. */
  lineItemId: string;
}

/** The month before `YYYY-MM-DD`'s month, `YYYY-MM`. */
export function monthBefore(date: string): string {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

export async function orderCompletedIn(api: AdminApi, month: string, run: string): Promise<BilledOrder> {
  const terms = {
    customerName: `株式会社請求テスト${run}`,
    productName: `クラウドPBX ${run}`,
    month,
    quantity: 2,
    monthlyFee: 5280,
    initialFee: 3300,
  };
  const product = await api.call<{ id: string }>('POST', '/api/v1/products', {
    code: `E2E-BILL-${run}`,
    name: terms.productName,
    taxCategory: 'standard',
    fulfilment: 'immediate',
    pricing: {
      pattern: 'initial_and_monthly',
      initialFee: terms.initialFee,
      monthlyFee: terms.monthlyFee,
      quantityLinkedInitialFee: false,
      freePeriod: { unit: 'month', length: 0 },
    },
  });
  await api.call('POST', `/api/v1/products/${product.id}/publish`);
  const customer = await api.call<{ id: string }>('POST', '/api/v1/customers', {
    kind: 'organization',
    name: terms.customerName,
    lifecycle: 'prospect',
  });
  await api.call('POST', '/api/v1/agreements', {
    customerId: customer.id,
    productIds: [product.id],
    startNow: true,
  });
  const firstDay = `${month}-01`;
  const placed = await api.call<{ id: string; items: { lineItemId: string }[] }>('POST', '/api/v1/orders', {
    kind: 'new',
    customerId: customer.id,
    orderedOn: firstDay,
    items: [{ productId: product.id, quantity: terms.quantity }],
  });
  await api.call('POST', `/api/v1/orders/${placed.id}/complete`, {
    completedOn: firstDay,
    chargeStartDate: firstDay,
  });
  return { ...terms, lineItemId: String(placed.items[0]?.lineItemId) };
}

/** `2026-11` as the Japanese UI shows a month: `2026年11月`. */
export function shownMonth(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number);
  return `${year}年${monthNumber}月`;
}

/** Yen as the Japanese UI shows them: `￥15,246`, a credit `-￥15,246`. */
export function shownYen(amount: number): string {
  return `${amount < 0 ? '-' : ''}￥${Math.abs(amount).toLocaleString('ja-JP')}`;
}

/**
 * Runs billing for `month` through the API (`POST /billing-runs`, 202) and waits for the run
 * to complete, for a spec about what comes after a run (billing.spec.ts covers the run's UI).
 */
export async function billingRunCompleted(api: AdminApi, month: string): Promise<void> {
  const run = await api.call<{ id: string }>('POST', '/api/v1/billing-runs', { billingMonth: month });
  await expect
    .poll(async () => (await api.call<{ status: string }>('GET', `/api/v1/billing-runs/${run.id}`)).status, {
      message: `the billing run of ${month}`,
      timeout: 60_000,
      intervals: [250, 500, 1000],
    })
    .toBe('completed');
}
