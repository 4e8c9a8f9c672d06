// Users administration (issue 3 item 3, admin screen "users"): create, search, page, read,
// edit with version, the rules that refuse a change, and the audit trail of every change.
import { describe, expect, test } from 'vitest';
import {
  type ApiClient,
  createTestTenant,
  loginAs,
  type TestTenant,
  userWithRoles,
  useTestApp,
} from '../../test/app.js';

const app = useTestApp();

interface User {
  id: string;
  email: string;
  name: string;
  orgUnitId: string | null;
  roles: string[];
  active: boolean;
  locale: 'ja' | 'en';
  lastLoginAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  entity: string;
  entityId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

async function createUser(admin: ApiClient, body: Record<string, unknown>): Promise<User> {
  const response = await admin.post('/api/v1/users', { roles: [], ...body });
  expect(response.statusCode, response.body).toBe(201);
  const { invitation, ...user } = response.json() as User & { invitation: string };
  expect(invitation).toBe(body.password === undefined ? 'sent' : 'not_needed');
  return user;
}

async function auditOf(admin: ApiClient, id: string): Promise<AuditEntry[]> {
  const response = await admin.get(`/api/v1/audit?entity=user&id=${id}`);
  expect(response.statusCode).toBe(200);
  return response.json().items as AuditEntry[];
}

describe('create and read', () => {
  test('creates a user (email stored lowercased) and reads it back by id and in the list', async () => {
    const { tenant, admin } = await setup();
    const orgUnits = (await admin.get('/api/v1/org-units')).json().items as { id: string; code: string }[];
    const hq = orgUnits.find((unit) => unit.code === 'HQ')!;

    const created = await admin.post('/api/v1/users', {
      email: `  Yamada.Taro@${tenant.slug}.Example `.trim(),
      name: '山田 太郎',
      orgUnitId: hq.id,
      roles: ['sales_rep', 'billing'],
      locale: 'en',
    });
    expect(created.statusCode).toBe(201);
    const { invitation, ...user } = created.json() as User & { invitation: string };
    // Created without a password: the invitation mail went to the dev outbox.
    expect(invitation).toBe('sent');
    expect(user).toMatchObject({
      email: `yamada.taro@${tenant.slug}.example`,
      name: '山田 太郎',
      orgUnitId: hq.id,
      roles: ['sales_rep', 'billing'],
      active: true,
      locale: 'en',
      lastLoginAt: null,
      version: 1,
    });
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(Number.isNaN(Date.parse(user.createdAt))).toBe(false);
    expect(JSON.stringify(user)).not.toMatch(/password/i);

    const read = await admin.get(`/api/v1/users/${user.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(user);

    const listed = (await admin.get('/api/v1/users')).json();
    expect(listed.items.map((u: User) => u.id)).toEqual(
      expect.arrayContaining([user.id, tenant.adminUserId]),
    );
    expect(listed.nextCursor).toBeNull();
  });

  test('an unknown id answers 404 problem+json', async () => {
    const { admin } = await setup();
    const response = await admin.get('/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('not_found');
  });

  test('a duplicate email, in any letter case, answers 422 email_taken and creates nothing', async () => {
    const { tenant, admin } = await setup();
    await createUser(admin, { email: `suzuki@${tenant.slug}.example`, name: '鈴木' });
    const count = (await admin.get('/api/v1/users')).json().items.length;
    for (const email of [`SUZUKI@${tenant.slug}.example`, `Suzuki@${tenant.slug.toUpperCase()}.EXAMPLE`]) {
      const duplicate = await admin.post('/api/v1/users', { email, name: '鈴木 二人目', roles: [] });
      expect(duplicate.statusCode).toBe(422);
      expect(duplicate.json().code).toBe('email_taken');
    }
    expect((await admin.get('/api/v1/users')).json().items.length).toBe(count);
  });

  test('the same email may exist in two tenants', async () => {
    const first = await setup();
    const second = await setup();
    await createUser(first.admin, { email: 'shared@example.jp', name: '共有 一' });
    await createUser(second.admin, { email: 'shared@example.jp', name: '共有 二' });
  });

  test('an unknown role is refused on create and on edit', async () => {
    const { tenant, admin } = await setup();
    const refused = await admin.post('/api/v1/users', {
      email: `r@${tenant.slug}.example`,
      name: 'ロール',
      roles: ['superuser'],
    });
    expect([400, 422]).toContain(refused.statusCode);
    expect(['validation_failed', 'unknown_role']).toContain(refused.json().code);
    expect(JSON.stringify(refused.json().errors)).toContain('/roles');
    expect((await admin.get(`/api/v1/users?q=r@${tenant.slug}`)).json().items).toEqual([]);

    const user = await createUser(admin, { email: `r2@${tenant.slug}.example`, name: 'ロール2' });
    const edit = await admin.patch(`/api/v1/users/${user.id}`, { version: 1, roles: ['admin', 'root'] });
    expect([400, 422]).toContain(edit.statusCode);
    expect((await admin.get(`/api/v1/users/${user.id}`)).json()).toEqual(user);
  });

  test('an org unit that does not exist is refused with 422 org_unit_not_found', async () => {
    const { tenant, admin } = await setup();
    const response = await admin.post('/api/v1/users', {
      email: `ou@${tenant.slug}.example`,
      name: '組織なし',
      roles: [],
      orgUnitId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('org_unit_not_found');
  });
});

describe('search and pages', () => {
  test('q finds users by part of the name or of the email, case-insensitively', async () => {
    const { tenant, admin } = await setup();
    const tanaka = await createUser(admin, { email: `tanaka@${tenant.slug}.example`, name: '田中 一郎' });
    const sato = await createUser(admin, { email: `k.sato@${tenant.slug}.example`, name: '佐藤 健' });
    const smith = await createUser(admin, { email: `jsmith@${tenant.slug}.example`, name: 'John Smith' });

    const search = async (q: string) => {
      const response = await admin.get(`/api/v1/users?q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      return (response.json().items as User[]).map((u) => u.id).sort();
    };
    expect(await search('田中')).toEqual([tanaka.id]);
    expect(await search('佐藤 健')).toEqual([sato.id]);
    expect(await search('k.sato')).toEqual([sato.id]);
    expect(await search('SMITH')).toEqual([smith.id]);
    expect(await search('john')).toEqual([smith.id]);
    expect(await search(`@${tenant.slug}.example`)).toEqual(
      [tanaka.id, sato.id, smith.id, tenant.adminUserId].sort(),
    );
    expect(await search('存在しない名前')).toEqual([]);
    // LIKE wildcards are searched for literally.
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
  });

  test('the cursor walks more than two pages, newest first, each user exactly once', async () => {
    const { tenant, admin } = await setup();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) {
      created.push(
        (await createUser(admin, { email: `p${i}@${tenant.slug}.example`, name: `ページ ${i}` })).id,
      );
    }
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/users?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const response = await admin.get(url);
      expect(response.statusCode).toBe(200);
      const page = response.json() as { items: User[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(3);
      pages.push(page.items.map((u) => u.id));
      cursor = page.nextCursor;
    } while (cursor && pages.length < 10);

    // 7 created + the admin = 8 users: pages of 3, 3 and 2.
    expect(pages.map((page) => page.length)).toEqual([3, 3, 2]);
    const all = pages.flat();
    expect(new Set(all).size).toBe(8);
    expect(all).toEqual([...created].reverse().concat(tenant.adminUserId));

    // q and the cursor together.
    const first = (await admin.get('/api/v1/users?q=%E3%83%9A%E3%83%BC%E3%82%B8&limit=5')).json();
    expect(first.items).toHaveLength(5);
    const rest = (
      await admin.get(`/api/v1/users?q=%E3%83%9A%E3%83%BC%E3%82%B8&limit=5&cursor=${first.nextCursor}`)
    ).json();
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
  });

  test('a forged cursor or an out-of-range limit answers 400', async () => {
    const { admin } = await setup();
    const forged = await admin.get('/api/v1/users?cursor=not-a-cursor');
    expect(forged.statusCode).toBe(400);
    expect(forged.json().code).toBe('validation_failed');
    expect((await admin.get('/api/v1/users?limit=0')).statusCode).toBe(400);
    expect((await admin.get('/api/v1/users?limit=201')).statusCode).toBe(400);
  });
});

describe('edit', () => {
  test('PATCH with the current version changes the user and increments the version; a stale one answers 409', async () => {
    const { tenant, admin } = await setup();
    const user = await createUser(admin, {
      email: `edit@${tenant.slug}.example`,
      name: '編集 前',
      roles: ['sales_rep'],
    });

    const changed = await admin.patch(`/api/v1/users/${user.id}`, {
      version: 1,
      name: '編集 後',
      roles: ['sales_manager'],
      locale: 'en',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      name: '編集 後',
      roles: ['sales_manager'],
      locale: 'en',
      version: 2,
    });
    expect(Date.parse(changed.json().updatedAt)).toBeGreaterThanOrEqual(Date.parse(user.updatedAt));

    // Someone else saves on top of the version they read earlier.
    const stale = await admin.patch(`/api/v1/users/${user.id}`, { version: 1, name: '上書き' });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json().code).toBe('version_conflict');
    expect((await admin.get(`/api/v1/users/${user.id}`)).json().name).toBe('編集 後');

    const missing = await admin.patch(`/api/v1/users/${user.id}`, { name: 'バージョンなし' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: '/version' })]),
    );

