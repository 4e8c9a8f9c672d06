// The served OpenAPI document as a list of operations, for the security suites that must
// cover every route without naming them: tenant isolation, the authorization matrix and
// the bad-input fuzzing. Also builds minimal valid bodies from a route's own schema and one
// record of every kind that a path takes an id of.
import { randomUUID } from 'node:crypto';
import type { ApiClient, TestApp } from './app.js';

export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { content?: Record<string, unknown> }>;
  'x-permission'?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ApiOperation {
  method: HttpMethod;
  /** The path as the document writes it: `/api/v1/users/{id}`. */
  path: string;
  /** `PATCH /api/v1/users/{id}`: how failures name the route. */
  label: string;
  pathParams: ParameterObject[];
  queryParams: ParameterObject[];
  /** The JSON request body schema, references resolved at the top. */
  jsonBody: JsonSchema | undefined;
  bodyRequired: boolean;
  /** `x-permission`: the permission or `authenticated`; undefined on public routes. */
  permission: string | undefined;
  /** Answers text/event-stream (a stream that stays open while its subject lives). */
  eventStream: boolean;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

export async function fetchOpenApi(
  app: TestApp,
): Promise<{ document: OpenApiDocument; operations: ApiOperation[] }> {
  const response = await app.app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`GET /api/openapi.json answered ${response.statusCode}`);
  const document = response.json() as OpenApiDocument;
  const operations: ApiOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [key, operation] of Object.entries(item)) {
      const method = key.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method)) continue;
      const parameters = operation.parameters ?? [];
      const json = operation.requestBody?.content?.['application/json']?.schema;
      const produces = Object.values(operation.responses ?? {}).flatMap((r) => Object.keys(r.content ?? {}));
      operations.push({
        method,
        path,
        label: `${method} ${path}`,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        jsonBody: json ? resolveSchema(document, json) : undefined,
        bodyRequired: operation.requestBody?.required === true,
        permission: operation['x-permission'],
        eventStream: produces.includes('text/event-stream'),
      });
    }
  }
  return { document, operations };
}

/** Follows `$ref: '#/components/schemas/X'` until a schema that is not a reference. */
export function resolveSchema(document: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; typeof current.$ref === 'string' && depth < 20; depth++) {
    const ref = current.$ref as string;
    const name = ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : ref;
    const target = document.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${ref}`);
    current = target;
  }
  return current;
}

/** `/api/v1/users/{id}` -> `/api/v1/users/:id`, the form of Fastify's route table. */
export function fastifyPathOf(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** Substitutes the path parameters (URL-encoded). */
export function urlOf(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for path parameter ${name} of ${path}`);
    return percentEncode(value);
  });
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) is written as the
 * bytes it would have in WTF-8: invalid UTF-8, as a hostile client may send.
 */
export function percentEncode(value: string): string {
  return value.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[^\ud800-\udfff]+|[\ud800-\udbff][\udc00-\udfff]/g,
    (part) => {
      if (part.length === 1 && part.charCodeAt(0) >= 0xd800 && part.charCodeAt(0) <= 0xdfff) {
        const unit = part.charCodeAt(0);
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('');
      }
      return encodeURIComponent(part);
    },
  );
}

/** The path segment naming the resource a path parameter is the id of: `users` for `/users/{id}`. */
export function resourceOf(path: string, param: string): string {
  const segments = path.split('/');
  const index = segments.indexOf(`{${param}}`);
  return index > 0 ? (segments[index - 1] ?? '') : '';
}

