// Password reset by mail (issue 3 item 3): the forgot-password request, the mail in the dev
// outbox, the confirmation, and the link's rules (single use, 60 minutes, hashed at rest,
// replaced by a newer one); admin-sent resets and invitation mails.
import { describe, expect, test } from 'vitest';
import {
  type ApiClient,
  anonymous,
  createTestTenant,
  loginAs,
  type TestTenant,
  useTestApp,
} from '../../test/app.js';
import { mailsTo, outbox, resetLinkOf, resetTokenOf } from '../../test/mail.js';

const app = useTestApp();

const NEW_PASSWORD = 'brand-new-secret-42';

interface Setup {
  tenant: TestTenant;
  admin: ApiClient;
}

async function setup(): Promise<Setup> {
  const tenant = await createTestTenant(app().database);
  const admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

/** A staff user with a password, created through the API. */
async function staffUser(admin: ApiClient, tenant: TestTenant, locale: 'ja' | 'en' = 'ja') {
  const email = `staff-${Math.random().toString(36).slice(2, 8)}@${tenant.slug}.example`;
  const password = 'first-password-123';
  const created = await admin.post('/api/v1/users', {
    email,
    name: '受付 一郎',
    roles: ['order_desk'],
    password,
    locale,
  });
  expect(created.statusCode).toBe(201);
  return { id: String(created.json().id), email, password, version: Number(created.json().version) };
}

/** Requests a reset and waits for the mail work the server does after answering. */
async function requestReset(tenant: string, email: string) {
  const response = await anonymous(app()).post('/api/v1/auth/password-reset', { tenant, email });
  await app().background.settled();
  return response;
}

const confirm = (token: string, password: string) =>
  anonymous(app()).post('/api/v1/auth/password-reset/confirm', { token, password });

const tryLogin = (tenant: string, email: string, password: string) =>
  anonymous(app()).post('/api/v1/auth/login', { tenant, email, password });

async function countOutboxRows(): Promise<number> {
  const { rows } = await app().testDatabase.database.executeSql('select count(*)::int as n from mail_outbox');
  return Number(rows[0]?.n);
}

describe('password reset by mail', () => {
  test('the request mails a link; the link sets the password and ends every session of the user', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    const session = await loginAs(app(), tenant.slug, user.email, user.password);

    // The forgot-password form accepts the email in any case.
    const requested = await requestReset(tenant.slug, user.email.toUpperCase());
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toEqual({ accepted: true });

    const mails = await mailsTo(admin, user.email);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe('【Keiyaku】パスワードの再設定');
    expect(mail.text).toContain('60分以内');
    const link = resetLinkOf(mail.text);
    expect(`${link.origin}${link.pathname}`).toBe('http://keiyaku.test/reset-password');

    const confirmed = await confirm(resetTokenOf(mail.text), NEW_PASSWORD);
    expect(confirmed.statusCode).toBe(204);

    // The session from before the reset is gone; the old password no longer works.
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    const old = await tryLogin(tenant.slug, user.email, user.password);
    expect(old.statusCode).toBe(401);
    const fresh = await tryLogin(tenant.slug, user.email, NEW_PASSWORD);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().email).toBe(user.email);
  });

  test('the link works once: a second confirmation answers 422 reset_token_invalid', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    await requestReset(tenant.slug, user.email);
    const token = resetTokenOf((await mailsTo(admin, user.email))[0]!.text);

    expect((await confirm(token, NEW_PASSWORD)).statusCode).toBe(204);
    const again = await confirm(token, 'yet-another-password-1');
    expect(again.statusCode).toBe(422);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('reset_token_invalid');
    // The password set by the first confirmation stays.
    expect((await tryLogin(tenant.slug, user.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect((await tryLogin(tenant.slug, user.email, 'yet-another-password-1')).statusCode).toBe(401);
  });

  test('a refused weak password leaves the link usable', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    await requestReset(tenant.slug, user.email);
    const token = resetTokenOf((await mailsTo(admin, user.email))[0]!.text);

    const weak = await confirm(token, 'short');
    expect(weak.statusCode).toBe(422);
    expect(weak.json().code).toBe('password_too_weak');
    expect((await tryLogin(tenant.slug, user.email, user.password)).statusCode).toBe(200);
    expect((await confirm(token, NEW_PASSWORD)).statusCode).toBe(204);
  });

  test('the link expires 60 minutes after the request', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    const before = Date.now();
    await requestReset(tenant.slug, user.email);
    const after = Date.now();
    const token = resetTokenOf((await mailsTo(admin, user.email))[0]!.text);

    const { rows } = await app().testDatabase.database.executeSql(
      'select expires_at from password_reset_tokens where user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    const expiresAt = new Date(String(rows[0]!.expires_at)).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60 * 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + 60 * 60_000 + 1000);

    // 59 minutes later the link still works ... (simulated by moving the expiry, as the superuser)
    const moveExpiry = (sql: string) =>
      app().testDatabase.database.executeSql(
        `update password_reset_tokens set expires_at = ${sql} where user_id = $1`,
        [user.id],
      );
    await moveExpiry("now() + interval '1 minute'");
    const weak = await confirm(token, 'short');
    expect(weak.json().code).toBe('password_too_weak'); // the token itself was accepted

    // ... and 61 minutes later it does not.
    await moveExpiry("now() - interval '1 minute'");
    const expired = await confirm(token, NEW_PASSWORD);
    expect(expired.statusCode).toBe(422);
    expect(expired.json().code).toBe('reset_token_invalid');
    expect((await tryLogin(tenant.slug, user.email, user.password)).statusCode).toBe(200);
  });

  test('the token is stored hashed: the secret of the link is nowhere in password_reset_tokens', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    await requestReset(tenant.slug, user.email);
    const token = resetTokenOf((await mailsTo(admin, user.email))[0]!.text);
    const secret = token.slice(token.indexOf('.') + 1);
    expect(secret.length).toBeGreaterThanOrEqual(20);

    const { rows } = await app().testDatabase.database.executeSql(
      'select row_to_json(t)::text as json from password_reset_tokens t where user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    const stored = String(rows[0]!.json);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(token);
  });

  test('a new request replaces the earlier link', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    await requestReset(tenant.slug, user.email);
    await requestReset(tenant.slug, user.email);
    const mails = await mailsTo(admin, user.email); // newest first
    expect(mails).toHaveLength(2);
    const [newer, older] = mails.map((mail) => resetTokenOf(mail.text));
    expect(newer).not.toBe(older);

    const stale = await confirm(older!, NEW_PASSWORD);
    expect(stale.statusCode).toBe(422);
    expect(stale.json().code).toBe('reset_token_invalid');
    expect((await confirm(newer!, NEW_PASSWORD)).statusCode).toBe(204);
  });

  test('unknown email or tenant: the same 202 answer and no mail written', async () => {
    const { tenant, admin } = await setup();
    const rowsBefore = await countOutboxRows();
    const known = await requestReset(tenant.slug, tenant.adminEmail);
    expect(await countOutboxRows()).toBe(rowsBefore + 1);

    const unknownEmail = await requestReset(tenant.slug, 'nobody@nowhere.example');
    const unknownTenant = await requestReset('no-such-tenant', tenant.adminEmail);
    for (const answer of [unknownEmail, unknownTenant]) {
      expect(answer.statusCode).toBe(known.statusCode);
      expect(answer.headers['content-type']).toBe(known.headers['content-type']);
      expect(answer.body).toBe(known.body);
    }
    expect(await countOutboxRows()).toBe(rowsBefore + 1);
    expect(await mailsTo(admin, 'nobody@nowhere.example')).toEqual([]);
  });

  test('an inactive user gets no mail, and an earlier link stops working when the user is deactivated', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    await requestReset(tenant.slug, user.email);
    const earlier = resetTokenOf((await mailsTo(admin, user.email))[0]!.text);

    const deactivated = await admin.patch(`/api/v1/users/${user.id}`, {
      version: user.version,
      active: false,
    });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json().active).toBe(false);

    const answer = await requestReset(tenant.slug, user.email);
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toEqual({ accepted: true });
    expect(await mailsTo(admin, user.email)).toHaveLength(1);

    const refused = await confirm(earlier, NEW_PASSWORD);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('reset_token_invalid');
  });

  test('a token of one tenant is not accepted under another tenant', async () => {
    const { tenant, admin } = await setup();
    const other = await createTestTenant(app().database);
    const user = await staffUser(admin, tenant);
    await requestReset(tenant.slug, user.email);
    const token = resetTokenOf((await mailsTo(admin, user.email))[0]!.text);
    const moved = `${other.tenantId}${token.slice(token.indexOf('.'))}`;
    const refused = await confirm(moved, NEW_PASSWORD);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('reset_token_invalid');
    expect((await confirm('not-a-token', NEW_PASSWORD)).json().code).toBe('reset_token_invalid');
  });
});

