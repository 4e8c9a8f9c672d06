// Tenant isolation through the API (quality.md, Security): every route of the OpenAPI
// document that takes an id is called with another tenant's ids and answers 403 or 404,
// never data; lists filtered by another tenant's ids are empty; and the other tenant's
// records are unchanged afterwards. The routes come from the served document, so a route
// added later is covered the moment it exists.
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import { type ApiClient, createTestTenant, loginAs, type TestTenant, useTestApp } from '../../test/app.js';
import { databaseFingerprint } from '../../test/fingerprint.js';
import {
  type ApiOperation,
  fetchOpenApi,
  minimalBody,
  minimalValue,
  type OpenApiDocument,
  type ParameterObject,
  resourceOf,
  type SeededRecord,
  seedRecordsOfEveryKind,
  urlOf,
} from '../../test/openapi.js';

/**
 * Every operation without a path parameter. A new one must be added here on purpose (and
 * is then checked for leaks in its lists and filters); a new one with an id is tested
 * automatically.
 */
const ROUTES_WITHOUT_ID = [
  'GET /api/v1/agreements',
  'GET /api/v1/api-tokens',
  'GET /api/v1/attribute-definitions',
  'GET /api/v1/audit',
  'GET /api/v1/auth/login-options',
  'GET /api/v1/auth/me',
  'GET /api/v1/billing-runs',
  'GET /api/v1/billing-settings',
  'GET /api/v1/billing/dashboard',
  'GET /api/v1/contracts',
  'GET /api/v1/customers',
  'GET /api/v1/dev-outbox',
  'GET /api/v1/exports/contracts',
  'GET /api/v1/exports/customers',
  'GET /api/v1/exports/invoices',
  'GET /api/v1/exports/line-items',
  'GET /api/v1/invoices',
  'GET /api/v1/invoices/export',
  'GET /api/v1/invoices/pdf',
  'GET /api/v1/job-kinds',
  'GET /api/v1/jobs',
  'GET /api/v1/line-items',
  'GET /api/v1/orders',
  'GET /api/v1/org-units',
  'GET /api/v1/payments',
  'GET /api/v1/portal-users',
  'GET /api/v1/products',
  'GET /api/v1/receivables',
  'GET /api/v1/roles',
  'GET /api/v1/tenant',
  'GET /api/v1/users',
  'PATCH /api/v1/billing-settings',
  'PATCH /api/v1/tenant',
  'POST /api/v1/agreements',
  'POST /api/v1/api-tokens',
  'POST /api/v1/attribute-definitions',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'POST /api/v1/billing-runs',
  'POST /api/v1/customers',
  'POST /api/v1/invoices',
  'POST /api/v1/invoices/issue',
  'POST /api/v1/jobs',
  'POST /api/v1/orders',
  'POST /api/v1/orders/import',
  'POST /api/v1/org-units',
  'POST /api/v1/payments/import',
  'POST /api/v1/portal-users',
  'POST /api/v1/products',
  'POST /api/v1/users',
];

const UUID_PATTERN = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const app = useTestApp();

let document: OpenApiDocument;
let operations: ApiOperation[];
let tenantA: TestTenant;
let tenantB: TestTenant;
let adminA: ApiClient;
let adminB: ApiClient;
/** One record of every kind in tenant B, plus B's admin and B itself. */
let recordsB: SeededRecord[];
let resourcesNotCreated: string[];
/** Strings that identify B's data: none may appear in an answer to A. */
let markersB: string[];
let snapshotB: Map<string, string>;
let rowsB: Record<string, string>;

const isGetSafe = (operation: ApiOperation) => operation.method === 'GET' && !operation.eventStream;

