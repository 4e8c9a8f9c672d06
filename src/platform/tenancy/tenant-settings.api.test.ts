// Tenant settings (issue 3 item 3, admin screen "tenant settings"): defaults, the invoice
// registration number (T + 13 digits with its check digit), time zone, tax settings, version
// checks and the audit trail.
import { describe, expect, test } from 'vitest';
import { type ApiClient, createTestTenant, loginAs, type TestTenant, useTestApp } from '../../test/app.js';

const app = useTestApp();

interface Tenant {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  currency: string;
  taxSettings: { standardRate: number; reducedRate: number; rounding: 'floor' | 'half_up' | 'ceil' };
  invoiceRegistrationNumber: string | null;
  version: number;
}

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

async function settings(client: ApiClient): Promise<Tenant> {
  const response = await client.get('/api/v1/tenant');
  expect(response.statusCode).toBe(200);
  return response.json() as Tenant;
}

describe('tenant settings', () => {
  test('a new tenant starts in Asia/Tokyo, JPY, 10 % / 8 % tax rounded down, no registration number', async () => {
    const { tenant, admin } = await setup();
    expect(await settings(admin)).toEqual({
      id: tenant.tenantId,
      slug: tenant.slug,
      name: `テスト株式会社 ${tenant.slug}`,
      timeZone: 'Asia/Tokyo',
      currency: 'JPY',
      taxSettings: { standardRate: 10, reducedRate: 8, rounding: 'floor' },
      invoiceRegistrationNumber: null,
      version: 1,
    });
  });

  test('a valid registration number is saved; it can be cleared again', async () => {
    const { admin } = await setup();
    const saved = await admin.patch('/api/v1/tenant', {
      version: 1,
      invoiceRegistrationNumber: 'T7123456789012',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ invoiceRegistrationNumber: 'T7123456789012', version: 2 });
    expect((await settings(admin)).invoiceRegistrationNumber).toBe('T7123456789012');

    const cleared = await admin.patch('/api/v1/tenant', { version: 2, invoiceRegistrationNumber: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().invoiceRegistrationNumber).toBeNull();
  });

  test.each([
    ['a wrong check digit', 'T8123456789012'],
    ['no leading T', '71234567890123'],
    ['a lowercase t', 't7123456789012'],
    ['12 digits', 'T712345678901'],
    ['a letter among the digits', 'T712345678901A'],
    ['full-width digits', 'T７１２３４５６７８９０１２'],
  ])(
    'a registration number with %s is refused with 422 registration_number_invalid',
    async (_label, value) => {
      const { admin } = await setup();
      const response = await admin.patch('/api/v1/tenant', { version: 1, invoiceRegistrationNumber: value });
      expect(response.statusCode).toBe(422);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().code).toBe('registration_number_invalid');
      // Nothing was written.
      expect(await settings(admin)).toMatchObject({ invoiceRegistrationNumber: null, version: 1 });
    },
  );

  test('a registration number longer than 14 characters is refused by the schema (400)', async () => {
    const { admin } = await setup();
    const response = await admin.patch('/api/v1/tenant', {
      version: 1,
      invoiceRegistrationNumber: 'T71234567890123',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
  });

  test('the time zone must be a real IANA zone', async () => {
    const { admin } = await setup();
    for (const timeZone of ['Asia/Nowhere', 'JST+9', 'Tokyo']) {
      const refused = await admin.patch('/api/v1/tenant', { version: 1, timeZone });
      expect(refused.statusCode, timeZone).toBe(422);
      expect(refused.json().code).toBe('time_zone_invalid');
    }
    const saved = await admin.patch('/api/v1/tenant', { version: 1, timeZone: 'America/Los_Angeles' });
    expect(saved.statusCode).toBe(200);
    expect((await settings(admin)).timeZone).toBe('America/Los_Angeles');
  });

  test('tax settings and the name are saved; invalid tax settings are refused with 400', async () => {
    const { admin } = await setup();
    const taxSettings = { standardRate: 10, reducedRate: 8, rounding: 'half_up' };
    const saved = await admin.patch('/api/v1/tenant', { version: 1, taxSettings, name: '新社名株式会社' });
    expect(saved.statusCode).toBe(200);
    expect(await settings(admin)).toMatchObject({ taxSettings, name: '新社名株式会社', version: 2 });

    for (const bad of [
      { standardRate: 10, reducedRate: 8, rounding: 'bankers' },
      { standardRate: 101, reducedRate: 8, rounding: 'floor' },
      { standardRate: 10, reducedRate: -1, rounding: 'floor' },
      { standardRate: 10, rounding: 'floor' },
      { standardRate: 10.5, reducedRate: 8, rounding: 'floor' },
    ]) {
      const refused = await admin.patch('/api/v1/tenant', { version: 2, taxSettings: bad });
      expect(refused.statusCode, JSON.stringify(bad)).toBe(400);
      expect(refused.json().code).toBe('validation_failed');
    }
    expect((await settings(admin)).taxSettings).toEqual(taxSettings);
  });

  test('a stale version answers 409 version_conflict; slug and currency cannot be changed', async () => {
    const { admin } = await setup();
    expect((await admin.patch('/api/v1/tenant', { version: 1, name: '一回目' })).statusCode).toBe(200);
    const stale = await admin.patch('/api/v1/tenant', { version: 1, name: '古い画面から' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('version_conflict');
    expect((await settings(admin)).name).toBe('一回目');

    for (const field of [{ slug: 'other-slug' }, { currency: 'USD' }]) {
      const refused = await admin.patch('/api/v1/tenant', { version: 2, ...field });
      expect(refused.statusCode).toBe(400);
    }
  });

  test('every user may read the settings; only tenant.manage may change them', async () => {
    const { tenant, admin } = await setup();
    const created = await admin.post('/api/v1/users', {
      email: `reader@${tenant.slug}.example`,
      name: '閲覧者',
      roles: ['sales_rep'],
      password: 'reader-password-1',
    });
    expect(created.statusCode).toBe(201);
    const rep = await loginAs(app(), tenant.slug, `reader@${tenant.slug}.example`, 'reader-password-1');
    expect((await settings(rep)).id).toBe(tenant.tenantId);
    const refused = await rep.patch('/api/v1/tenant', { version: 1, name: '乗っ取り' });
    expect(refused.statusCode).toBe(403);
    expect((await settings(admin)).version).toBe(1);
  });

  test('changes appear in GET /audit?entity=tenant with actor, before and after; refused ones do not', async () => {
    const { tenant, admin } = await setup();
    await admin.patch('/api/v1/tenant', { version: 1, invoiceRegistrationNumber: 'T7123456789012' });
    await admin.patch('/api/v1/tenant', { version: 1, name: '古い' }); // stale
    await admin.patch('/api/v1/tenant', { version: 2, invoiceRegistrationNumber: 'T1234567890123' }); // refused
    await admin.patch('/api/v1/tenant', {
      version: 2,
      timeZone: 'Asia/Seoul',
      taxSettings: { standardRate: 10, reducedRate: 8, rounding: 'ceil' },
    });

    const response = await admin.get(`/api/v1/audit?entity=tenant&id=${tenant.tenantId}`);
    expect(response.statusCode).toBe(200);
    // The tenant's creation is audited too (by the system); the two changes follow it.
    const all = response.json().items as {
      action: string;
      actorName: string;
      before: unknown;
      after: unknown;
    }[];
    expect(all.at(-1)).toMatchObject({ action: 'create', actorName: 'system' });
    const entries = all.filter((entry) => entry.action === 'update');
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        entity: 'tenant',
        entityId: tenant.tenantId,
        action: 'update',
        actorId: tenant.adminUserId,
        actorName: '管理者',
      });
    }
    const [second, first] = entries as [(typeof entries)[number], (typeof entries)[number]];
    expect(first.before).toMatchObject({ invoiceRegistrationNumber: null, version: 1 });
    expect(first.after).toMatchObject({ invoiceRegistrationNumber: 'T7123456789012', version: 2 });
    expect(second.before).toMatchObject({ timeZone: 'Asia/Tokyo', taxSettings: { rounding: 'floor' } });
    expect(second.after).toMatchObject({
      timeZone: 'Asia/Seoul',
      taxSettings: { rounding: 'ceil' },
      version: 3,
    });
  });
});
