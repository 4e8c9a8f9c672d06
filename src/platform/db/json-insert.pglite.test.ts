// insertAsJson on the embedded PGlite (the same SQL runs on PostgreSQL in the order import's
// API tests): rows as one JSON value come back as they went in, under row-level security,
// with defaults for the columns left out; another tenant's row is refused.
import { and, asc, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { usePgliteWithTenants } from '../../test/pglite.js';
import { auditLog } from '../audit/schema.js';
import { newId } from '../ids/id.js';
import { insertAsJson } from './json-insert.js';

const pglite = usePgliteWithTenants('json');

test('rows written as one JSON value read back the same, defaults filled in', async () => {
  const entityId = newId();
  const rows = [
    {
      tenantId: pglite().tenantId,
      id: newId(),
      actorId: null,
      actorName: '管理者 "山田"',
      entity: 'json_insert_test',
      entityId,
      action: 'create',
      before: null,
      after: { name: '株式会社テスト\u{20BB7}', nested: { list: [1, 'two', null, true] }, quote: "it's" },
    },
    {
      tenantId: pglite().tenantId,
      id: newId(),
      actorId: null,
      actorName: 'system',
      entity: 'json_insert_test',
      entityId,
      action: 'update',
      before: { n: 1 },
      after: { n: 2.5 },
    },
  ];
  const statement = insertAsJson(auditLog, rows);
  expect(statement).not.toBeNull();
  if (!statement) return;
  const read = await pglite().database.inTenant(pglite().tenantId, async (tx) => {
    await tx.execute(statement);
    return tx
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, pglite().tenantId), eq(auditLog.entityId, entityId)))
      .orderBy(asc(auditLog.action));
  });
  expect(read.map(({ at: _at, ...rest }) => rest)).toEqual(rows);
  for (const row of read) expect(row.at).toBeInstanceOf(Date);
  expect(insertAsJson(auditLog, [])).toBeNull();
  // Rows naming other columns than the first would lose values or defaults: refused.
  const [one, two] = rows as [(typeof rows)[0], (typeof rows)[0]];
  const { before: _before, ...withoutBefore } = two;
  expect(() => insertAsJson(auditLog, [one, withoutBefore])).toThrow(/other columns/);
});

test("another tenant's row is refused by row-level security", async () => {
  const statement = insertAsJson(auditLog, [
    {
      tenantId: pglite().otherTenantId,
      id: newId(),
      actorId: null,
      actorName: 'x',
      entity: 'json_insert_test',
      entityId: newId(),
      action: 'create',
      before: null,
      after: null,
    },
  ]);
  if (!statement) throw new Error('no statement');
  await expect(
    pglite().database.inTenant(pglite().tenantId, (tx) => tx.execute(statement)),
  ).rejects.toThrow();
});
