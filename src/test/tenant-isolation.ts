// One suite, two engines: the schema rules of architecture.md rule 3 and the row-level
// security of quality.md ("tenant isolation twice"), checked on PostgreSQL and on PGlite.
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APP_ROLE, type Database } from '../platform/db/database.js';
import { mailOutbox } from '../platform/mail/schema.js';
import { tenants } from '../platform/tenancy/schema.js';
import { postgresErrorCode } from './postgres-server.js';

export interface OpenedDatabase {
  database: Database;
  close(): Promise<void>;
}

interface TenantTable {
  table: string;
  rls: boolean;
  forced: boolean;
  primaryKey: string[] | null;
  policies: {
    name: string;
    permissive: boolean;
    command: string;
    using: string | null;
    check: string | null;
  }[];
  foreignKeys: { name: string; columns: string[]; references: string; referencedColumns: string[] }[];
}

/** Every table in `public` with a tenant_id column, with its keys and policies. */
export async function tenantTables(database: Database): Promise<TenantTable[]> {
  const { rows } = await database.executeSql(`
    select c.relname as "table",
           c.relrowsecurity as rls,
           c.relforcerowsecurity as forced,
           (select array_agg(a.attname::text order by k.ord)
              from pg_index i
              cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
              join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
             where i.indrelid = c.oid and i.indisprimary) as "primaryKey",
           coalesce((select json_agg(json_build_object(
                       'name', p.polname, 'permissive', p.polpermissive, 'command', p.polcmd::text,
                       'using', pg_get_expr(p.polqual, p.polrelid),
                       'check', pg_get_expr(p.polwithcheck, p.polrelid)) order by p.polname)
              from pg_policy p where p.polrelid = c.oid), '[]'::json) as policies,
           coalesce((select json_agg(json_build_object(
                       'name', f.conname,
                       'references', f.confrelid::regclass::text,
                       'columns', (select array_agg(a.attname::text order by k.ord)
                                     from unnest(f.conkey) with ordinality as k(attnum, ord)
                                     join pg_attribute a on a.attrelid = f.conrelid and a.attnum = k.attnum),
                       'referencedColumns', (select array_agg(a.attname::text order by k.ord)
                                     from unnest(f.confkey) with ordinality as k(attnum, ord)
                                     join pg_attribute a on a.attrelid = f.confrelid and a.attnum = k.attnum))
                       order by f.conname)
              from pg_constraint f where f.conrelid = c.oid and f.contype = 'f'), '[]'::json) as "foreignKeys"
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'p')
       and exists (select 1 from pg_attribute a
                    where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
     order by c.relname`);
  return rows.map((row) => {
    const parse = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
    return {
      table: row.table as string,
      rls: row.rls as boolean,
      forced: row.forced as boolean,
      primaryKey: (row.primaryKey as string[] | null) ?? null,
      policies: parse<TenantTable['policies']>(row.policies),
      foreignKeys: parse<TenantTable['foreignKeys']>(row.foreignKeys),
    };
  });
}

/** What is wrong with one tenant table, in words; empty when it follows the rules. */
export function tenantTableViolations(t: TenantTable): string[] {
  const problems: string[] = [];
  if (!t.rls) problems.push('row-level security is not enabled');
  if (!t.forced) problems.push('row-level security is not forced');
  if (t.policies.length === 0) problems.push('has no policy');
  for (const policy of t.policies) {
    // Permissive policies are OR-ed: each one alone must confine rows to the current tenant.
    if (!policy.permissive) continue;
    for (const expression of [policy.using, policy.check]) {
      if (expression !== null && !/tenant_id = keiyaku_current_tenant\(\)/.test(expression)) {
        problems.push(`policy ${policy.name} does not confine rows to the current tenant: ${expression}`);
      }
    }
  }
  if (t.primaryKey?.[0] !== 'tenant_id') {
    problems.push(`primary key is not led by tenant_id: ${t.primaryKey ? t.primaryKey.join(', ') : 'none'}`);
  }
  for (const key of t.foreignKeys) {
    const at = key.columns.indexOf('tenant_id');
    const target = key.references === 'tenants' ? 'id' : 'tenant_id';
    if (at < 0 || key.referencedColumns[at] !== target) {
      problems.push(`foreign key ${key.name} does not pair tenant_id with ${key.references}.${target}`);
    }
  }
  return problems;
}

async function insertTenant(database: Database, slug: string): Promise<string> {
  const id = randomUUID();
  await database.system((tx) => tx.insert(tenants).values({ id, slug, name: `Tenant ${slug}` }));
  return id;
}

async function insertMail(database: Database, tenantId: string, subject: string): Promise<string> {
  const id = randomUUID();
  await database.system((tx) =>
    tx.insert(mailOutbox).values({ tenantId, id, to: 'someone@example.com', subject, text: 'body' }),
  );
  return id;
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) messages.push(String(e));
    return { code: postgresErrorCode(error), message: messages.join(' / ') };
  }
  throw new Error('expected the statement to be refused, but it succeeded');
}