describe('reset sent by an admin', () => {
  test('POST /users/{id}/password-reset mails the user a working link and is audited', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant, 'en');
    const session = await loginAs(app(), tenant.slug, user.email, user.password);

    const sent = await admin.post(`/api/v1/users/${user.id}/password-reset`);
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toEqual({ accepted: true });

    const mails = await mailsTo(admin, user.email);
    expect(mails).toHaveLength(1);
    // The mail is in the user's language.
    expect(mails[0]!.subject).toBe('[Keiyaku] Reset your password');
    expect(mails[0]!.text).toContain('within 60 minutes');

    expect((await confirm(resetTokenOf(mails[0]!.text), NEW_PASSWORD)).statusCode).toBe(204);
    expect((await session.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await tryLogin(tenant.slug, user.email, NEW_PASSWORD)).statusCode).toBe(200);

    const audit = await admin.get(`/api/v1/audit?entity=user&id=${user.id}`);
    const actions = (audit.json().items as { action: string; actorId: string | null }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['create', 'password_reset_sent', 'password_reset']));
    const sentEntry = audit.json().items.find((e: { action: string }) => e.action === 'password_reset_sent');
    expect(sentEntry.actorId).toBe(tenant.adminUserId);
    expect(JSON.stringify(audit.json())).not.toMatch(/argon2|passwordHash|tokenHash/);
  });

  test('for an inactive or unknown user it answers 404 and sends nothing', async () => {
    const { tenant, admin } = await setup();
    const user = await staffUser(admin, tenant);
    await admin.patch(`/api/v1/users/${user.id}`, { version: user.version, active: false });
    const inactive = await admin.post(`/api/v1/users/${user.id}/password-reset`);
    expect(inactive.statusCode).toBe(404);
    const unknown = await admin.post('/api/v1/users/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/password-reset');
    expect(unknown.statusCode).toBe(404);
    expect(await mailsTo(admin, user.email)).toEqual([]);
  });
});

