// The whole app on a fresh test database, driven through `inject` with real cookies, CSRF
// tokens and bearer tokens: API tests use only the public routes, like any client.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { createKeiyaku, type Keiyaku } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import { createTenantWithAdmin } from '../modules/identity/index.js';
import type { Database } from '../platform/db/database.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp extends Keiyaku {
  testDatabase: TestDatabase;
  config: Config;
  close(): Promise<void>;
}

export interface TestAppOptions {
  config?: Partial<Config>;
  /** Start the job worker (polling every 0.5 s). */
  jobs?: boolean;
  /** Where the app's log lines go instead of stdout (tests that read them). */
  logStream?: { write(line: string): void };
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const testDatabase = await createTestDatabase();
  const config: Config = {
    ...loadConfig({}),
    logLevel: 'silent',
    publicUrl: 'http://keiyaku.test',
    loginRateLimitPerMinute: 1000,
    ...options.config,
  };
  const keiyaku = await createKeiyaku(config, testDatabase.database, {
    serveWeb: false,
    ...(options.logStream ? { logStream: options.logStream } : {}),
  });
  await keiyaku.jobs.start({ work: options.jobs ?? false, pollingIntervalSeconds: 0.5 });
  await keiyaku.app.ready();
  return {
    ...keiyaku,
    testDatabase,
    config,
    async close() {
      await keiyaku.jobs.stop(5000);
      await keiyaku.app.close();
      await testDatabase.drop();
    },
  };
}

/** beforeAll / afterAll for one app per test file; the getter is valid inside tests. */
export function useTestApp(options: TestAppOptions = {}): () => TestApp {
  let current: TestApp | undefined;
  beforeAll(async () => {
    current = await createTestApp(options);
  }, 120_000);
  afterAll(async () => {
    await current?.close();
  });
  return () => {
    if (!current) throw new Error('useTestApp(): the app exists only inside tests and hooks');
    return current;
  };
}

let tenantCounter = 0;

export interface TestTenant {
  tenantId: string;
  slug: string;
  adminUserId: string;
  adminEmail: string;
  adminPassword: string;
}

/** A tenant with an admin, in one line. */
export async function createTestTenant(database: Database, slug?: string): Promise<TestTenant> {
  tenantCounter += 1;
  const chosen = slug ?? `t${process.pid}-${tenantCounter}-${Math.random().toString(36).slice(2, 8)}`;
  const adminEmail = `admin@${chosen}.example`;
  const adminPassword = 'correct-horse-battery';
  const { tenantId, adminUserId } = await createTenantWithAdmin(database, {
    slug: chosen,
    name: `テスト株式会社 ${chosen}`,
    adminEmail,
    adminPassword,
    adminName: '管理者',
  });
  return { tenantId, slug: chosen, adminUserId, adminEmail, adminPassword };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiClient {
  readonly cookie: string | undefined;
  readonly csrfToken: string | undefined;
  readonly me: Record<string, unknown> | undefined;
  request(
    method: Method,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  delete(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

function clientOf(
  app: TestApp,
  auth: { cookie?: string; csrfToken?: string; bearer?: string; me?: Record<string, unknown> },
): ApiClient {
  const request: ApiClient['request'] = (method, url, body, headers = {}) => {
    const allHeaders: Record<string, string> = {};
    if (auth.cookie) allHeaders.cookie = auth.cookie;
    if (auth.csrfToken && method !== 'GET') allHeaders['x-csrf-token'] = auth.csrfToken;
    if (auth.bearer) allHeaders.authorization = `Bearer ${auth.bearer}`;
    // Headers the test names win over the client's own.
    Object.assign(allHeaders, headers);
    return app.app.inject({
      method,
      url,
      headers: allHeaders,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  };
  return {
    cookie: auth.cookie,
    csrfToken: auth.csrfToken,
    me: auth.me,
    request,
    get: (url, headers) => request('GET', url, undefined, headers),
    post: (url, body, headers) => request('POST', url, body ?? {}, headers),
    patch: (url, body, headers) => request('PATCH', url, body, headers),
    delete: (url, headers) => request('DELETE', url, undefined, headers),
  };
}

/** Logs in through the API; the client sends the session cookie and CSRF token. */
export async function loginAs(
  app: TestApp,
  tenant: string,
  email: string,
  password: string,
): Promise<ApiClient> {
  const response = await app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { tenant, email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'keiyaku_session');
  if (!cookie) throw new Error('login set no session cookie');
  const me = response.json() as Record<string, unknown>;
  return clientOf(app, { cookie: `${cookie.name}=${cookie.value}`, csrfToken: String(me.csrfToken), me });
}

export function anonymous(app: TestApp): ApiClient {
  return clientOf(app, {});
}

export function withBearer(app: TestApp, token: string): ApiClient {
  return clientOf(app, { bearer: token });
}

/** Creates a user with the given roles in a tenant (through the API as its admin) and logs in. */
export async function userWithRoles(
  app: TestApp,
  tenant: TestTenant,
  roles: string[],
  admin?: ApiClient,
): Promise<ApiClient & { userId: string }> {
  const adminClient = admin ?? (await loginAs(app, tenant.slug, tenant.adminEmail, tenant.adminPassword));
  const email = `${roles.join('-') || 'none'}-${Math.random().toString(36).slice(2, 8)}@${tenant.slug}.example`;
  const password = 'another-long-password';
  const created = await adminClient.post('/api/v1/users', {
    email,
    name: `ユーザー ${roles.join(',')}`,
    roles,
    password,
  });
  if (created.statusCode !== 201)
    throw new Error(`user create failed: ${created.statusCode} ${created.body}`);
  const client = await loginAs(app, tenant.slug, email, password);
  return Object.assign(client, { userId: String(created.json().id) });
}
