// inTenant on PostgreSQL (tenant-transaction.ts): BEGIN and the tenant's settings in one
// round trip, with drizzle's transaction semantics kept: the tenant and role hold inside and
// end with the transaction, an error rolls everything back, savepoints roll back alone, and
// the connection goes back to the pool clean.
import { sql } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { createTestTenant } from '../../test/app.js';
import { useTestDatabase } from '../../test/database.js';
import { rowsOf } from './rows.js';

const testDatabase = useTestDatabase({ max: 1 });

const one = async <T>(promise: Promise<unknown>) => rowsOf<T>(await promise)[0] as T;

describe('inTenant on PostgreSQL', () => {
  test('the tenant and the app role hold inside the transaction and end with it', async () => {
    const { database } = testDatabase();
    const tenant = await createTestTenant(database);
    const inside = await database.inTenant(tenant.tenantId, (tx) =>
      one<{ tenant: string; role: string; open: boolean }>(
        tx.execute(sql`select current_setting('app.tenant_id') as tenant, current_user as role,
                              now() = statement_timestamp() as open`),
      ),
    );
    expect(inside.tenant).toBe(tenant.tenantId);
    expect(inside.role).toBe('keiyaku_app');
    // Inside a transaction now() is its start, not the statement's.
    expect(inside.open).toBe(false);
    // The pool has one connection: the next statement on it sees none of that.
    const after = (
      await database.executeSql(
        "select coalesce(current_setting('app.tenant_id', true), '') as tenant, current_user as role",
      )
    ).rows[0];
    expect(after).toEqual({ tenant: '', role: 'postgres' });
  });

  test('an error rolls the transaction back; a savepoint rolls back alone', async () => {
    const { database } = testDatabase();
    const tenant = await createTestTenant(database);
    const name = (suffix: string) => `tx-test-${suffix}-${tenant.slug}`;
    const count = async (suffix: string) =>
      Number(
        (
          await database.executeSql('select count(*)::int as n from org_units where name = $1', [
            name(suffix),
          ])
        ).rows[0]?.n,
      );
    const insert = (tx: Parameters<Parameters<typeof database.inTenant>[1]>[0], suffix: string) =>
      tx.execute(sql`insert into org_units (tenant_id, id, name)
                     values (${tenant.tenantId}, gen_random_uuid(), ${name(suffix)})`);
    await expect(
      database.inTenant(tenant.tenantId, async (tx) => {
        await insert(tx, 'failed');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await count('failed')).toBe(0);

    await database.inTenant(tenant.tenantId, async (tx) => {
      await insert(tx, 'kept');
      await tx
        .transaction(async (savepoint) => {
          await insert(savepoint, 'undone');
          throw new Error('undo the savepoint');
        })
        .catch(() => {});
    });
    expect(await count('kept')).toBe(1);
    expect(await count('undone')).toBe(0);

    // A failed statement ends the transaction; the connection serves the next one.
    await expect(database.inTenant(tenant.tenantId, (tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow();
    expect(
      await database.inTenant(tenant.tenantId, (tx) => one<{ n: number }>(tx.execute(sql`select 1 as n`))),
    ).toEqual({
      n: 1,
    });
  });

  test('only a UUID is taken as a tenant id (it is written into the statement)', async () => {
    const { database } = testDatabase();
    await expect(database.inTenant("x'); drop table tenants; --", async () => 1)).rejects.toThrow(
      'not a tenant id',
    );
  });
});
