// Concurrency on one line item (issue 4 "Bad input and concurrency", quality.md Reliability),
// with real parallel requests on PostgreSQL (a pool of 10 connections): of simultaneous
// orders on one line item exactly one is accepted; under 50 concurrent add / reduce orders
// interleaved with completions there is never more than one processing order, and the final
// quantity equals the sum of the completed orders.
import { sql } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../platform/ids/id.js';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';
import { type OrderingFixture, orderingFixture } from '../../test/ordering.js';
import { isSecondProcessingOrder } from './order.service.js';

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
let desk: ApiClient;
let back: ApiClient;
let f: OrderingFixture;

const today = () => Temporal.Now.plainDateISO('Asia/Tokyo').toString();

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  desk = await userWithRoles(app(), tenant, ['order_desk'], admin);
  back = await userWithRoles(app(), tenant, ['back_office'], admin);
  f = orderingFixture(admin);
});

async function processingCount(lineItemId: string): Promise<number> {
  const { rows } = await app().database.executeSql(
    `select count(*)::int as n from order_items where line_item_id = $1 and status = 'processing'`,
    [lineItemId],
  );
  return Number(rows[0]?.n);
}

/** The line item's quantity and the sum of its completed order items' signed quantities. */
async function quantities(lineItemId: string): Promise<{ quantity: number; completedSum: number }> {
  const { rows } = await app().database.executeSql(
    `select li.quantity,
            (select coalesce(sum(case oi.kind when 'reduce' then -oi.quantity when 'terminate' then 0
                                              else oi.quantity end), 0)::int
               from order_items oi
              where oi.line_item_id = li.id and oi.status = 'completed') as completed_sum
       from line_items li where li.id = $1`,
    [lineItemId],
  );
  return { quantity: Number(rows[0]?.quantity), completedSum: Number(rows[0]?.completed_sum) };
}

describe('simultaneous orders on one line item', () => {
  test('of 10 parallel orders exactly one is accepted, the others answer line_item_has_processing_order', async () => {
    const { lineItemId } = await f.activeLineItem(10);
    const bodies = Array.from(
      { length: 10 },
      (_, index) =>
        [
          { kind: 'add', lineItemId, quantity: 1 + index },
          { kind: 'reduce', lineItemId, quantity: 1 },
          { kind: 'terminate', lineItemId },
        ][index % 3],
    );
    const answers = await Promise.all(bodies.map((body) => desk.post('/api/v1/orders', body)));
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses, answers.map((a) => a.body).join('\n')).toEqual([201, ...Array(9).fill(422)]);
    for (const answer of answers.filter((a) => a.statusCode === 422)) {
      expect(answer.json().code).toBe('line_item_has_processing_order');
    }
    expect(await processingCount(lineItemId)).toBe(1);
    expect(await quantities(lineItemId)).toEqual({ quantity: 10, completedSum: 10 });
  });

  test('the partial unique index refuses a second processing order item, and is recognised as such', async () => {
    const { lineItemId, order } = await f.activeLineItem(1);
    const insertProcessing = () =>
      app().database.inTenant(tenant.tenantId, (tx) =>
        tx.execute(sql`insert into order_items (tenant_id, id, order_id, line_item_id, product_id, kind, quantity)
          values (${tenant.tenantId}, ${newId()}, ${order.id}, ${lineItemId}, ${order.items[0].productId}, 'add', 1)`),
      );
    await insertProcessing();
    const error = await insertProcessing().then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).not.toBeNull();
    expect(isSecondProcessingOrder(error)).toBe(true);
  });

  test('waves of 50 concurrent add / reduce orders interleaved with completions: at most one processing, quantities add up', async () => {
    const initial = 20;
    const { lineItemId } = await f.activeLineItem(initial);
    const rounds = 12;
    let expected = initial;
    let completed = 0;
    let maxProcessing = 0;
    const unexpected: string[] = [];
    /** The order accepted in the previous wave, completed (or cancelled) in the next. */
    let pending: { id: string; kind: 'add' | 'reduce'; quantity: number } | null = null;
    let running = true;
    const sampler = (async () => {
      while (running) {
        maxProcessing = Math.max(maxProcessing, await processingCount(lineItemId));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    try {
      for (let round = 0; round < rounds; round++) {
        const finishing = pending;
        pending = null;
        const finish = async () => {
          if (!finishing) return;
          const cancel = round % 4 === 3;
          const answer = cancel
            ? await back.post(`/api/v1/orders/${finishing.id}/cancel`, { reason: '同時実行テスト' })
            : await back.post(`/api/v1/orders/${finishing.id}/complete`, { completedOn: today() });
          if (answer.statusCode !== 200) unexpected.push(`finish ${answer.statusCode} ${answer.body}`);
          else if (!cancel) {
            completed += 1;
            expected += finishing.kind === 'add' ? finishing.quantity : -finishing.quantity;
          }
        };
        const place = async (index: number) => {
          const kind = (round + index) % 2 === 0 ? 'add' : 'reduce';
          const quantity = 1 + ((index * 7 + round) % 3);
          const answer = await desk.post('/api/v1/orders', { kind, lineItemId, quantity });
          if (answer.statusCode === 201) return { id: String(answer.json().id), kind, quantity } as const;
          const code = answer.statusCode === 422 ? answer.json().code : null;
          if (code !== 'line_item_has_processing_order' && code !== 'reduce_below_one') {
            unexpected.push(`place ${answer.statusCode} ${answer.body}`);
          }
          return null;
        };
        // The completion of the last wave's order races with this wave's 50 orders.
        const [, ...placed] = await Promise.all([
          finish(),
          ...Array.from({ length: 50 }, (_, index) => place(index)),
        ]);
        const accepted = placed.filter((order) => order !== null);
        expect(accepted.length, `round ${round}`).toBeLessThanOrEqual(1);
        pending = accepted[0] ?? null;
      }
    } finally {
      running = false;
      await sampler;
    }
    if (pending) {
      await back.post(`/api/v1/orders/${pending.id}/complete`, { completedOn: today() });
      completed += 1;
      expected += pending.kind === 'add' ? pending.quantity : -pending.quantity;
    }

    expect(unexpected).toEqual([]);
    expect(completed).toBeGreaterThanOrEqual(rounds / 2);
    expect(maxProcessing).toBeLessThanOrEqual(1);
    expect(await processingCount(lineItemId)).toBe(0);
    const final = await quantities(lineItemId);
    expect(final.quantity).toBe(expected);
    expect(final.quantity).toBe(final.completedSum);
    expect(final.quantity).toBeGreaterThanOrEqual(1);
    const read = (await desk.get(`/api/v1/line-items/${lineItemId}`)).json();
    expect(read.quantity).toBe(expected);
    expect(read.orders.filter((o: { status: string }) => o.status === 'completed')).toHaveLength(
      completed + 1,
    );
  }, 180_000);
});