describe('invitation', () => {
  test('a user created without a password is mailed a link to set one, then logs in', async () => {
    const { tenant, admin } = await setup();
    const email = `invited-${Math.random().toString(36).slice(2, 8)}@${tenant.slug}.example`;
    const created = await admin.post('/api/v1/users', { email, name: '新人 花子', roles: ['sales_rep'] });
    expect(created.statusCode).toBe(201);

    const mails = await mailsTo(admin, email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('【Keiyaku】パスワードの設定');
    expect(mails[0]!.text).toContain('新人 花子 様');
    expect(mails[0]!.text).toContain('アカウントが作成されました');

    // Before setting a password there is none to log in with.
    expect((await tryLogin(tenant.slug, email, 'any-password-at-all')).statusCode).toBe(401);

    expect((await confirm(resetTokenOf(mails[0]!.text), NEW_PASSWORD)).statusCode).toBe(204);
    const login = await tryLogin(tenant.slug, email, NEW_PASSWORD);
    expect(login.statusCode).toBe(200);
    expect(login.json().roles).toEqual(['sales_rep']);
  });

  test('a user created with a password or inactive gets no invitation', async () => {
    const { tenant, admin } = await setup();
    const before = (await outbox(admin)).length;
    const withPassword = await admin.post('/api/v1/users', {
      email: `pw-${tenant.slug}@example.jp`,
      name: 'パスワードあり',
      roles: [],
      password: 'chosen-by-admin-1',
    });
    expect(withPassword.statusCode).toBe(201);
    const inactive = await admin.post('/api/v1/users', {
      email: `off-${tenant.slug}@example.jp`,
      name: '無効ユーザー',
      roles: [],
      active: false,
    });
    expect(inactive.statusCode).toBe(201);
    expect((await outbox(admin)).length).toBe(before);
  });

  test('the admin sees the dev outbox in me; a user without the permission may not read it', async () => {
    const { tenant, admin } = await setup();
    expect(admin.me?.devOutbox).toBe(true);
    const user = await staffUser(admin, tenant);
    const staff = await loginAs(app(), tenant.slug, user.email, user.password);
    expect(staff.me?.devOutbox).toBe(false);
    expect((await staff.get('/api/v1/dev-outbox')).statusCode).toBe(403);
  });
});
