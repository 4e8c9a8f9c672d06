// The authorization matrix (quality.md, Security): each route declares its access once
// (`config.access`, collected in `routeTable`); this suite calls every route as every role,
// as a user with no role and anonymously, through a cookie session and an API token. A
// role lacking the route's permission gets 403 `forbidden`, one holding it never 401/403
// (a dummy id or empty body may well give 400/404/422), anonymous gets 401 everywhere but
// on public routes. A portal user (a customer's login, no roles) holds PORTAL_PERMISSIONS
// only: 403 on every other route but the authenticated and public ones.
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  PERMISSIONS,
  PORTAL_PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
} from '../../modules/identity/permissions.rules.js';
import {
  type ApiClient,
  anonymous,
  createTestTenant,
  loginAs,
  type TestTenant,
  useTestApp,
  withBearer,
} from '../../test/app.js';
import { fastifyPathOf, fetchOpenApi } from '../../test/openapi.js';
import { portalUserFor } from '../../test/portal.js';
import { AUTHENTICATED, PUBLIC, type RouteRecord } from './types.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

const app = useTestApp();

let tenant: TestTenant;
let admin: ApiClient;
let routes: RouteRecord[];

/** A user of the tenant with exactly these roles, able to log in again when a route ends its session. */
interface Actor {
  name: string;
  permissions: ReadonlySet<string>;
  /** The current client; replaced after a route (logout) ended the session. */
  client: ApiClient;
  relogin: (() => Promise<ApiClient>) | null;
}

async function actorWithRoles(roles: string[], via: 'session' | 'token'): Promise<Actor> {
  const email = `matrix-${roles.join('-') || 'none'}-${via}-${randomUUID().slice(0, 8)}@${tenant.slug}.example`;
  const password = `matrix-password-${randomUUID()}`;
  const created = await admin.post('/api/v1/users', {
    email,
    name: `権限確認 ${roles.join(',') || 'なし'}`,
    roles,
    password,
  });
  if (created.statusCode !== 201)
    throw new Error(`user create failed: ${created.statusCode} ${created.body}`);
  const permissions = new Set(
    roles.flatMap((role) => ROLE_PERMISSIONS[role as (typeof ROLES)[number]] ?? []),
  );
  const login = () => loginAs(app(), tenant.slug, email, password);
  const session = await login();
  const name = `${roles.join('+') || 'no role'} (${via})`;
  if (via === 'session') return { name, permissions, client: session, relogin: login };
  const token = await session.post('/api/v1/api-tokens', { name: 'matrix' });
  if (token.statusCode !== 201) throw new Error(`token create failed: ${token.statusCode} ${token.body}`);
  return { name, permissions, client: withBearer(app(), String(token.json().token)), relogin: null };
}

/** A portal user of a new customer, logged in the way a customer logs in (invitation link, password). */
async function portalActor(via: 'session' | 'token'): Promise<Actor> {
  const portal = await portalUserFor(app(), tenant, admin);
  const permissions = new Set<string>(PORTAL_PERMISSIONS);
  const login = () => loginAs(app(), tenant.slug, portal.email, portal.password);
  const name = `portal user (${via})`;
  if (via === 'session') return { name, permissions, client: portal.client, relogin: login };
  const token = await portal.client.post('/api/v1/api-tokens', { name: 'matrix' });
  if (token.statusCode !== 201) throw new Error(`token create failed: ${token.statusCode} ${token.body}`);
  return { name, permissions, client: withBearer(app(), String(token.json().token)), relogin: null };
}

function dummyRequest(route: RouteRecord): { method: Method; url: string; body: unknown } {
  const url = route.url.replace(/:[A-Za-z0-9_]+/g, () => randomUUID());
  return { method: route.method as Method, url, body: BODY_METHODS.has(route.method) ? {} : undefined };
}

const describeRoute = (route: RouteRecord) => `${route.method} ${route.url} [${route.access}]`;

function answer(response: LightMyRequestResponse): string {
  return `${response.statusCode} ${response.body.slice(0, 200)}`;
}