export function describeTenantIsolation(engine: string, open: () => Promise<OpenedDatabase>): void {
  describe(`tenant isolation on ${engine}`, () => {
    let opened: OpenedDatabase | undefined;
    let database: Database;
    let tenantA: string;
    let tenantB: string;
    let mailA: string;
    let mailB: string;

    beforeAll(async () => {
      opened = await open();
      database = opened.database;
      const suffix = randomUUID().slice(0, 8);
      tenantA = await insertTenant(database, `alpha-${suffix}`);
      tenantB = await insertTenant(database, `beta-${suffix}`);
      mailA = await insertMail(database, tenantA, 'for A');
      mailB = await insertMail(database, tenantB, 'for B');
    });

    afterAll(async () => {
      await opened?.close();
    });

    test('every tenant table has forced row-level security, a tenant policy and keys led by tenant_id', async () => {
      const tables = await tenantTables(database);
      // The check must not pass by finding nothing.
      expect(tables.map((t) => t.table)).toEqual(expect.arrayContaining(['mail_outbox', 'number_sequences']));
      const violations: Record<string, string[]> = {};
      for (const t of tables) {
        const problems = tenantTableViolations(t);
        if (problems.length > 0) violations[t.table] = problems;
      }
      expect(violations).toEqual({});
    });

    test('every keiyaku trigger function runs with a fixed search_path (no table can stand in for ours)', async () => {
      const { rows } = await database.executeSql(`
        select p.proname as name, coalesce(array_to_string(p.proconfig, ','), '') as config
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
         where n.nspname = 'public' and p.proname like 'keiyaku\\_%' and p.prorettype = 'trigger'::regtype
         order by 1`);
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.filter((row) => row.config !== 'search_path=pg_catalog, public')).toEqual([]);
    });

    test('the tenants table has forced row-level security and a policy', async () => {
      const { rows } = await database.executeSql(
        `select c.relrowsecurity as rls, c.relforcerowsecurity as forced,
                (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
           from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relname = 'tenants'`,
      );
      expect(rows).toEqual([{ rls: true, forced: true, policies: expect.any(Number) }]);
      expect(rows[0]?.policies).toBeGreaterThan(0);
    });

    test(`the application role ${APP_ROLE} is no superuser, cannot bypass RLS and can become no other role`, async () => {
      const { rows } = await database.executeSql(
        `select r.rolsuper as superuser, r.rolbypassrls as "bypassRls",
                (select count(*) from pg_auth_members m where m.member = r.oid)::int as "memberOf"
           from pg_roles r where r.rolname = $1`,
        [APP_ROLE],
      );
      expect(rows).toEqual([{ superuser: false, bypassRls: false, memberOf: 0 }]);
    });

    test('inside a tenant, a select sees only that tenant’s rows', async () => {
      const seen = await database.inTenant(tenantA, async (tx) => ({
        mail: await tx.select({ tenantId: mailOutbox.tenantId, id: mailOutbox.id }).from(mailOutbox),
        tenants: await tx.select({ id: tenants.id }).from(tenants),
        role: await tx.execute(sql`select current_user as role`),
      }));
      expect(seen.mail).toEqual([{ tenantId: tenantA, id: mailA }]);
      expect(seen.tenants).toEqual([{ id: tenantA }]);
      expect((seen.role as unknown as { rows: { role: string }[] }).rows[0]?.role).toBe(APP_ROLE);
    });

    test('inside a tenant, inserting a row of another tenant is refused by the policy', async () => {
      const { code, message } = await refusal(
        database.inTenant(tenantA, (tx) =>
          tx.insert(mailOutbox).values({
            tenantId: tenantB,
            id: randomUUID(),
            to: 'x@example.com',
            subject: 'smuggled',
            text: 'x',
          }),
        ),
      );
      expect(code).toBe('42501');
      expect(message).toMatch(/row-level security/);
      const smuggled = await database.system((tx) =>
        tx.select().from(mailOutbox).where(eq(mailOutbox.subject, 'smuggled')),
      );
      expect(smuggled).toEqual([]);
    });

    test('inside a tenant, another tenant’s rows can be neither updated nor deleted', async () => {
      const touched = await database.inTenant(tenantA, async (tx) => ({
        updated: await tx
          .update(mailOutbox)
          .set({ subject: 'changed' })
          .where(eq(mailOutbox.tenantId, tenantB))
          .returning({ id: mailOutbox.id }),
        deleted: await tx
          .delete(mailOutbox)
          .where(eq(mailOutbox.tenantId, tenantB))
          .returning({ id: mailOutbox.id }),
      }));
      expect(touched).toEqual({ updated: [], deleted: [] });
      const rowsOfB = await database.system((tx) =>
        tx
          .select({ id: mailOutbox.id, subject: mailOutbox.subject })
          .from(mailOutbox)
          .where(eq(mailOutbox.tenantId, tenantB)),
      );
      expect(rowsOfB).toEqual([{ id: mailB, subject: 'for B' }]);
    });

    test('inside a tenant, moving an own row to another tenant is refused', async () => {
      const { code } = await refusal(
        database.inTenant(tenantA, (tx) =>
          tx.update(mailOutbox).set({ tenantId: tenantB }).where(eq(mailOutbox.id, mailA)),
        ),
      );
      expect(code).toBe('42501');
    });

    test('the application role without a tenant set sees nothing and writes nothing', async () => {
      const seen = await database.system(async (tx) => {
        await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
        return {
          mail: await tx.select({ id: mailOutbox.id }).from(mailOutbox),
          tenants: await tx.select({ id: tenants.id }).from(tenants),
        };
      });
      expect(seen).toEqual({ mail: [], tenants: [] });
      const { code } = await refusal(
        database.system(async (tx) => {
          await tx.execute(sql.raw(`set local role ${APP_ROLE}`));
          await tx.insert(mailOutbox).values({
            tenantId: tenantA,
            id: randomUUID(),
            to: 'x@example.com',
            subject: 'no tenant',
            text: 'x',
          });
        }),
      );
      expect(code).toBe('42501');
    });
  });
}
