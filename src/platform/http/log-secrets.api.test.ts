// The app's real log output (Fastify's pino logger, as built in src/platform/http/app.ts) while
// secrets cross the wire: a password at login, a session cookie with its CSRF token, a bearer
// API token. Every line must be JSON and none may carry a secret (docs/security.md "Logs").
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  anonymous,
  createTestApp,
  createTestTenant,
  loginAs,
  type TestApp,
  withBearer,
} from '../../test/app.js';

let output = '';
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({
    // Every level: a secret logged at debug or trace leaks just the same when someone turns it on.
    config: { logLevel: 'trace' },
    logStream: {
      write(line: string) {
        output += line;
      },
    },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('log lines', () => {
  test('are JSON and carry no password, session cookie, CSRF token or API token', async () => {
    const tenant = await createTestTenant(app.database);
    output = '';

    // A failed login (the wrong password is a secret too), then the real one.
    const wrongPassword = 'not-the-password-but-secret-all-the-same';
    const failed = await anonymous(app).post('/api/v1/auth/login', {
      tenant: tenant.slug,
      email: tenant.adminEmail,
      password: wrongPassword,
    });
    expect(failed.statusCode).toBe(401);
    const session = await loginAs(app, tenant.slug, tenant.adminEmail, tenant.adminPassword);
    const cookieValue = session.cookie!.slice(session.cookie!.indexOf('=') + 1);
    const csrfToken = session.csrfToken!;

    // Cookie + CSRF header: an accepted write, and one refused for a wrong token.
    expect((await session.post('/api/v1/org-units', { name: 'ログ確認支店' })).statusCode).toBe(201);
    expect(
      (await session.post('/api/v1/org-units', { name: 'x' }, { 'x-csrf-token': 'forged' })).statusCode,
    ).toBe(403);

    // A bearer API token: created with the session, then used for a read and a write.
    const created = await session.post('/api/v1/api-tokens', { name: 'ログ確認' });
    expect(created.statusCode).toBe(201);
    const apiToken = String(created.json().token);
    const bearer = withBearer(app, apiToken);
    expect((await bearer.get('/api/v1/auth/me')).statusCode).toBe(200);
    expect((await bearer.post('/api/v1/org-units', { name: 'API支店' })).statusCode).toBe(201);

    const lines = output.split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as { msg?: string; req?: { method?: string; url?: string } };
      } catch {
        throw new Error(`a log line is not JSON: ${line}`);
      }
    });
    // The requests were logged (so the check below looked at something).
    const logged = entries.filter((entry) => entry.msg === 'incoming request').map((entry) => entry.req);
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ method: 'POST', url: '/api/v1/auth/login' }),
        expect.objectContaining({ method: 'POST', url: '/api/v1/org-units' }),
        expect.objectContaining({ method: 'POST', url: '/api/v1/api-tokens' }),
        expect.objectContaining({ method: 'GET', url: '/api/v1/auth/me' }),
      ]),
    );
    expect(logged.length).toBeGreaterThanOrEqual(7);

    // The session cookie is `<tenant>.<secret>`, the API token `kyk_<id>_<secret>`.
    const secrets = {
      password: tenant.adminPassword,
      wrongPassword,
      cookieValue,
      cookieSecret: cookieValue.slice(cookieValue.lastIndexOf('.') + 1),
      csrfToken,
      apiToken,
      // kyk_<tenant hex>_<secret>: the secret itself may hold '_' (base64url).
      apiTokenSecret: apiToken.split('_').slice(2).join('_'),
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThanOrEqual(16);
      const leaking = lines.filter(
        (line) => line.includes(secret) || line.includes(encodeURIComponent(secret)),
      );
      expect(leaking, `log lines holding the ${name}`).toEqual([]);
    }
  });
});
