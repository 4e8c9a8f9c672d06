// queryPages on the embedded PGlite: keyset pages (its default) and a cursor read the same
// rows in the same order, in one tenant, under row-level security.
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { usePgliteWithTenants } from '../../test/pglite.js';
import { type PagedQuery, queryPages } from './query-pages.js';

const pglite = usePgliteWithTenants('pages');

interface Row {
  email: string;
  n: string;
}

// Seven rows per user, keyed by (email, n): pages cross the second key within the first.
const query = (tenant: string): PagedQuery<Row> => ({
  select: sql`select u.email, lpad(g::text, 2, '0') as n
    from users u cross join generate_series(1, 7) g where u.tenant_id = ${tenant}`,
  keys: [
    { column: sql`u.email`, type: 'text' },
    { column: sql`lpad(g::text, 2, '0')`, type: 'text' },
  ],
  keyOf: (row) => [row.email, row.n],
  row: (raw) => ({ email: raw.email as string, n: raw.n as string }),
});

async function rowsOf(pages: AsyncIterable<Row[]>): Promise<string[]> {
  const rows: string[] = [];
  for await (const page of pages) rows.push(...page.map((row) => `${row.email} ${row.n}`));
  return rows;
}

describe('queryPages on PGlite', () => {
  test('keyset pages of any size and a cursor give the same rows, of the one tenant', async () => {
    const expected = Array.from({ length: 7 }, (_, i) => `admin@pages-a.example 0${i + 1}`);
    expect(await rowsOf(queryPages(pglite().database, pglite().tenantId, query(pglite().tenantId)))).toEqual(
      expected,
    );
    for (const size of [1, 2, 3, 7, 8]) {
      expect(
        await rowsOf(queryPages(pglite().database, pglite().tenantId, query(pglite().tenantId), { size })),
      ).toEqual(expected);
      expect(
        await rowsOf(
          queryPages(pglite().database, pglite().tenantId, query(pglite().tenantId), {
            size,
            reader: 'cursor',
          }),
        ),
      ).toEqual(expected);
    }
    // Row-level security: asking for the other tenant's rows from this tenant finds none.
    expect(
      await rowsOf(queryPages(pglite().database, pglite().tenantId, query(pglite().otherTenantId))),
    ).toEqual([]);
  });

  test('a reader that stops early leaves the single connection free', async () => {
    for await (const _page of queryPages(pglite().database, pglite().tenantId, query(pglite().tenantId), {
      size: 2,
      reader: 'cursor',
    }))
      break;
    const [row] = (await pglite().database.executeSql('select 1 as one')).rows;
    expect(row).toEqual({ one: 1 });
  });
});
