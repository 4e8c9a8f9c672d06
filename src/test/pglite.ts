// An embedded PGlite database in memory for one test file, migrated, with two tenants (each
// with its admin), as the PGlite tests of platform code need them.
import { afterAll, beforeAll } from 'vitest';
import { createTenantWithAdmin } from '../modules/identity/index.js';
import { type Database, openPglite } from '../platform/db/database.js';

export interface PgliteWithTenants {
  database: Database;
  tenantId: string;
  otherTenantId: string;
}

/** Registers the hooks; returns a getter valid inside tests. */
export function usePgliteWithTenants(prefix: string): () => PgliteWithTenants {
  let current: PgliteWithTenants | undefined;
  beforeAll(async () => {
    const database = await openPglite(undefined);
    await database.migrate();
    const admin = (slug: string) => ({
      slug,
      name: `テナント ${slug}`,
      adminEmail: `admin@${slug}.example`,
      adminPassword: 'correct-horse-battery',
      adminName: '管理者',
    });
    const { tenantId } = await createTenantWithAdmin(database, admin(`${prefix}-a`));
    const { tenantId: otherTenantId } = await createTenantWithAdmin(database, admin(`${prefix}-b`));
    current = { database, tenantId, otherTenantId };
  }, 60_000);
  afterAll(async () => {
    await current?.database.close();
  });
  return () => {
    if (!current) throw new Error('usePgliteWithTenants(): the database exists only inside tests and hooks');
    return current;
  };
}
