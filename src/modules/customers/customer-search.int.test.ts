// The customer search on PostgreSQL with a few thousand customers (quality.md "Notes for fast
// Japanese search"): the SQL that GET /customers?q= runs, EXPLAINed (ANALYZE) and run, in a
// tenant transaction as `keiyaku_app`, under row-level security like every request.
//
// What this proves: (1) the test database's ctype lets pg_trgm make trigrams of Japanese
// text; (2) LIKE's function is LEAKPROOF (migration 0004), without which no LIKE could be an
// index condition under row-level security; (3) with statistics as autovacuum keeps them,
// the planner itself, nothing switched off, answers a Japanese partial-name query of 3 or
// more folded characters through the GIN trigram index `customers_search_key_trgm`, already
// at 4,000 customers (a sequential scan would be cheaper only on a far smaller table), and
// a code or phone query through the btree indexes on (tenant_id, code) and (tenant_id,
// phone_digits); (4) the answers are the right rows, also for 1-2 character queries, which
// trigrams cannot serve and which run as a scan in id order that stops once the page is full.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Tx } from '../../platform/db/database.js';
import { newId } from '../../platform/ids/id.js';
import { createTestTenant } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';
import { type CustomerListQuery, customerListSelect } from './customer.service.js';
import { searchKeyOf } from './name-folding.rules.js';
import { billingAccounts, customers } from './schema.js';

const testDatabase = useTestDatabase();

const SURNAMES: [string, string][] = [
  ['佐藤', 'サトウ'],
  ['鈴木', 'スズキ'],
  ['高橋', 'タカハシ'],
  ['田中', 'タナカ'],
  ['伊藤', 'イトウ'],
  ['渡辺', 'ワタナベ'],
  ['山本', 'ヤマモト'],
  ['中村', 'ナカムラ'],
  ['小林', 'コバヤシ'],
  ['加藤', 'カトウ'],
];
const TRADES: [string, string][] = [
  ['商事', 'ショウジ'],
  ['工務店', 'コウムテン'],
  ['電機', 'デンキ'],
  ['通信', 'ツウシン'],
  ['物産', 'ブッサン'],
  ['建設', 'ケンセツ'],
  ['運輸', 'ウンユ'],
  ['食品', 'ショクヒン'],
  ['印刷', 'インサツ'],
  ['不動産', 'フドウサン'],
];
const FORMS = ['株式会社', '有限会社', '(株)', '合同会社'];
const COUNT = 4000;

let tenantId: string;
let rows: (typeof customers.$inferInsert)[];

/** `count` organizations named <surname><trade><n>, with their legal form before or after. */
function generated(): (typeof customers.$inferInsert)[] {
  const rows: (typeof customers.$inferInsert)[] = [];
  for (let i = 0; i < COUNT; i++) {
    const [surname, surnameKana] = SURNAMES[i % SURNAMES.length]!;
    const [trade, tradeKana] = TRADES[Math.floor(i / SURNAMES.length) % TRADES.length]!;
    const form = FORMS[i % FORMS.length]!;
    const base = `${surname}${trade}${i}`;
    const name = i % 2 === 0 ? `${form}${base}` : `${base}${form}`;
    const nameKana = `${surnameKana}${tradeKana}`;
    const phoneDigits = `03${String(10_000_000 + i).slice(0, 8)}`;
    rows.push({
      tenantId,
      id: newId(),
      code: `C${String(i + 1).padStart(6, '0')}`,
      kind: 'organization',
      name,
      nameKana,
      searchKey: searchKeyOf(name, nameKana),
      lifecycle: 'account',
      phone: phoneDigits,
      phoneDigits,
    });
  }
  // A few that only a specific query finds.
  for (const [name, kana] of [
    ['株式会社ケイヤク通信サービス', 'ケイヤクツウシンサービス'],
    ['ケイヤク通信サービス東日本(株)', 'ケイヤクツウシンサービスヒガシニホン'],
    ['合同会社けいやく通信', 'ケイヤクツウシン'],
  ] as const) {
    rows.push({
      tenantId,
      id: newId(),
      code: `C${String(rows.length + 1).padStart(6, '0')}`,
      kind: 'organization',
      name,
      nameKana: kana,
      searchKey: searchKeyOf(name, kana),
      lifecycle: 'account',
    });
  }
  return rows;
}

async function inTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return testDatabase().database.inTenant(tenantId, fn);
}