/** Calls every route as the actor; returns what went against the matrix. */
async function checkActor(actor: Actor): Promise<string[]> {
  const failures: string[] = [];
  for (const route of routes) {
    const request = dummyRequest(route);
    const response = await actor.client.request(request.method, request.url, request.body);
    const status = response.statusCode;
    const allowed =
      route.access === PUBLIC || route.access === AUTHENTICATED || actor.permissions.has(route.access);
    const where = `${actor.name}: ${describeRoute(route)}`;
    if (status >= 500) failures.push(`${where} answered ${answer(response)}`);
    if (allowed && (status === 401 || status === 403)) {
      failures.push(`${where} is allowed but answered ${answer(response)}`);
    }
    if (!allowed && (status !== 403 || response.json().code !== 'forbidden')) {
      failures.push(
        `${where} lacks the permission but answered ${answer(response)} (expected 403 forbidden)`,
      );
    }
    // A route that ends the session (logout) must not spoil the routes after it.
    if (actor.relogin && status < 300 && request.method !== 'GET') {
      const me = await actor.client.get('/api/v1/auth/me');
      if (me.statusCode === 401) actor.client = await actor.relogin();
    }
  }
  return failures;
}

beforeAll(async () => {
  tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
  routes = app().app.routeTable;
});

describe('route access declarations', () => {
  test('every route declares public, authenticated or a known permission', () => {
    expect(routes.length).toBeGreaterThan(0);
    const known = new Set<string>([PUBLIC, AUTHENTICATED, ...PERMISSIONS]);
    const unknown = routes.filter((route) => !known.has(route.access)).map(describeRoute);
    expect(unknown, 'routes declaring an access that is no permission').toEqual([]);
  });

  test('every permission is granted to admin, and roles grant only known permissions', () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
    for (const role of ROLES) {
      for (const permission of ROLE_PERMISSIONS[role]) expect(PERMISSIONS).toContain(permission);
    }
  });

  test('the OpenAPI document states the same access as the route table, once per route', async () => {
    const { operations } = await fetchOpenApi(app());
    const fromDocument = operations
      .map(
        (operation) =>
          `${operation.method} ${fastifyPathOf(operation.path)} [${operation.permission ?? PUBLIC}]`,
      )
      .sort();
    const fromTable = routes.map(describeRoute).sort();
    expect(new Set(fromTable).size, 'a route is declared twice').toBe(fromTable.length);
    expect(fromDocument).toEqual(fromTable);
  });
});

describe('every role against every route', () => {
  const cases = [
    ...ROLES.map((role) => ({ name: role, roles: [role] as string[] })),
    { name: 'no role', roles: [] },
  ];
  test.each(cases)('$name, by cookie session and by API token', async ({ roles }) => {
    const failures: string[] = [];
    for (const via of ['session', 'token'] as const) {
      failures.push(...(await checkActor(await actorWithRoles(roles, via))));
    }
    expect(failures).toEqual([]);
  });

  test('a portal user, by cookie session and by API token: only portal permissions', async () => {
    const failures: string[] = [];
    for (const via of ['session', 'token'] as const) {
      failures.push(...(await checkActor(await portalActor(via))));
    }
    expect(failures).toEqual([]);
  });

  test('anonymous gets 401 on every route but the public ones', async () => {
    const client = anonymous(app());
    const failures: string[] = [];
    for (const route of routes) {
      const request = dummyRequest(route);
      const response = await client.request(request.method, request.url, request.body);
      const status = response.statusCode;
      const where = `anonymous: ${describeRoute(route)}`;
      if (status >= 500) failures.push(`${where} answered ${answer(response)}`);
      if (route.access === PUBLIC) {
        if (status === 401 || status === 403)
          failures.push(`${where} is public but answered ${answer(response)}`);
      } else if (status !== 401 || response.json().code !== 'unauthenticated') {
        failures.push(`${where} answered ${answer(response)} (expected 401 unauthenticated)`);
      }
    }
    expect(failures).toEqual([]);
  });
});
