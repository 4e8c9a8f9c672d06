// Org units as a tree (issue 3 item 3, admin screen "org units"): create under a parent,
// move, refuse cycles, delete only what is unused, unique codes, version checks and the
// audit trail of every change.
import { describe, expect, test } from 'vitest';
import { type ApiClient, createTestTenant, loginAs, type TestTenant, useTestApp } from '../../test/app.js';

const app = useTestApp();

interface OrgUnit {
  id: string;
  parentId: string | null;
  code: string | null;
  name: string;
  kind: 'head_office' | 'branch' | 'back_office' | 'sales' | 'other';
  version: number;
}

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

async function create(admin: ApiClient, body: Record<string, unknown>): Promise<OrgUnit> {
  const response = await admin.post('/api/v1/org-units', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as OrgUnit;
}

async function list(admin: ApiClient): Promise<OrgUnit[]> {
  const response = await admin.get('/api/v1/org-units');
  expect(response.statusCode).toBe(200);
  return response.json().items as OrgUnit[];
}

async function unit(admin: ApiClient, id: string): Promise<OrgUnit | undefined> {
  return (await list(admin)).find((u) => u.id === id);
}

describe('org unit tree', () => {
  test('a new tenant has its head office; units are created under a parent and listed flat with parentId', async () => {
    const { admin } = await setup();
    const [hq] = await list(admin);
    expect(hq).toMatchObject({ name: '本社', code: 'HQ', kind: 'head_office', parentId: null, version: 1 });

    const tokyo = await create(admin, { name: '東京支店', code: 'TYO', kind: 'branch', parentId: hq!.id });
    expect(tokyo).toMatchObject({
      name: '東京支店',
      code: 'TYO',
      kind: 'branch',
      parentId: hq!.id,
      version: 1,
    });
    const sales = await create(admin, { name: '東京 法人営業課', kind: 'sales', parentId: tokyo.id });
    expect(sales).toMatchObject({ parentId: tokyo.id, code: null });
    // Kind defaults to other; the name is trimmed.
    const plain = await create(admin, { name: '  総務  ' });
    expect(plain).toMatchObject({ name: '総務', kind: 'other', parentId: null });

    const units = await list(admin);
    expect(units).toHaveLength(4);
    expect(units.find((u) => u.id === sales.id)).toEqual(sales);
  });

  test('a parent that does not exist is refused with 422 org_unit_not_found', async () => {
    const { admin } = await setup();
    const response = await admin.post('/api/v1/org-units', {
      name: '迷子',
      parentId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('org_unit_not_found');
    expect(await list(admin)).toHaveLength(1);
  });

  test('moving a unit to another parent and back to the top', async () => {
    const { admin } = await setup();
    const east = await create(admin, { name: '東日本', kind: 'branch' });
    const west = await create(admin, { name: '西日本', kind: 'branch' });
    const osaka = await create(admin, { name: '大阪支店', kind: 'branch', parentId: east.id });

    const moved = await admin.patch(`/api/v1/org-units/${osaka.id}`, { version: 1, parentId: west.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ parentId: west.id, version: 2, name: '大阪支店' });
    expect((await unit(admin, osaka.id))?.parentId).toBe(west.id);

    const top = await admin.patch(`/api/v1/org-units/${osaka.id}`, { version: 2, parentId: null });
    expect(top.statusCode).toBe(200);
    expect(top.json()).toMatchObject({ parentId: null, version: 3 });
  });

  test('moving a unit under itself or under its own descendant answers 422 org_unit_cycle', async () => {
    const { admin } = await setup();
    const a = await create(admin, { name: 'A' });
    const b = await create(admin, { name: 'B', parentId: a.id });
    const c = await create(admin, { name: 'C', parentId: b.id });

    for (const parentId of [a.id, b.id, c.id]) {
      const response = await admin.patch(`/api/v1/org-units/${a.id}`, { version: 1, parentId });
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('org_unit_cycle');
    }
    expect(await unit(admin, a.id)).toEqual(a);
    // Moving the middle unit under its own child is a cycle too; moving the leaf up is fine.
    const middle = await admin.patch(`/api/v1/org-units/${b.id}`, { version: 1, parentId: c.id });
    expect(middle.json().code).toBe('org_unit_cycle');
    const leaf = await admin.patch(`/api/v1/org-units/${c.id}`, { version: 1, parentId: a.id });
    expect(leaf.statusCode).toBe(200);
  });

  test('rename and recode with version; a stale version answers 409 version_conflict', async () => {
    const { admin } = await setup();
    const created = await create(admin, { name: '名古屋支店', code: 'NGY', kind: 'branch' });
    const renamed = await admin.patch(`/api/v1/org-units/${created.id}`, {
      version: 1,
      name: '名古屋営業所',
      code: 'NGO',
      kind: 'sales',
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '名古屋営業所', code: 'NGO', kind: 'sales', version: 2 });

    const stale = await admin.patch(`/api/v1/org-units/${created.id}`, { version: 1, name: '古い画面から' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await unit(admin, created.id))?.name).toBe('名古屋営業所');

    const unknown = await admin.patch('/api/v1/org-units/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', {
      version: 1,
    });
    expect(unknown.statusCode).toBe(404);
  });
});

describe('codes', () => {
  test('a code used by another unit is refused on create and on edit; the own code may be kept', async () => {
    const { admin } = await setup();
    const fukuoka = await create(admin, { name: '福岡支店', code: 'FUK' });
    const sendai = await create(admin, { name: '仙台支店', code: 'SDJ' });

    const duplicate = await admin.post('/api/v1/org-units', { name: '福岡 第二', code: 'FUK' });
    expect(duplicate.statusCode).toBe(422);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(duplicate.json().errors).toEqual([expect.objectContaining({ path: '/code' })]);

    const recode = await admin.patch(`/api/v1/org-units/${sendai.id}`, { version: 1, code: 'FUK' });
    expect(recode.statusCode).toBe(422);
    expect(recode.json().errors).toEqual([expect.objectContaining({ path: '/code' })]);

    const keep = await admin.patch(`/api/v1/org-units/${fukuoka.id}`, {
      version: 1,
      code: 'FUK',
      name: '福岡',
    });
    expect(keep.statusCode).toBe(200);
    expect(await list(admin)).toHaveLength(3);
  });

  test('two units created at once with the same code: one is created, the other refused, never a 500', async () => {
    const { admin } = await setup();
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        admin.post('/api/v1/org-units', { name: `同時 ${i}`, code: 'RACE' }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses).toEqual([201, 422, 422, 422, 422, 422]);
    expect((await list(admin)).filter((u) => u.code === 'RACE')).toHaveLength(1);
  });

  test('units without a code do not collide', async () => {
    const { admin } = await setup();
    await create(admin, { name: 'コードなし 1' });
    await create(admin, { name: 'コードなし 2', code: null });
    await create(admin, { name: 'コードなし 3', code: '' });
    expect((await list(admin)).filter((u) => u.code === null)).toHaveLength(3);
  });
});

describe('delete', () => {
  test('an unused unit is deleted (204) and leaves the list', async () => {
    const { admin } = await setup();
    const temp = await create(admin, { name: '一時組織' });
    const deleted = await admin.delete(`/api/v1/org-units/${temp.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect(await unit(admin, temp.id)).toBeUndefined();
    expect((await admin.delete(`/api/v1/org-units/${temp.id}`)).statusCode).toBe(404);
  });

  test('a unit with child units or with users answers 422 org_unit_in_use and stays', async () => {
    const { tenant, admin } = await setup();
    const parent = await create(admin, { name: '親組織' });
    const child = await create(admin, { name: '子組織', parentId: parent.id });
    const withChild = await admin.delete(`/api/v1/org-units/${parent.id}`);
    expect(withChild.statusCode).toBe(422);
    expect(withChild.json().code).toBe('org_unit_in_use');

    const member = await admin.post('/api/v1/users', {
      email: `member@${tenant.slug}.example`,
      name: '所属 太郎',
      roles: [],
      orgUnitId: child.id,
    });
    expect(member.statusCode).toBe(201);
    const withUser = await admin.delete(`/api/v1/org-units/${child.id}`);
    expect(withUser.statusCode).toBe(422);
    expect(withUser.json().code).toBe('org_unit_in_use');
    expect(await unit(admin, parent.id)).toBeDefined();
    expect(await unit(admin, child.id)).toBeDefined();

    // Once the user moves away and the child is gone, both can be deleted.
    const moved = await admin.patch(`/api/v1/users/${member.json().id}`, { version: 1, orgUnitId: null });
    expect(moved.statusCode).toBe(200);
    expect((await admin.delete(`/api/v1/org-units/${child.id}`)).statusCode).toBe(204);
    expect((await admin.delete(`/api/v1/org-units/${parent.id}`)).statusCode).toBe(204);
  });
});

describe('audit', () => {
  test('create, move and delete appear in GET /audit?entity=org_unit with actor, before and after', async () => {
    const { tenant, admin } = await setup();
    const [hq] = await list(admin);
    const created = await create(admin, { name: '札幌支店', code: 'SPK', kind: 'branch' });
    await admin.patch(`/api/v1/org-units/${created.id}`, {
      version: 1,
      parentId: hq!.id,
      name: '札幌営業所',
    });
    // Refused changes write nothing.
    await admin.patch(`/api/v1/org-units/${created.id}`, { version: 1, name: '古い' });
    await admin.patch(`/api/v1/org-units/${created.id}`, { version: 2, parentId: created.id });
    expect((await admin.delete(`/api/v1/org-units/${created.id}`)).statusCode).toBe(204);

    const response = await admin.get(`/api/v1/audit?entity=org_unit&id=${created.id}`);
    expect(response.statusCode).toBe(200);
    const entries = response.json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['delete', 'update', 'create']);
    for (const entry of entries) {
      expect(entry).toMatchObject({ entity: 'org_unit', entityId: created.id, actorId: tenant.adminUserId });
    }
    const [deleted, updated, createdEntry] = entries;
    expect(createdEntry.before).toBeNull();
    expect(createdEntry.after).toMatchObject({ name: '札幌支店', code: 'SPK', parentId: null });
    expect(updated.before).toMatchObject({ name: '札幌支店', parentId: null, version: 1 });
    expect(updated.after).toMatchObject({ name: '札幌営業所', parentId: hq!.id, version: 2 });
    expect(deleted.before).toMatchObject({ name: '札幌営業所', version: 2 });
    expect(deleted.after).toBeNull();
  });
});