/** The answer, or null when none came in time (an open stream: a 404 comes at once). */
async function send(
  client: ApiClient,
  operation: ApiOperation,
  url: string,
): Promise<LightMyRequestResponse | null> {
  const body = minimalBody(document, operation);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), 5000);
  });
  try {
    return await Promise.race([client.request(operation.method, url, body), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Candidate ids for a path parameter: B's records of that resource, else every B id. */
function candidatesFor(operation: ApiOperation, param: ParameterObject): SeededRecord[] {
  const resource = resourceOf(operation.path, param.name);
  const matching = recordsB.filter((record) => record.resource === resource);
  return matching.length > 0 ? matching : recordsB;
}

function combinations(operation: ApiOperation): Record<string, SeededRecord>[] {
  let result: Record<string, SeededRecord>[] = [{}];
  for (const param of operation.pathParams) {
    const candidates = candidatesFor(operation, param);
    result = result.flatMap((partial) => candidates.map((record) => ({ ...partial, [param.name]: record })));
  }
  return result.slice(0, 200);
}

/** Required query parameters filled with minimal values (an `entity` with the record's kind). */
function queryOf(operation: ApiOperation, fixed: Record<string, string>, record?: SeededRecord): string {
  const params = new URLSearchParams();
  for (const param of operation.queryParams) {
    if (param.name in fixed) params.set(param.name, fixed[param.name]!);
    else if (param.name === 'entity' && record) params.set(param.name, record.entity);
    else if (param.required)
      params.set(param.name, String(minimalValue(document, param.schema ?? {}, param.name)));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const leakedMarkers = (body: string) => markersB.filter((marker) => body.includes(marker));

/** Query parameters that take an id: format uuid, or named `id` / `…Id`. */
const isIdFilter = (param: ParameterObject) =>
  param.schema?.format === 'uuid' || param.name === 'id' || /[a-z]Id$/.test(param.name);

/** `customerId` -> records of `customers`; other names -> every record. */
function recordsForFilter(param: ParameterObject): SeededRecord[] {
  const base = param.name
    .replace(/Id$/, '')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase();
  const matching = recordsB.filter((record) => record.resource === `${base}s` || record.resource === base);
  return matching.length > 0 ? matching : recordsB;
}

/** What B's admin reads through every readable route: compared before and after. */
async function snapshotOfB(): Promise<Map<string, string>> {
  const snapshot = new Map<string, string>();
  const read = async (url: string) => {
    const response = await adminB.get(url);
    snapshot.set(url, `${response.statusCode} ${response.body}`);
  };
  for (const operation of operations.filter(isGetSafe)) {
    if (operation.pathParams.length > 0) {
      const matchedOnly = operation.pathParams.every((param) =>
        recordsB.some((record) => record.resource === resourceOf(operation.path, param.name)),
      );
      if (!matchedOnly) continue;
      for (const combination of combinations(operation)) {
        const values = Object.fromEntries(
          Object.entries(combination).map(([name, record]) => [name, record.id]),
        );
        await read(urlOf(operation.path, values) + queryOf(operation, {}));
      }
    } else if (operation.queryParams.some((param) => param.required)) {
      for (const param of operation.queryParams.filter(isIdFilter)) {
        for (const record of recordsForFilter(param)) {
          await read(operation.path + queryOf(operation, { [param.name]: record.id }, record));
        }
      }
    } else {
      await read(operation.path);
    }
  }
  return snapshot;
}

beforeAll(async () => {
  ({ document, operations } = await fetchOpenApi(app()));
  operations.sort(
    (x, y) => METHOD_ORDER.indexOf(x.method) - METHOD_ORDER.indexOf(y.method) || x.path.localeCompare(y.path),
  );
  tenantA = await createTestTenant(app().database);
  tenantB = await createTestTenant(app().database);
  adminA = await loginAs(app(), tenantA.slug, tenantA.adminEmail, tenantA.adminPassword);
  adminB = await loginAs(app(), tenantB.slug, tenantB.adminEmail, tenantB.adminPassword);
  const seeded = await seedRecordsOfEveryKind(adminB, document, operations);
  resourcesNotCreated = seeded.notCreated;
  recordsB = [
    ...seeded.records,
    {
      resource: 'users',
      entity: 'user',
      id: tenantB.adminUserId,
      markers: [tenantB.adminUserId, tenantB.adminEmail],
    },
    { resource: 'tenant', entity: 'tenant', id: tenantB.tenantId, markers: [tenantB.tenantId, tenantB.slug] },
  ];
  snapshotB = await snapshotOfB();
  // Every id B can read (its head office, sessions' users, ...) is B's data too.
  const idsSeenByB = [...snapshotB.values()].flatMap((answer) => answer.match(UUID_PATTERN) ?? []);
  markersB = [...new Set([...recordsB.flatMap((record) => record.markers), ...idsSeenByB])];
  rowsB = await databaseFingerprint(app().database, tenantB.tenantId);
}, 60_000);

describe('tenant isolation over every route of the OpenAPI document', () => {
  test('every route is either tested with ids or listed as taking none', () => {
    const withId = operations.filter((operation) => operation.pathParams.length > 0).map((o) => o.label);
    const withoutId = operations.filter((operation) => operation.pathParams.length === 0).map((o) => o.label);
    expect(withId.length).toBeGreaterThan(0);
    expect(withoutId.sort(), 'routes without an id parameter changed: update ROUTES_WITHOUT_ID').toEqual(
      [...ROUTES_WITHOUT_ID].sort(),
    );
    expect([...withId, ...withoutId].sort()).toEqual(operations.map((o) => o.label).sort());
    // Every id-taking resource has a record of B, except those the fixture cannot create.
    const created = new Set(recordsB.map((record) => record.resource));
    for (const operation of operations) {
      for (const param of operation.pathParams) {
        const resource = resourceOf(operation.path, param.name);
        expect(
          created.has(resource) || resourcesNotCreated.includes(resource),
          `${operation.label}: ${resource}`,
        ).toBe(true);
      }
    }
  });

  test("every route with an id answers 403 or 404 to another tenant's ids, never data", async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const operation of operations.filter((o) => o.pathParams.length > 0)) {
      for (const combination of combinations(operation)) {
        const values = Object.fromEntries(
          Object.entries(combination).map(([name, record]) => [name, record.id]),
        );
        const url = urlOf(operation.path, values) + queryOf(operation, {});
        const response = await send(adminA, operation, url);
        requests += 1;
        const what = `${operation.method} ${url} (B's ${Object.values(combination)
          .map((record) => record.resource)
          .join(', ')})`;
        if (!response) {
          failures.push(`${what} gave no answer within 5 s (a stream of B's data?)`);
          continue;
        }
        if (response.statusCode !== 403 && response.statusCode !== 404) {
          failures.push(`${what} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        }
        const leaked = leakedMarkers(response.body);
        if (leaked.length > 0) failures.push(`${what} answered B's data ${leaked.join(', ')}`);
      }
    }
    expect(requests).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  test("lists filtered by another tenant's ids answer nothing of it", async () => {
    const failures: string[] = [];
    let controlsWithData = 0;
    let requests = 0;
    for (const operation of operations.filter((o) => isGetSafe(o) && o.pathParams.length === 0)) {
      for (const param of operation.queryParams.filter(isIdFilter)) {
        for (const record of recordsForFilter(param)) {
          const url = operation.path + queryOf(operation, { [param.name]: record.id }, record);
          const response = await adminA.get(url);
          requests += 1;
          const status = response.statusCode;
          if (status === 200) {
            const items = (response.json() as { items?: unknown[] }).items;
            if (!Array.isArray(items) || items.length > 0) {
              failures.push(
                `GET ${url} (B's ${record.resource}) answered items: ${response.body.slice(0, 300)}`,
              );
            }
          } else if (status !== 400 && status !== 403 && status !== 404) {
            failures.push(
              `GET ${url} (B's ${record.resource}) answered ${status}: ${response.body.slice(0, 300)}`,
            );
          }
          const leaked = leakedMarkers(response.body);
          if (leaked.length > 0) failures.push(`GET ${url} answered B's data ${leaked.join(', ')}`);
          // The same question from B finds B's data: the filter is not trivially empty.
          const control = await adminB.get(url);
          if (
            control.statusCode === 200 &&
            ((control.json() as { items?: unknown[] }).items?.length ?? 0) > 0
          ) {
            controlsWithData += 1;
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(0);
    expect(controlsWithData, "B's own filters found none of B's records").toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });

  test('no list or read without an id shows another tenant its data', async () => {
    const failures: string[] = [];
    for (const operation of operations.filter((o) => isGetSafe(o) && o.pathParams.length === 0)) {
      const response = await adminA.get(operation.path + queryOf(operation, {}));
      if (response.statusCode >= 500) failures.push(`${operation.label} answered ${response.statusCode}`);
      const leaked = leakedMarkers(response.body);
      if (leaked.length > 0) failures.push(`${operation.label} answered B's data ${leaked.join(', ')}`);
    }
    expect(failures).toEqual([]);
  });

  test("the other tenant's records are unchanged afterwards", async () => {
    const after = await snapshotOfB();
    expect(snapshotB.size).toBeGreaterThan(0);
    for (const [url, before] of snapshotB) {
      expect(after.get(url), `B's answer to GET ${url} changed`).toBe(before);
    }
    expect(await databaseFingerprint(app().database, tenantB.tenantId)).toEqual(rowsB);
  });
});