    const unknown = await admin.patch('/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', { version: 1 });
    expect(unknown.statusCode).toBe(404);
  });

  test('an admin cannot deactivate themself or drop their own admin role', async () => {
    const { tenant, admin } = await setup();
    const self = (await admin.get(`/api/v1/users/${tenant.adminUserId}`)).json() as User;
    const deactivate = await admin.patch(`/api/v1/users/${self.id}`, {
      version: self.version,
      active: false,
    });
    expect(deactivate.statusCode).toBe(422);
    expect(deactivate.json().code).toBe('cannot_deactivate_self');
    const demote = await admin.patch(`/api/v1/users/${self.id}`, {
      version: self.version,
      roles: ['billing'],
    });
    expect(demote.statusCode).toBe(422);
    expect(demote.json().code).toBe('cannot_deactivate_self');
    const after = (await admin.get(`/api/v1/users/${self.id}`)).json();
    expect(after).toMatchObject({ active: true, roles: ['admin'], version: self.version });
    // Editing their own name is fine.
    const rename = await admin.patch(`/api/v1/users/${self.id}`, {
      version: self.version,
      name: '管理者 改',
    });
    expect(rename.statusCode).toBe(200);
  });

  test('another admin can deactivate a user, whose sessions and logins then stop', async () => {
    const { tenant, admin } = await setup();
    const other = await userWithRoles(app(), tenant, ['billing'], admin);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(200);
    const current = (await admin.get(`/api/v1/users/${other.userId}`)).json() as User;
    const off = await admin.patch(`/api/v1/users/${other.userId}`, {
      version: current.version,
      active: false,
    });
    expect(off.statusCode).toBe(200);
    expect((await other.get('/api/v1/auth/me')).statusCode).toBe(401);
    const email = current.email;
    await expect(loginAs(app(), tenant.slug, email, 'another-long-password')).rejects.toThrow(/401/);

    const on = await admin.patch(`/api/v1/users/${other.userId}`, {
      version: current.version + 1,
      active: true,
    });
    expect(on.statusCode).toBe(200);
    await loginAs(app(), tenant.slug, email, 'another-long-password');
  });
});

