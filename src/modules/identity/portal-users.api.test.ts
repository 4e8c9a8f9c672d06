// 顧客アカウント管理 through the API (issue 4 item 4): staff create a customer's login, the
// person sets a password through the mailed link and logs in at the same URL as a portal
// principal of that customer, staff search and delete the login (sessions go with it).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../platform/ids/id.js';
import {
  type ApiClient,
  anonymous,
  createTestApp,
  createTestTenant,
  loginAs,
  type TestApp,
  type TestTenant,
  useTestApp,
} from '../../test/app.js';
import { mailsTo, resetTokenOf } from '../../test/mail.js';
import { portalUserFor } from '../../test/portal.js';
import { PORTAL_PERMISSIONS } from './permissions.rules.js';

const app = useTestApp();

interface PortalUser {
  id: string;
  email: string;
  name: string;
  customerId: string;
  customerCode: string;
  customerName: string;
  active: boolean;
  locale: 'ja' | 'en';
  lastLoginAt: string | null;
  createdAt: string;
}

let tenant: TestTenant;
let admin: ApiClient;
let customerId: string;

async function createCustomer(body: Record<string, unknown>): Promise<{ id: string; code: string }> {
  const response = await admin.post('/api/v1/customers', {
    kind: 'organization',
    lifecycle: 'prospect',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  customerId = (await createCustomer({ name: '株式会社ポータル商事', nameKana: 'ポータルショウジ' })).id;
});

describe('create', () => {
  test('a portal user of a customer: no roles, no password, an invitation mail', async () => {
    const email = `Tanaka@Portal.${tenant.slug}.example`;
    const response = await admin.post('/api/v1/portal-users', { customerId, email });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json() as PortalUser & { invitation: string };
    expect(created).toMatchObject({
      email: email.toLowerCase(),
      name: '株式会社ポータル商事',
      customerId,
      customerCode: expect.stringMatching(/^C\d{6}$/),
      customerName: '株式会社ポータル商事',
      active: true,
      locale: 'ja',
      lastLoginAt: null,
      invitation: 'sent',
    });
    const [mail] = await mailsTo(admin, email.toLowerCase());
    expect(mail?.subject).toBe('【Keiyaku】パスワードの設定');
    expect(mail?.text).toContain('株式会社ポータル商事 様');

    const read = await admin.get(`/api/v1/portal-users/${created.id}`);
    expect(read.statusCode).toBe(200);
    const { invitation: _, ...portalUser } = created;
    expect(read.json()).toEqual(portalUser);

    // Not a staff user: the users screens do not show it.
    expect((await admin.get(`/api/v1/users/${created.id}`)).statusCode).toBe(404);
    const staff = (await admin.get('/api/v1/users?limit=200')).json().items as { id: string }[];
    expect(staff.map((user) => user.id)).not.toContain(created.id);

    const audit = await admin.get(`/api/v1/audit?entity=portal_user&id=${created.id}`);
    expect(audit.json().items).toMatchObject([
      { action: 'create', after: { email: email.toLowerCase(), customerId } },
    ]);
  });

  test('a name and a language may be given', async () => {
    const response = await admin.post('/api/v1/portal-users', {
      customerId,
      email: `en-${newId()}@portal.example`,
      name: 'Taro Tanaka',
      locale: 'en',
    });
    expect(response.json()).toMatchObject({ name: 'Taro Tanaka', locale: 'en', invitation: 'sent' });
    const [mail] = await mailsTo(admin, response.json().email);
    expect(mail?.subject).toBe('[Keiyaku] Set your password');
  });

  test('an email already used in the tenant, by staff or portal, answers 422 email_taken', async () => {
    for (const email of [tenant.adminEmail.toUpperCase(), `Tanaka@Portal.${tenant.slug}.example`]) {
      const response = await admin.post('/api/v1/portal-users', { customerId, email });
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('email_taken');
    }
  });

  test('an unknown customer answers 422 customer_not_found; bad input 400', async () => {
    const unknown = await admin.post('/api/v1/portal-users', {
      customerId: newId(),
      email: 'x@portal.example',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'customer_not_found', errors: [{ path: '/customerId' }] });
    expect((await admin.post('/api/v1/portal-users', { customerId, email: 'not-an-email' })).statusCode).toBe(
      400,
    );
    expect((await admin.post('/api/v1/portal-users', { email: 'y@portal.example' })).statusCode).toBe(400);
    expect((await admin.get(`/api/v1/portal-users?limit=200&q=portal.example`)).json().items).toHaveLength(1);
  });

  test('only portal_users.manage may manage portal users', async () => {
    const password = 'billing-password-long';
    const email = `billing-${newId()}@${tenant.slug}.example`;
    await admin.post('/api/v1/users', { email, name: '請求担当', roles: ['billing'], password });
    const billing = await loginAs(app(), tenant.slug, email, password);
    expect((await billing.get('/api/v1/portal-users')).statusCode).toBe(403);
    expect(
      (await billing.post('/api/v1/portal-users', { customerId, email: 'z@portal.example' })).statusCode,
    ).toBe(403);
  });
});

describe('search', () => {
  let other: { id: string; code: string };
  beforeAll(async () => {
    other = await createCustomer({ name: '有限会社サーチ工業', nameKana: 'サーチコウギョウ' });
    for (const email of ['search-one@search.example', 'search-two@search.example']) {
      expect((await admin.post('/api/v1/portal-users', { customerId: other.id, email })).statusCode).toBe(
        201,
      );
    }
  });

  const emails = async (query: string) => {
    const response = await admin.get(`/api/v1/portal-users?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().items as PortalUser[]).map((user) => user.email);
  };

  test('by email, customer name (folded), customer code, or customer', async () => {
    expect(await emails('q=search-one')).toEqual(['search-one@search.example']);
    expect(await emails(`q=${encodeURIComponent('サーチ工業')}`)).toEqual([
      'search-two@search.example',
      'search-one@search.example',
    ]);
    expect(await emails(`q=${encodeURIComponent('(有)さーち')}`)).toHaveLength(2);
    expect(await emails(`q=${other.code.toLowerCase()}`)).toHaveLength(2);
    expect(await emails(`customerId=${other.id}`)).toHaveLength(2);
    expect(await emails(`customerId=${other.id}&q=two`)).toEqual(['search-two@search.example']);
    expect(await emails(`customerId=${newId()}`)).toEqual([]);
  });

  test('pages follow the cursor', async () => {
    const first = (await admin.get(`/api/v1/portal-users?customerId=${other.id}&limit=1`)).json();
    expect(first.items).toHaveLength(1);
    const second = (
      await admin.get(`/api/v1/portal-users?customerId=${other.id}&limit=1&cursor=${first.nextCursor}`)
    ).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(second.items[0].id).not.toBe(first.items[0].id);
  });
});

describe('the portal login', () => {
  test('the mailed link sets a password; login at the same URL is a portal principal of the customer', async () => {
    const portal = await portalUserFor(app(), tenant, admin, { customerId });
    const me = await portal.client.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      id: portal.userId,
      email: portal.email,
      kind: 'portal',
      customerId,
      roles: [],
      permissions: [...PORTAL_PERMISSIONS].sort(),
      devOutbox: false,
    });
    const listed = (await admin.get(`/api/v1/portal-users/${portal.userId}`)).json();
    expect(listed.lastLoginAt).not.toBeNull();

    // Staff screens answer 403 (every route is checked in the authorization matrix).
    for (const url of [
      '/api/v1/customers',
      `/api/v1/customers/${customerId}`,
      '/api/v1/users',
      '/api/v1/portal-users',
    ]) {
      const response = await portal.client.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
    expect(
      (await portal.client.post('/api/v1/portal-users', { customerId, email: 'self@portal.example' }))
        .statusCode,
    ).toBe(403);
  });

  test('forgot password works for a portal user as for staff', async () => {
    const portal = await portalUserFor(app(), tenant, admin, { customerId });
    const requested = await anonymous(app()).post('/api/v1/auth/password-reset', {
      tenant: tenant.slug,
      email: portal.email,
    });
    expect(requested.statusCode).toBe(202);
    await app().background.settled();
    const [mail] = await mailsTo(admin, portal.email);
    expect(mail?.subject).toBe('【Keiyaku】パスワードの再設定');
    const confirmed = await anonymous(app()).post('/api/v1/auth/password-reset/confirm', {
      token: resetTokenOf(mail!.text),
      password: 'a-new-portal-password',
    });
    expect(confirmed.statusCode).toBe(204);
    await loginAs(app(), tenant.slug, portal.email, 'a-new-portal-password');
  });

  test('the invitation can be sent again', async () => {
    const email = `again-${newId()}@portal.example`;
    const created = (await admin.post('/api/v1/portal-users', { customerId, email })).json();
    const again = await admin.post(`/api/v1/portal-users/${created.id}/invitation`);
    expect(again.statusCode).toBe(202);
    expect(await mailsTo(admin, email)).toHaveLength(2);
    expect((await admin.post(`/api/v1/portal-users/${newId()}/invitation`)).statusCode).toBe(404);
  });
});

describe('delete', () => {
  test('deletes the login for good: sessions, tokens and links end with it; audited', async () => {
    const portal = await portalUserFor(app(), tenant, admin, { customerId });
    const token = await portal.client.post('/api/v1/api-tokens', { name: 'portal token' });
    expect(token.statusCode).toBe(201);
    const deleted = await admin.delete(`/api/v1/portal-users/${portal.userId}`);
    expect(deleted.statusCode).toBe(204);

    expect((await portal.client.get('/api/v1/auth/me')).statusCode).toBe(401);
    const bearer = await app().app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: `Bearer ${token.json().token}` },
    });
    expect(bearer.statusCode).toBe(401);
    const login = await anonymous(app()).post('/api/v1/auth/login', {
      tenant: tenant.slug,
      email: portal.email,
      password: portal.password,
    });
    expect(login.statusCode).toBe(401);
    expect((await admin.get(`/api/v1/portal-users/${portal.userId}`)).statusCode).toBe(404);
    const again = await admin.delete(`/api/v1/portal-users/${portal.userId}`);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('portal_user_not_found');

    const audit = (await admin.get(`/api/v1/audit?entity=portal_user&id=${portal.userId}`)).json().items;
    expect(audit[0]).toMatchObject({ action: 'delete', before: { email: portal.email, customerId } });
    // The email is free again.
    expect((await admin.post('/api/v1/portal-users', { customerId, email: portal.email })).statusCode).toBe(
      201,
    );
  });

  test('staff users cannot be deleted through this route', async () => {
    const response = await admin.delete(`/api/v1/portal-users/${tenant.adminUserId}`);
    expect(response.statusCode).toBe(404);
    expect((await admin.get(`/api/v1/users/${tenant.adminUserId}`)).statusCode).toBe(200);
  });
});

describe('mail down', () => {
  let down: TestApp;
  beforeAll(async () => {
    // Port 1: nobody listens, the connection is refused at once.
    down = await createTestApp({ config: { smtpUrl: 'smtp://127.0.0.1:1' } });
  }, 60_000);
  afterAll(async () => {
    await down?.close();
  });

  test('the portal user exists, the answer says the invitation failed; sending it again answers 503', async () => {
    const downTenant = await createTestTenant(down.database);
    const downAdmin = await loginAs(down, downTenant.slug, downTenant.adminEmail, downTenant.adminPassword);
    const customer = await downAdmin.post('/api/v1/customers', {
      kind: 'person',
      name: '招待 待ち',
      lifecycle: 'prospect',
    });
    const created = await downAdmin.post('/api/v1/portal-users', {
      customerId: customer.json().id,
      email: `unreachable@${downTenant.slug}.example`,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().invitation).toBe('failed');
    const audit = (await downAdmin.get(`/api/v1/audit?entity=portal_user&id=${created.json().id}`)).json()
      .items;
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['invitation_failed', 'create']);
    const again = await downAdmin.post(`/api/v1/portal-users/${created.json().id}/invitation`);
    expect(again.statusCode).toBe(503);
    expect(again.json().code).toBe('mail_delivery_failed');
  });
});