/** The resource a path is about: its first segment after `/api/v1`. */
export function firstSegmentOf(path: string): string {
  return path.replace(/^\/api\/v1\//, '').split('/')[0] ?? '';
}

export function typesOf(schema: JsonSchema): string[] {
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  if (typeof type === 'string') return [type];
  return [];
}

let uniqueCounter = 0;
export function unique(): string {
  uniqueCounter += 1;
  return `${uniqueCounter}${Math.random().toString(36).slice(2, 8)}`;
}

const PATTERN_CANDIDATES = [
  'x',
  'A',
  'a1',
  '1',
  'x-1',
  'ab',
  'T1234567890123',
  '2025-01-01',
  '2025-01',
  'JPY',
];

function stringOf(schema: JsonSchema, name: string | undefined): string {
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  switch (schema.format) {
    case 'email':
      return `min-${unique()}@example.test`;
    case 'uuid':
      return randomUUID();
    case 'date':
      return '2025-01-01';
    case 'date-time':
      return '2025-01-01T00:00:00+09:00';
    case 'uri':
    case 'url':
      return 'https://example.test/';
    default:
      break;
  }
  const fits = (value: string) =>
    value.length >= minLength &&
    value.length <= maxLength &&
    (typeof schema.pattern !== 'string' || new RegExp(schema.pattern, 'u').test(value));
  if (name && /password/i.test(name)) {
    const password = `pw-${unique()}-long-enough`;
    if (fits(password)) return password;
  }
  for (const candidate of PATTERN_CANDIDATES) {
    const padded =
      candidate.length >= minLength ? candidate : candidate + 'x'.repeat(minLength - candidate.length);
    if (fits(padded)) return padded;
  }
  return 'x'.repeat(Math.max(minLength, 1));
}

/**
 * The smallest value the schema accepts: required properties only, `version: 1`, the first
 * of an enum or union, emails and uuids unique per call.
 */
export function minimalValue(document: OpenApiDocument, input: JsonSchema, name?: string): unknown {
  const schema = resolveSchema(document, input);
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const resolved = (branches as JsonSchema[]).map((b) => resolveSchema(document, b));
      const chosen =
        resolved.find((b) => !typesOf(b).includes('null') || typesOf(b).length > 1) ?? resolved[0]!;
      return minimalValue(document, chosen, name);
    }
  }
  if (Array.isArray(schema.allOf)) {
    const merged: Record<string, unknown> = {};
    for (const part of schema.allOf as JsonSchema[]) {
      const value = minimalValue(document, part, name);
      if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(merged, value);
    }
    return merged;
  }
  const types = typesOf(schema).filter((t) => t !== 'null');
  const type = types[0] ?? (schema.properties ? 'object' : typesOf(schema)[0]);
  switch (type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(
        required.map((key) => [key, minimalValue(document, properties[key] ?? {}, key)] as const),
      );
    }
    case 'array': {
      const minItems = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items = (schema.items ?? {}) as JsonSchema;
      return Array.from({ length: minItems }, () => minimalValue(document, items, name));
    }
    case 'string':
      return stringOf(schema, name);
    case 'integer':
    case 'number': {
      if (name === 'version') return 1;
      if (typeof schema.minimum === 'number')
        return Math.max(schema.minimum, Math.min(1, Number(schema.maximum ?? 1)));
      if (typeof schema.exclusiveMinimum === 'number') return Math.floor(schema.exclusiveMinimum) + 1;
      return 1;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/** The minimal valid body of an operation, with the route's known hints applied. */
export function minimalBody(document: OpenApiDocument, operation: ApiOperation): unknown {
  if (!operation.jsonBody) return undefined;
  const body = minimalValue(document, operation.jsonBody);
  const hints = BODY_HINTS[`${operation.method} ${fastifyPathOf(operation.path)}`];
  return hints && body && typeof body === 'object' ? { ...body, ...hints } : body;
}

/**
 * Values a minimal body cannot guess from the schema alone (a value the server checks
 * against its own list). Keyed by `METHOD /fastify/path`.
 */
const BODY_HINTS: Record<string, Record<string, unknown>> = {
  'POST /api/v1/jobs': { kind: 'maintenance.cleanup' },
};

/** A record some route takes the id of in its path. */
export interface SeededRecord {
  /** The path segment before the id: `users`, `org-units`, ... */
  resource: string;
  /** The audit log's entity name: `user`, `org_unit`, ... */
  entity: string;
  id: string;
  /** Strings that identify the record and must not show up in another tenant's answers. */
  markers: string[];
}

/** What a seed body may use: `create('customers')` makes a record of another kind and gives its id. */
export interface SeedHelpers {
  client: ApiClient;
  create(resource: string): Promise<string>;
}

/** A seed needs a record of a kind this document cannot create (yet): the kind is left out. */
class SeedUnavailable extends Error {}

/**
 * How to create one record of each kind. A kind not listed here is created generically by
 * `POST /api/v1/<resource>` with the minimal valid body of its schema; list a kind here
 * when that is not enough (e.g. it refers to other records: `create` makes them).
 */
const SEEDS: Record<
  string,
  | {
      entity: string;
      body: (helpers: SeedHelpers) => Record<string, unknown> | Promise<Record<string, unknown>>;
    }
  | {
      entity: string;
      /** A kind with no POST of its own (made with another record): how to get one as the API shows it. */
      record: (helpers: SeedHelpers) => Promise<Record<string, unknown>>;
    }
> = {
  users: {
    entity: 'user',
    body: () => {
      const email = `seed-${unique()}@seed.example`;
      return {
        email,
        name: `シード利用者 ${email}`,
        roles: ['sales_rep'],
        password: `seed-password-${unique()}`,
      };
    },
  },
  'org-units': {
    entity: 'org_unit',
    body: () => ({ name: `シード支店 ${unique()}`, code: `S-${unique()}`, kind: 'branch' }),
  },
  'api-tokens': { entity: 'api_token', body: () => ({ name: `seed token ${unique()}` }) },
  jobs: { entity: 'job', body: () => ({ kind: 'maintenance.cleanup' }) },
  'billing-runs': { entity: 'billing_run', body: () => ({ billingMonth: '2026-01' }) },
  // A draft invoice of a new customer's billing account (no run needed).
  invoices: {
    entity: 'invoice',
    body: async ({ create }) => ({
      billingAccountId: await create('billing-accounts'),
      billingMonth: '2026-01',
    }),
  },
  // An adjustment line of a draft invoice (`/invoices/{id}/lines/{lineId}`).
  lines: {
    entity: 'invoice_line',
    record: async ({ client, create }) => {
      const invoiceId = await create('invoices');
      const response = await client.post(`/api/v1/invoices/${invoiceId}/lines`, {
        description: `シード調整 ${unique()}`,
        serviceMonth: '2026-01',
        quantity: 1,
        unitPrice: -500,
        taxRate: 10,
      });
      if (response.statusCode !== 201) throw new Error(`seed adjustment line: ${response.body}`);
      const [line] = (response.json() as { lines: Record<string, unknown>[] }).lines;
      if (!line) throw new Error('seeded invoice has no line');
      return line;
    },
  },
  products: {
    entity: 'product',
    body: () => ({
      code: `SEED-${unique()}`,
      name: `シード商品 ${unique()}`,
      taxCategory: 'standard',
      fulfilment: 'immediate',
      pricing: {
        pattern: 'initial_and_monthly',
        initialFee: 3000,
        monthlyFee: 1000,
        quantityLinkedInitialFee: false,
        freePeriod: { unit: 'month', length: 1 },
      },
    }),
  },
  'attribute-definitions': {
    entity: 'attribute_definition',
    body: () => ({ entity: 'product', labelJa: `シード属性 ${unique()}`, type: 'text' }),
  },
  customers: {
    entity: 'customer',
    body: () => ({
      kind: 'organization',
      name: `シード顧客${unique()}株式会社`,
      nameKana: 'シードコキャク',
      address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' },
      phone: '03-1234-5678',
      email: `seed-customer-${unique()}@seed.example`,
    }),
  },
  // Every customer has its default billing account; there is no POST /billing-accounts.
  'billing-accounts': {
    entity: 'billing_account',
    record: async ({ client, create }) => {
      const customerId = await create('customers');
      const response = await client.get(`/api/v1/customers/${customerId}/billing-accounts`);
      const [account] = (response.json() as { items: Record<string, unknown>[] }).items;
      if (!account) throw new Error(`no billing account of seeded customer ${customerId}`);
      return account;
    },
  },
  'portal-users': {
    entity: 'portal_user',
    body: async ({ create }) => ({
      customerId: await create('customers'),
      email: `seed-portal-${unique()}@seed.example`,
      name: `シード顧客アカウント ${unique()}`,
    }),
  },
  // A draft agreement may list a draft product (docs/rules/agreements.md).
  agreements: {
    entity: 'agreement',
    body: async ({ create }) => ({
      customerId: await create('customers'),
      productIds: [await create('products')],
      name: `シード基本契約 ${unique()}`,
    }),
  },
  // One new order per client gives the order and, made with it, its contract, line item and
  // order item (`/orders/{id}/items/{itemId}` then names an item of that very order).
  orders: { entity: 'order', record: (helpers) => seededOrder(helpers) },
  contracts: {
    entity: 'contract',
    record: async (helpers) => {
      const order = await seededOrder(helpers);
      return readJson(helpers.client, `/api/v1/contracts/${String(order.contractId)}`);
    },
  },
  'line-items': {
    entity: 'line_item',
    record: async (helpers) => {
      const [item] = (await seededOrder(helpers)).items as { lineItemId: string }[];
      return readJson(helpers.client, `/api/v1/line-items/${item?.lineItemId}`);
    },
  },
  items: {
    entity: 'order_item',
    record: async (helpers) => {
      const [item] = (await seededOrder(helpers)).items as Record<string, unknown>[];
      if (!item) throw new Error('seeded order has no item');
      return item;
    },
  },
};

async function readJson(client: ApiClient, url: string): Promise<Record<string, unknown>> {
  const response = await client.get(url);
  if (response.statusCode !== 200) throw new Error(`GET ${url}: ${response.statusCode} ${response.body}`);
  return response.json() as Record<string, unknown>;
}

const seededOrders = new WeakMap<ApiClient, Promise<Record<string, unknown>>>();

/** A processing new order of a published product on sale to a new customer; one per client. */
function seededOrder({ client, create }: SeedHelpers): Promise<Record<string, unknown>> {
  let order = seededOrders.get(client);
  if (!order) {
    order = (async () => {
      const customerId = await create('customers');
      const productId = await create('products');
      const published = await client.post(`/api/v1/products/${productId}/publish`);
      if (published.statusCode !== 200) throw new Error(`publishing seed product: ${published.body}`);
      const agreement = await client.post('/api/v1/agreements', {
        customerId,
        productIds: [productId],
        startNow: true,
      });
      if (agreement.statusCode !== 201) throw new Error(`seed agreement: ${agreement.body}`);
      const placed = await client.post('/api/v1/orders', {
        kind: 'new',
        customerId,
        contractName: `シード契約 ${unique()}`,
        items: [{ productId, quantity: 1 }],
      });
      if (placed.statusCode !== 201) throw new Error(`seed order: ${placed.statusCode} ${placed.body}`);
      return placed.json() as Record<string, unknown>;
    })();
    seededOrders.set(client, order);
  }
  return order;
}

/** `org-units` -> `org_unit`, `line-items` -> `line_item`: the audit entity of a collection. */
export function entityOf(resource: string): string {
  return resource.replace(/-/g, '_').replace(/ies$/, 'y').replace(/s$/, '');
}

function markersOf(record: Record<string, unknown>): string[] {
  const markers = [String(record.id)];
  for (const key of ['email', 'name', 'code', 'number']) {
    const value = record[key];
    if (typeof value === 'string' && value.length >= 6) markers.push(value);
  }
  return markers;
}

/**
 * Creates, through the API as the given (admin) client, one record of every resource that
 * some path of the document takes an id of. Returns what it created and the resources it
 * could not create (tested with every id there is).
 */
export async function seedRecordsOfEveryKind(
  client: ApiClient,
  document: OpenApiDocument,
  operations: ApiOperation[],
): Promise<{ records: SeededRecord[]; notCreated: string[] }> {
  const resources = new Set<string>();
  for (const operation of operations) {
    for (const param of operation.pathParams) resources.add(resourceOf(operation.path, param.name));
  }
  const records: SeededRecord[] = [];
  const notCreated: string[] = [];
  /** Creates one record of a resource; undefined when the document offers no way to. */
  const createOne = async (resource: string): Promise<Record<string, unknown> | undefined> => {
    const seed = SEEDS[resource];
    if (seed && 'record' in seed) return seed.record({ client, create: createId });
    const create = operations.find((o) => o.method === 'POST' && o.path === `/api/v1/${resource}`);
    if (!create) return undefined;
    const body = seed ? await seed.body({ client, create: createId }) : minimalBody(document, create);
    const response = await client.post(create.path, body);
    const created = response.statusCode < 300 ? (response.json() as Record<string, unknown>) : undefined;
    if (!created || typeof created.id !== 'string') {
      if (seed) throw new Error(`seeding ${resource} failed: ${response.statusCode} ${response.body}`);
      return undefined;
    }
    return created;
  };
  const createId = async (resource: string): Promise<string> => {
    const created = await createOne(resource);
    if (!created) throw new SeedUnavailable(resource);
    return String(created.id);
  };
  for (const resource of [...resources].sort()) {
    const seed = SEEDS[resource];
    let created: Record<string, unknown> | undefined;
    try {
      created = await createOne(resource);
    } catch (error) {
      if (!(error instanceof SeedUnavailable)) throw error;
    }
    if (!created) {
      notCreated.push(resource);
      continue;
    }
    records.push({
      resource,
      entity: seed?.entity ?? entityOf(resource),
      id: String(created.id),
      markers: markersOf(created),
    });
  }
  return { records, notCreated };
}