describe('audit', () => {
  test('create and update appear in GET /audit with actor, before and after', async () => {
    const { tenant, admin } = await setup();
    const user = await createUser(admin, {
      email: `audit@${tenant.slug}.example`,
      name: '監査 前',
      roles: ['legal'],
    });
    await admin.patch(`/api/v1/users/${user.id}`, { version: 1, name: '監査 後', active: false });

    const entries = await auditOf(admin, user.id);
    expect(entries.map((entry) => entry.action)).toEqual(['update', 'create']); // newest first
    const [update, create] = entries as [AuditEntry, AuditEntry];
    for (const entry of entries) {
      expect(entry).toMatchObject({
        entity: 'user',
        entityId: user.id,
        actorId: tenant.adminUserId,
        actorName: '管理者',
      });
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    }
    expect(create.before).toBeNull();
    expect(create.after).toMatchObject({
      email: user.email,
      name: '監査 前',
      roles: ['legal'],
      active: true,
    });
    expect(update.before).toMatchObject({ name: '監査 前', active: true, version: 1 });
    expect(update.after).toMatchObject({ name: '監査 後', active: false, version: 2 });

    // A refused change writes no entry.
    await admin.patch(`/api/v1/users/${user.id}`, { version: 1, name: '古い版' });
    expect(await auditOf(admin, user.id)).toHaveLength(2);
  });

  test('passwords and hashes never appear in audit entries', async () => {
    const { tenant, admin } = await setup();
    const password = 'visible-only-once-77';
    const user = await createUser(admin, { email: `secret@${tenant.slug}.example`, name: '秘密', password });
    const client = await loginAs(app(), tenant.slug, user.email, password);
    const changed = await client.post('/api/v1/auth/password', {
      currentPassword: password,
      newPassword: 'the-second-password-88',
    });
    expect(changed.statusCode).toBe(204);
    await admin.patch(`/api/v1/users/${user.id}`, { version: 1, roles: ['billing'] });

    const entries = await auditOf(admin, user.id);
    expect(entries.map((entry) => entry.action)).toEqual(['update', 'password_change', 'create']);
    const text = JSON.stringify(entries);
    expect(text).not.toContain(password);
    expect(text).not.toContain('the-second-password-88');
    expect(text).not.toMatch(/argon2|passwordHash|password_hash|tokenHash|csrf/i);

    // Nor anywhere in the table, read past the API as the superuser.
    const { rows } = await app().testDatabase.database.executeSql(
      "select count(*)::int as n from audit_log where before::text ~* 'argon2|password|hash' or after::text ~* 'argon2|password|hash'",
    );
    expect(rows[0]?.n).toBe(0);
  });
});
