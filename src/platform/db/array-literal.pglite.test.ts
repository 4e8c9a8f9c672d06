// plainArrayLiteral on the embedded PGlite (the billing run's writes use it on PostgreSQL in
// the billing integration tests): literals passed as parameters read back as the values.
import { sql } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { usePgliteWithTenants } from '../../test/pglite.js';
import { newId } from '../ids/id.js';
import { plainArrayLiteral } from './array-literal.js';
import { rowsOf } from './rows.js';

const pglite = usePgliteWithTenants('arrays');

test('ids, months, numbers and NULLs go in as literals and come out as they were', async () => {
  const ids = [newId(), newId(), newId()];
  const months = ['2026-10', '2026-11', '2026-12'];
  const orderItems = [null, newId(), null];
  const amounts = [0, -1200, 9_007_199_254_740_991];
  const param = (values: (string | number | null)[]) => sql.param(plainArrayLiteral(values));
  const rows = await pglite().database.inTenant(pglite().tenantId, async (tx) =>
    rowsOf<{ id: string; month: string; order_item: string | null; amount: string }>(
      await tx.execute(sql`
        select v.id::text as id, v.month, v.order_item::text as order_item, v.amount::text as amount
          from unnest(${param(ids)}::uuid[], ${param(months)}::text[], ${param(orderItems)}::uuid[],
                      ${param(amounts)}::bigint[]) with ordinality as v(id, month, order_item, amount, n)
         order by v.n`),
    ),
  );
  expect(rows).toEqual(
    ids.map((id, index) => ({
      id,
      month: months[index],
      order_item: orderItems[index],
      amount: String(amounts[index]),
    })),
  );
});
