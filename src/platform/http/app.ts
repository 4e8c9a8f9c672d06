// The Fastify app every module's routes plug into: security headers, cookies, auth and
// permission checks, problem+json errors, idempotency keys, the OpenAPI document and the
// built web app. Modules add routes through `routes`; nothing here knows a module.
import { timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import Fastify, { type FastifyRequest } from 'fastify';
import { type Database, projectRoot } from '../db/database.js';
import { DomainError, type Locale } from '../domain-error.js';
import { newId } from '../ids/id.js';
import { registerIdempotency } from './idempotency.js';
import { registerInputGuard } from './input-guard.js';
import { loggableUrl } from './loggable-url.js';
import { loggableError, problemForError, problemOf, sendProblem } from './problem.js';
import { ProblemSchema } from './schemas.js';
import {
  type App,
  AUTHENTICATED,
  type Authenticator,
  PUBLIC,
  type RouteRecord,
  SESSION_COOKIE,
} from './types.js';

/** How long /readyz waits for the database's answer before it says unavailable. */
const READY_TIMEOUT_MS = 2000;

export interface HttpOptions {
  database: Database;
  authenticator: Authenticator;
  logLevel: string;
  bodyLimitBytes: number;
  cookieSecure: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Serve the built web app from dist/web when it exists. */
  serveWeb: boolean;
  version: string;
  routes: ((app: App) => Promise<void> | void)[];
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
}

function localeOf(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  const first = typeof header === 'string' ? header.split(',')[0]?.trim().toLowerCase() : undefined;
  return first?.startsWith('en') ? 'en' : 'ja';
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Constant-time comparison of the CSRF token. */
function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && b.length > 0 && timingSafeEqual(a, b);
}

export async function buildHttpApp(options: HttpOptions): Promise<App & { routeTable: RouteRecord[] }> {
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
        ],
        censor: '[redacted]',
      },
      ...(options.logStream ? { stream: options.logStream } : {}),
      serializers: {
        // Fastify's own request fields, with secret query parameters redacted.
        req: (request: { method: string; url: string; host?: string; ip?: string }) => ({
          method: request.method,
          url: loggableUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
        }),
      },
    },
    bodyLimit: options.bodyLimitBytes,
    genReqId: () => newId(),
    trustProxy: options.trustProxy,
    return503OnClosing: true,
    // A URL the router refuses (bad encoding, an over-long path parameter) is a problem too.
    frameworkErrors: (error, request, reply) => sendProblem(reply, problemForError(error, request)),
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Bodies are JSON with real types: no coercion (a number stays a number, "2" stays a
  // string). Query strings and path parameters are text and are coerced to their types.
  // Unknown fields are refused (not stripped); every error is reported for forms.
  const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
  const ajvOptions = {
    removeAdditional: false,
    useDefaults: true,
    allErrors: true,
    addUsedSchema: false,
    // A body that is one of several shapes (`oneOf` + `discriminator`, e.g. POST /orders by
    // `kind`) is checked against the shape its tag names only, so errors are that shape's.
    discriminator: true,
  } as const;
  const strictAjv = addFormats(new Ajv({ ...ajvOptions, coerceTypes: false }));
  const coercingAjv = addFormats(new Ajv({ ...ajvOptions, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
    const id = (schema as { $id?: string }).$id;
    return (id ? ajv.getSchema(id) : undefined) ?? ajv.compile(schema);
  });

  const routeTable: RouteRecord[] = [];
  app.decorate('routeTable', routeTable);
  app.decorateRequest('principal', null);
  app.decorateRequest('locale', 'ja');

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} declares no access`);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routeTable.push({ method, url: route.url, access });
    }
    // Every error answer is a problem+json document.
    const response = (route.schema?.response ?? {}) as Record<string, unknown>;
    route.schema = { ...route.schema, response: { ...response, '4xx': ProblemSchema, '5xx': ProblemSchema } };
    if (access !== PUBLIC) {
      route.schema = {
        ...route.schema,
        security: [{ cookieSession: [] }, { bearerToken: [] }],
        ...({ 'x-permission': access } as object),
      };
    }
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: options.cookieSecure ? [] : null,
      },
    },
    hsts: options.cookieSecure ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    // Older browsers that ignore CSP's frame-ancestors: no framing either.
    frameguard: { action: 'deny' },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Keiyaku API',
        version: options.version,
        description: 'Order-to-cash platform API. Errors are application/problem+json with a stable `code`.',
      },
      components: {
        securitySchemes: {
          cookieSession: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearerToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === 'string' ? json.$id : `def-${index}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.setErrorHandler((error, request, reply) => {
    const problem = problemForError(error as Error, request);
    if (problem.status >= 500) request.log.error({ error: loggableError(error) }, 'request failed');
    return sendProblem(reply, problem);
  });

  // Authentication and the route's declared access, before the body is read or validated.
  app.addHook('onRequest', async (request) => {
    request.locale = localeOf(request);
    const access = request.routeOptions.config?.access;
    if (!access) return;
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.startsWith('Bearer ')) {
      request.principal = await options.authenticator.fromBearerToken(authorization.slice(7).trim());
      if (!request.principal && access !== PUBLIC) throw new DomainError('unauthenticated');
    } else {
      const cookieValue = request.cookies[SESSION_COOKIE];
      if (cookieValue) request.principal = await options.authenticator.fromSessionCookie(cookieValue);
      const principal = request.principal;
      if (principal?.via === 'session' && UNSAFE_METHODS.has(request.method) && access !== PUBLIC) {
        const sent = request.headers['x-csrf-token'];
        if (typeof sent !== 'string' || !sameToken(sent, principal.csrfToken ?? '')) {
          throw new DomainError('csrf_token_invalid');
        }
      }
    }
    if (access === PUBLIC) return;
    if (!request.principal) throw new DomainError('unauthenticated');
    if (access !== AUTHENTICATED && !request.principal.permissions.has(access))
      throw new DomainError('forbidden');
  });

  registerIdempotency(app, options.database);
  registerInputGuard(app);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    // A database that accepts connections but does not answer is not ready either: the
    // probe answers within READY_TIMEOUT_MS whatever the database does.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the database did not answer')), READY_TIMEOUT_MS);
    });
    try {
      await Promise.race([options.database.executeSql('select 1'), timeout]);
      return { status: 'ok' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    } finally {
      clearTimeout(timer);
    }
  });

  for (const register of options.routes) {
    await app.register(async (scope) => register(scope as unknown as App), { prefix: '/api/v1' });
  }

  const webRoot = path.join(projectRoot(), 'dist', 'web');
  const hasWeb = options.serveWeb && fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        if (filePath.includes(`${path.sep}assets${path.sep}`)) {
          res.header('cache-control', 'public, max-age=31536000, immutable');
        }
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    // A missing asset is a 404 (a page rebuilt since it loaded must not get index.html as JS).
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/assets/');
    if (!isApi && hasWeb && (request.method === 'GET' || request.method === 'HEAD')) {
      // The web app routes in the browser: every other page gets index.html.
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    }
    return sendProblem(reply, problemOf('not_found', localeOf(request)));
  });

  return app as unknown as App & { routeTable: RouteRecord[] };
}
