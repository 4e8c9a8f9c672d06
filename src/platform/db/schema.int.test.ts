// The schema on PostgreSQL: every tenant table is secured (architecture.md rule 3), the
// application role cannot escape row-level security, and a pooled connection never
// carries a tenant over to the next transaction.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/database.js';
import { describeTenantIsolation } from '../../test/tenant-isolation.js';
import { tenants } from '../tenancy/schema.js';
import { openPostgres } from './database.js';

describeTenantIsolation('PostgreSQL', async () => {
  const testDatabase = await createTestDatabase();
  return { database: testDatabase.database, close: () => testDatabase.drop() };
});

describe('PostgreSQL test database', () => {
  let testDatabase: TestDatabase;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
  });

  afterAll(async () => {
    await testDatabase?.drop();
  });

  test('is UTF-8 with a C.UTF-8 ctype, so pg_trgm indexes Japanese', async () => {
    const { rows } = await testDatabase.database.executeSql(
      `select pg_encoding_to_char(encoding) as encoding, datcollate as collate, datctype as ctype
         from pg_database where datname = current_database()`,
    );
    expect(rows).toEqual([{ encoding: 'UTF8', collate: 'C.UTF-8', ctype: 'C.UTF-8' }]);
  });

  test('is already migrated', async () => {
    const { rows } = await testDatabase.database.executeSql(
      'select count(*)::int as applied from drizzle.__drizzle_migrations',
    );
    expect(rows[0]?.applied).toBeGreaterThan(0);
  });

  test('a pooled connection does not carry the tenant or the role into the next transaction', async () => {
    // One connection, so the second transaction surely reuses the first one's session.
    const single = openPostgres(testDatabase.url, { max: 1 });
    try {
      const tenantId = randomUUID();
      await single.system((tx) =>
        tx.insert(tenants).values({ id: tenantId, slug: `carry-${tenantId.slice(0, 8)}`, name: 'Carry' }),
      );
      const inside = await single.inTenant(tenantId, (tx) =>
        tx.execute(sql`select current_user as role, current_setting('app.tenant_id', true) as tenant`),
      );
      const after = await single.system((tx) =>
        tx.execute(sql`select current_user as role, current_setting('app.tenant_id', true) as tenant`),
      );
      const first = (result: unknown) =>
        (result as { rows: { role: string; tenant: string | null }[] }).rows[0];
      expect(first(inside)).toEqual({ role: 'keiyaku_app', tenant: tenantId });
      expect(first(after)?.role).not.toBe('keiyaku_app');
      expect(first(after)?.tenant || null).toBeNull();
    } finally {
      await single.close();
    }
  });
});