const query = (q: string): CustomerListQuery => ({ q, limit: 50 });

async function plan(q: string): Promise<string> {
  return inTenant(async (tx) => {
    const result = await tx.execute(
      sql`explain (analyze, costs off, timing off) ${customerListSelect(tx, tenantId, query(q))}`,
    );
    return (result as unknown as { rows: Record<string, string>[] }).rows
      .map((row) => Object.values(row)[0])
      .join('\n');
  });
}

async function names(q: string): Promise<string[]> {
  const rows = await inTenant(async (tx) => customerListSelect(tx, tenantId, query(q)));
  // The select fetches one row more than the page, to learn whether another page exists.
  return rows.slice(0, query(q).limit).map((row) => row.customer.name);
}

beforeAll(async () => {
  ({ tenantId } = await createTestTenant(testDatabase().database));
  rows = generated();
  await inTenant(async (tx) => {
    for (let start = 0; start < rows.length; start += 1000) {
      const batch = rows.slice(start, start + 1000);
      await tx.insert(customers).values(batch);
      await tx.insert(billingAccounts).values(
        batch.map((row, index) => ({
          tenantId,
          id: newId(),
          customerId: row.id,
          number: `B${String(start + index + 1).padStart(6, '0')}`,
          name: row.name,
          isDefault: true,
        })),
      );
    }
  });
  // What autovacuum does on a live database: statistics, and the GIN index's pending list
  // merged and its entry counts recorded (the planner's cost of the index depends on them).
  await testDatabase().database.executeSql('vacuum analyze customers');
  await testDatabase().database.executeSql('vacuum analyze billing_accounts');
}, 60_000);

describe('customer search on PostgreSQL', () => {
  test('pg_trgm makes trigrams of folded Japanese text (UTF-8 ctype)', async () => {
    const { rows } = await testDatabase().database.executeSql(`select show_trgm('けいやく通信') as trigrams`);
    const trigrams = rows[0]?.trigrams as string[] | undefined;
    expect(trigrams?.length).toBeGreaterThan(3);
  });

  test('LIKE may be an index condition under row-level security (textlike is LEAKPROOF)', async () => {
    const { rows } = await testDatabase().database.executeSql(
      `select proleakproof from pg_proc where oid = 'pg_catalog.textlike(text, text)'::regprocedure`,
    );
    expect(rows).toEqual([{ proleakproof: true }]);
  });

  test('a Japanese partial-name query uses the trigram index', async () => {
    for (const q of ['ケイヤク通信', '(株)けいやく', 'ｹｲﾔｸﾂｳｼﾝ']) {
      const text = await plan(q);
      expect(text, `plan of q=${q}`).toMatch(/Bitmap Index Scan on customers_search_key_trgm/);
      expect(text, `plan of q=${q}`).not.toMatch(/Seq Scan on customers/);
    }
    expect(await names('ケイヤク通信')).toEqual([
      '合同会社けいやく通信',
      'ケイヤク通信サービス東日本(株)',
      '株式会社ケイヤク通信サービス',
    ]);
    expect(await names('ｻｰﾋﾞｽ東日本')).toEqual(['ケイヤク通信サービス東日本(株)']);
  });

  test('a name part found in many rows still answers the newest page of them', async () => {
    const found = await names('佐藤商事');
    expect(found).toHaveLength(40);
    for (const name of found) expect(name).toMatch(/佐藤商事\d+/);
    expect(await names('高橋電機122')).toEqual(['(株)高橋電機1222', '(株)高橋電機122']);
  });

  test('code and phone prefixes are btree ranges on their indexes', async () => {
    const codePlan = await plan('C00012');
    expect(codePlan).toMatch(/customers_code_key/);
    expect(await names('c000123')).toEqual(['(株)高橋電機122']);
    const phonePlan = await plan('03-1000-012');
    expect(phonePlan).toMatch(/customers_phone_digits_idx/);
    expect((await names('03-1000-012')).length).toBe(10);
  });

  test('one and two character queries are answered right, without trigrams', async () => {
    const two = await names('佐藤');
    expect(two).toHaveLength(50);
    for (const name of two) expect(name).toContain('佐藤');
    expect(await names('東日')).toEqual(['ケイヤク通信サービス東日本(株)']);
    expect(await names('ひがし')).toEqual(['ケイヤク通信サービス東日本(株)']);
  });
});
