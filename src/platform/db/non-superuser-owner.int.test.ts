// docs/operations.md recommends a DATABASE_URL user that owns the schema but is no
// superuser. Forced row-level security applies to owners too: this checks that such a
// user can migrate, create a tenant and log in, while tenant data stays confined.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { createKeiyaku } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createTenantWithAdmin } from '../../modules/identity/index.js';
import { connectAdmin, databaseUrl, dropDatabase } from '../../test/postgres-server.js';
import { openPostgres } from './database.js';

const suffix = randomBytes(4).toString('hex');
const role = `keiyaku_owner_${suffix}`;
const name = `keiyaku_owner_db_${suffix}`;

afterAll(async () => {
  const admin = await connectAdmin();
  try {
    await dropDatabase(admin, name);
    await admin.query(`drop role if exists ${role}`);
  } finally {
    await admin.end();
  }
});

describe('a non-superuser owner as DATABASE_URL user', () => {
  test('migrates, creates tenants, logs in; tenant rows stay confined', async () => {
    const admin = await connectAdmin();
    try {
      await admin.query(`create role ${role} login createrole nosuperuser nobypassrls`);
      await admin.query(
        `create database ${name} owner ${role} encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0`,
      );
    } finally {
      await admin.end();
    }
    const url = new URL(databaseUrl(name));
    url.username = role;
    const database = openPostgres(url.toString(), { max: 4 });
    try {
      await database.migrate();
      const a = await createTenantWithAdmin(database, {
        slug: `own-a-${suffix}`,
        name: 'A社',
        adminEmail: 'a@a.example',
        adminPassword: 'owner-test-password',
      });
      const b = await createTenantWithAdmin(database, {
        slug: `own-b-${suffix}`,
        name: 'B社',
        adminEmail: 'b@b.example',
        adminPassword: 'owner-test-password',
      });
      const { app } = await createKeiyaku({ ...loadConfig({}), logLevel: 'silent' }, database, {
        serveWeb: false,
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: `own-a-${suffix}`, email: 'a@a.example', password: 'owner-test-password' },
      });
      expect(login.statusCode).toBe(200);
      expect(login.json().tenant.id).toBe(a.tenantId);
      await app.close();

      // The owner's plain connection sees no tenant data (forced RLS), only tenant rows.
      const users = await database.executeSql('select count(*)::int as n from users');
      expect(users.rows[0]?.n).toBe(0);
      const tenants = await database.executeSql('select count(*)::int as n from tenants');
      expect(tenants.rows[0]?.n).toBe(2);
      // Inside a tenant only that tenant's rows and tenant row.
      const seen = await database.inTenant(b.tenantId, async (tx) => {
        const { sql } = await import('drizzle-orm');
        const result = await tx.execute(
          sql`select (select count(*) from tenants)::int as tenants, (select count(*) from users)::int as users`,
        );
        return (result as unknown as { rows: { tenants: number; users: number }[] }).rows[0];
      });
      expect(seen).toEqual({ tenants: 1, users: 1 });
    } finally {
      await database.close();
    }
  });
});
