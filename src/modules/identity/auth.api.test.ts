import { describe, expect, test } from 'vitest';
import {
  anonymous,
  createTestApp,
  createTestTenant,
  loginAs,
  type TestTenant,
  useTestApp,
  withBearer,
} from '../../test/app.js';

const app = useTestApp();

async function tenant(): Promise<TestTenant> {
  return createTestTenant(app().database);
}

describe('login', () => {
  test('sets an HttpOnly SameSite=Lax session cookie and answers the user with permissions', async () => {
    const t = await tenant();
    const response = await anonymous(app()).post('/api/v1/auth/login', {
      tenant: t.slug,
      email: t.adminEmail.toUpperCase(),
      password: t.adminPassword,
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'keiyaku_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    const me = response.json();
    expect(me.email).toBe(t.adminEmail);
    expect(me.roles).toEqual(['admin']);
    expect(me.permissions).toContain('users.manage');
    expect(me.tenant.slug).toBe(t.slug);
    expect(typeof me.csrfToken).toBe('string');
  });

  test('gives the same answer for a wrong password, an unknown email and an unknown tenant', async () => {
    const t = await tenant();
    const client = anonymous(app());
    const answers = await Promise.all([
      client.post('/api/v1/auth/login', {
        tenant: t.slug,
        email: t.adminEmail,
        password: 'wrong-password-x',
      }),
      client.post('/api/v1/auth/login', {
        tenant: t.slug,
        email: 'nobody@nowhere.example',
        password: 'wrong-password-x',
      }),
      client.post('/api/v1/auth/login', {
        tenant: 'no-such-tenant',
        email: t.adminEmail,
        password: 'wrong-password-x',
      }),
    ]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json().code).toBe('invalid_credentials');
      expect(answer.cookies).toHaveLength(0);
    }
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
  });

  test('rotates the session: the cookie from before login stops working', async () => {
    const t = await tenant();
    const first = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    const second = await anonymous(app()).post(
      '/api/v1/auth/login',
      { tenant: t.slug, email: t.adminEmail, password: t.adminPassword },
      { cookie: first.cookie! },
    );
    expect(second.statusCode).toBe(200);
    expect((await first.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  test('logout revokes the session', async () => {
    const t = await tenant();
    const client = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/auth/me')).statusCode).toBe(401);
  });

  test('unsafe requests with a cookie session need the CSRF token', async () => {
    const t = await tenant();
    const client = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    const withoutToken = await app().app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie: client.cookie! },
      payload: { name: 'x' },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().code).toBe('csrf_token_invalid');
    const wrongToken = await client.post('/api/v1/api-tokens', { name: 'x' }, { 'x-csrf-token': 'forged' });
    expect(wrongToken.statusCode).toBe(403);
    expect((await client.post('/api/v1/api-tokens', { name: 'x' })).statusCode).toBe(201);
  });

  test('me without a session answers 401 problem+json', async () => {
    const response = await anonymous(app()).get('/api/v1/auth/me');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });

  test('a forged or foreign-tenant cookie is no session', async () => {
    const t = await tenant();
    const other = await tenant();
    const client = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    const secret = client.cookie!.split('.').slice(1).join('.');
    const moved = `keiyaku_session=${other.tenantId}.${secret}`;
    expect(
      (await app().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: moved } }))
        .statusCode,
    ).toBe(401);
    const garbage = 'keiyaku_session=not-a-credential';
    expect(
      (await app().app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: garbage } }))
        .statusCode,
    ).toBe(401);
  });
});

describe('login rate limit', () => {
  test('refuses with 429 after too many attempts for one account, others unaffected', async () => {
    const limited = await createTestApp({ config: { loginRateLimitPerMinute: 3 } });
    try {
      const t = await createTestTenant(limited.database);
      const client = anonymous(limited);
      const attempt = (email: string) =>
        client.post('/api/v1/auth/login', { tenant: t.slug, email, password: 'wrong-password-x' });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await attempt(t.adminEmail)).statusCode);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const refused = await attempt(t.adminEmail);
      expect(refused.json().code).toBe('rate_limited');
      // Even the right password is refused while the limit holds.
      const right = await client.post('/api/v1/auth/login', {
        tenant: t.slug,
        email: t.adminEmail,
        password: t.adminPassword,
      });
      expect(right.statusCode).toBe(429);
      expect((await attempt('someone-else@example.jp')).statusCode).toBe(401);
    } finally {
      await limited.close();
    }
  });
});

describe('password change', () => {
  test('needs the current password, ends other sessions and keeps this one working', async () => {
    const t = await tenant();
    const here = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    const elsewhere = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    const wrong = await here.post('/api/v1/auth/password', {
      currentPassword: 'not-it-at-all',
      newPassword: 'a-new-long-password',
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().code).toBe('password_incorrect');
    const weak = await here.post('/api/v1/auth/password', {
      currentPassword: t.adminPassword,
      newPassword: 'short',
    });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('password_too_weak');

    const changed = await here.post('/api/v1/auth/password', {
      currentPassword: t.adminPassword,
      newPassword: 'a-new-long-password',
    });
    expect(changed.statusCode).toBe(204);
    const rotated = changed.cookies.find((c) => c.name === 'keiyaku_session');
    expect(rotated).toBeDefined();
    expect((await elsewhere.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await here.get('/api/v1/auth/me')).statusCode).toBe(401);
    const me = await app().app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `keiyaku_session=${rotated!.value}` },
    });
    expect(me.statusCode).toBe(200);
    await expect(loginAs(app(), t.slug, t.adminEmail, t.adminPassword)).rejects.toThrow(/401/);
    await loginAs(app(), t.slug, t.adminEmail, 'a-new-long-password');
  });
});

describe('API tokens', () => {
  test('are shown once, stored hashed, act as their user and stop when revoked', async () => {
    const t = await tenant();
    const admin = await loginAs(app(), t.slug, t.adminEmail, t.adminPassword);
    const created = await admin.post('/api/v1/api-tokens', { name: '連携システム' });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^kyk_[0-9a-f]{32}_/);

    const listed = (await admin.get('/api/v1/api-tokens')).json();
    expect(listed.items).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(token);
    const stored = await app().testDatabase.database.executeSql(
      'select token_hash from api_tokens where id = $1',
      [id],
    );
    expect(String(stored.rows[0]?.token_hash)).not.toContain(token.split('_')[2]);

    const bearer = withBearer(app(), token);
    const me = await bearer.get('/api/v1/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().email).toBe(t.adminEmail);
    // Bearer clients need no CSRF token.
    expect((await bearer.post('/api/v1/org-units', { name: 'API支店' })).statusCode).toBe(201);

    expect((await admin.delete(`/api/v1/api-tokens/${id}`)).statusCode).toBe(204);
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(401);

    // Both are in the audit log, by their user, without the token or its hash.
    const audit = await admin.get(`/api/v1/audit?entity=api_token&id=${id}`);
    expect(audit.statusCode, audit.body).toBe(200);
    const entries = audit.json().items as { action: string; actorId: string | null }[];
    expect(entries.map((entry) => entry.action).sort()).toEqual(['create', 'revoke']);
    expect(entries.every((entry) => entry.actorId === t.adminUserId)).toBe(true);
    expect(audit.body).not.toContain(token.split('_')[2]);
    expect(audit.body).not.toContain(String(stored.rows[0]?.token_hash));
  });

  test('a malformed bearer token is 401, not 500', async () => {
    const response = await withBearer(app(), 'kyk_zzz').get('/api/v1/auth/me');
    expect(response.statusCode).toBe(401);
  });
});
