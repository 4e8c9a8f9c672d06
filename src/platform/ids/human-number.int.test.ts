// Per-tenant human numbers (customer code, order number ...; issue 3 item 2) under
// concurrency, on the real schema and under row-level security.
//
// The rule observed and asserted here: numbers are GAPLESS. The counter row is locked by
// the upsert until the transaction ends, so concurrent transactions of one tenant and one
// sequence take their numbers one after the other; a transaction that rolls back gives its
// number back and the next transaction receives the same number. Committed numbers of a
// sequence are therefore exactly 1, 2, 3, ... with no gap and no duplicate. The price: a
// transaction holding a number makes the next one of the same sequence wait until it ends.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestTenant } from '../../test/app.js';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import type { Database } from '../db/database.js';
import { nextNumber, nextNumbers } from './human-number.js';

let testDatabase: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDatabase = await createTestDatabase({ max: 12 });
  database = testDatabase.database;
});

afterAll(() => testDatabase.drop());

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

class Rollback extends Error {}

/** Takes a number and keeps the transaction open a moment, so the others really queue behind it. */
function take(
  tenantId: string,
  sequence: string,
  options: { rollback?: boolean } = {},
): Promise<number | null> {
  return database
    .inTenant(tenantId, async (tx) => {
      const value = await nextNumber(tx, tenantId, sequence);
      await tx.execute(sql`select pg_sleep(0.005)`);
      if (options.rollback) throw new Rollback(String(value));
      return value;
    })
    .catch((error: unknown) => {
      if (error instanceof Rollback) return null;
      throw error;
    });
}

async function lastValue(tenantId: string, sequence: string): Promise<number | undefined> {
  const { rows } = await database.executeSql(
    'select last_value from number_sequences where tenant_id = $1 and name = $2',
    [tenantId, sequence],
  );
  return rows[0] ? Number(rows[0].last_value) : undefined;
}

describe('nextNumber', () => {
  test('starts at 1 and counts up by one', async () => {
    const { tenantId } = await createTestTenant(database);
    const values: (number | null)[] = [];
    for (let i = 0; i < 3; i++) values.push(await take(tenantId, 'customer'));
    expect(values).toEqual([1, 2, 3]);
  });

  test('50 parallel transactions get 50 distinct consecutive numbers', async () => {
    const { tenantId } = await createTestTenant(database);
    const values = await Promise.all(range(1, 50).map(() => take(tenantId, 'order')));
    expect(sorted(values as number[])).toEqual(range(1, 50));
    expect(await lastValue(tenantId, 'order')).toBe(50);
  });

  test('tenants and sequences count independently, also when taken at the same time', async () => {
    const a = await createTestTenant(database);
    const b = await createTestTenant(database);
    const jobs = range(1, 20).flatMap(() => [
      take(a.tenantId, 'order').then((value) => ['a-order', value] as const),
      take(b.tenantId, 'order').then((value) => ['b-order', value] as const),
      take(a.tenantId, 'contract').then((value) => ['a-contract', value] as const),
    ]);
    const results = await Promise.all(jobs);
    const of = (name: string) =>
      sorted(results.filter(([key]) => key === name).map(([, value]) => value as number));
    expect(of('a-order')).toEqual(range(1, 20));
    expect(of('b-order')).toEqual(range(1, 20));
    expect(of('a-contract')).toEqual(range(1, 20));
  });

  test('a rolled-back transaction gives its number back: the next one receives it (no gaps)', async () => {
    const { tenantId } = await createTestTenant(database);
    expect(await take(tenantId, 'invoice')).toBe(1);
    expect(await take(tenantId, 'invoice', { rollback: true })).toBeNull();
    expect(await lastValue(tenantId, 'invoice')).toBe(1);
    expect(await take(tenantId, 'invoice')).toBe(2);

    // The very first number of a sequence, rolled back, is given out again too.
    expect(await take(tenantId, 'quote', { rollback: true })).toBeNull();
    expect(await lastValue(tenantId, 'quote')).toBeUndefined();
    expect(await take(tenantId, 'quote')).toBe(1);
  });

  test('under concurrency with every other transaction rolling back, the committed numbers are exactly 1..n', async () => {
    const { tenantId } = await createTestTenant(database);
    const results = await Promise.all(
      range(1, 40).map((i) => take(tenantId, 'order', { rollback: i % 2 === 0 })),
    );
    const committed = results.filter((value): value is number => value !== null);
    expect(committed).toHaveLength(20);
    expect(sorted(committed)).toEqual(range(1, 20));
    expect(await lastValue(tenantId, 'order')).toBe(20);
  });

  test('the application role sees and advances only its own tenant counter', async () => {
    const a = await createTestTenant(database);
    const b = await createTestTenant(database);
    await take(a.tenantId, 'order');
    await take(a.tenantId, 'order');
    // Inside tenant b, tenant a's counter is invisible, and taking a number under b's
    // transaction for a's id is refused by row-level security.
    const visible = await database.inTenant(b.tenantId, async (tx) => {
      const result = await tx.execute(sql`select tenant_id, last_value from number_sequences`);
      return (result as unknown as { rows: { tenant_id: string }[] }).rows;
    });
    expect(visible.every((row) => row.tenant_id === b.tenantId)).toBe(true);
    await expect(
      database.inTenant(b.tenantId, (tx) => nextNumber(tx, a.tenantId, 'order')),
    ).rejects.toThrow();
    expect(await lastValue(a.tenantId, 'order')).toBe(2);
  });
});

describe('nextNumbers (several sequences in one statement)', () => {
  /** Takes the numbers and keeps the transaction open a moment, as `take` does. */
  function takeMany(tenantId: string, counts: Record<string, number>, options: { rollback?: boolean } = {}) {
    return database
      .inTenant(tenantId, async (tx) => {
        const values = await nextNumbers(tx, tenantId, counts);
        await tx.execute(sql`select pg_sleep(0.005)`);
        if (options.rollback) throw new Rollback('');
        return values;
      })
      .catch((error: unknown) => {
        if (error instanceof Rollback) return null;
        throw error;
      });
  }

  test('blocks of consecutive numbers per sequence, shared with nextNumber', async () => {
    const { tenantId } = await createTestTenant(database);
    expect(await take(tenantId, 'line_item')).toBe(1);
    expect(await takeMany(tenantId, { order: 1, line_item: 3, contract: 1, nothing: 0 })).toEqual({
      contract: [1],
      line_item: [2, 3, 4],
      order: [1],
    });
    expect(await take(tenantId, 'line_item')).toBe(5);
  });

  test('in parallel, with rollbacks and in any key order: gapless, no duplicates, no deadlock', async () => {
    const { tenantId } = await createTestTenant(database);
    const results = await Promise.all(
      range(1, 30).map((i) =>
        takeMany(
          tenantId,
          i % 2 === 0 ? { order: 1, contract: 1, line_item: 2 } : { line_item: 2, contract: 1, order: 1 },
          {
            rollback: i % 3 === 0,
          },
        ),
      ),
    );
    const committed = results.filter((value): value is Record<string, number[]> => value !== null);
    expect(committed).toHaveLength(20);
    expect(sorted(committed.flatMap((value) => value.order ?? []))).toEqual(range(1, 20));
    expect(sorted(committed.flatMap((value) => value.contract ?? []))).toEqual(range(1, 20));
    expect(sorted(committed.flatMap((value) => value.line_item ?? []))).toEqual(range(1, 40));
  });
});
