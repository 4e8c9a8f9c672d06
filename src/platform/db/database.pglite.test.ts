// The embedded database: PGlite in memory migrates from the same committed migrations and
// enforces the same tenant isolation. Its single user is a superuser that bypasses RLS,
// so the isolation rests on `inTenant` switching to the application role.
import { describeTenantIsolation } from '../../test/tenant-isolation.js';
import { openPglite } from './database.js';

describeTenantIsolation('PGlite', async () => {
  const database = await openPglite(undefined);
  await database.migrate();
  return { database, close: () => database.close() };
});
