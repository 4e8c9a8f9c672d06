// Types every route shares: the app instance with the TypeBox provider, the principal a
// request acts as, and the per-route declarations (permission, idempotency).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Locale } from '../domain-error.js';

export type App = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export interface Principal {
  kind: 'staff' | 'portal';
  /** For portal users: the customer they act for. */
  customerId: string | null;
  tenantId: string;
  userId: string;
  name: string;
  email: string;
  roles: string[];
  permissions: ReadonlySet<string>;
  via: 'session' | 'token';
  sessionId?: string;
  csrfToken?: string;
}

/** What a route requires: a named permission, any logged-in user, or nobody. */
export type RouteAccess = string;
export const PUBLIC = 'public';
export const AUTHENTICATED = 'authenticated';

/** Resolves credentials to a principal; provided by the identity module. */
export interface Authenticator {
  fromSessionCookie(value: string): Promise<Principal | null>;
  fromBearerToken(token: string): Promise<Principal | null>;
}

export interface RouteRecord {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api/v1 route: a permission name, 'authenticated' or 'public'. */
    access?: RouteAccess;
    /**
     * `false`: the Idempotency-Key header is ignored, because the answer must not be stored
     * (it carries a secret: a new API token, a session) or replaying it makes no sense.
     */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    locale: Locale;
    idempotencyRecordId: string | null;
  }
}

export const SESSION_COOKIE = 'keiyaku_session';
