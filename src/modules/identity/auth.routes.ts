// Login, logout, the current user, password change and reset, API tokens.

import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { loggableError } from '../../platform/http/problem.js';
import { IdParams, Instant, itemsOfSchema, Nullable, tenantContextOf } from '../../platform/http/schemas.js';
import {
  type App,
  AUTHENTICATED,
  type Principal,
  PUBLIC,
  SESSION_COOKIE,
} from '../../platform/http/types.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-token.service.js';
import type { IdentityDeps } from './deps.js';
import { normalizeEmail, PASSWORD_MAX_LENGTH } from './password.rules.js';
import {
  changePassword,
  confirmPasswordReset,
  type LoginResult,
  loadProfile,
  login,
  logout,
  requestPasswordReset,
} from './session.service.js';

export interface AuthRouteOptions {
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  defaultTenant: string | null;
}

const MeSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.Literal('staff'), Type.Literal('portal')]),
    customerId: Nullable(Type.String({ description: 'For portal users: the customer they act for' })),
    locale: Type.Union([Type.Literal('ja'), Type.Literal('en')]),
    orgUnitId: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
    permissions: Type.Array(Type.String()),
    csrfToken: Nullable(Type.String()),
    tenant: Type.Object({
      id: Type.String(),
      slug: Type.String(),
      name: Type.String(),
      timeZone: Type.String(),
    }),
    devOutbox: Type.Boolean({ description: 'Mail goes to the in-app dev outbox (no SMTP configured).' }),
  },
  { $id: 'Me' },
);

const ApiTokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  prefix: Type.String(),
  createdAt: Instant,
  lastUsedAt: Nullable(Instant),
});

const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH });

export function authRoutes(deps: IdentityDeps, options: AuthRouteOptions) {
  const setSessionCookie = (reply: FastifyReply, result: LoginResult) =>
    reply.setCookie(SESSION_COOKIE, result.cookieValue, {
      httpOnly: true,
      sameSite: 'lax',
      secure: options.cookieSecure,
      path: '/',
      // No `expires`: a browser-session cookie. The server ends the session after
      // SESSION_TTL_HOURS without use (the expiry slides while it is used).
    });

  const meOf = async (principal: Principal) => {
    const { user, tenant } = await loadProfile(deps, principal);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      kind: principal.kind,
      customerId: principal.customerId,
      locale: user.locale,
      orgUnitId: user.orgUnitId,
      roles: user.roles,
      permissions: [...principal.permissions].sort(),
      csrfToken: principal.csrfToken ?? null,
      tenant,
      devOutbox: deps.mailer.mode === 'outbox' && principal.permissions.has('mail_outbox.read'),
    };
  };

  // Attempts per minute for the routes that take a password or mail one (keyed after parsing,
  // on the account as login() reads it, so spelling variants share one allowance).
  const account = (request: FastifyRequest) => {
    const body = request.body as { tenant?: string; email?: string } | undefined;
    return `${(body?.tenant ?? '').trim().toLowerCase()}|${normalizeEmail(body?.email ?? '')}`;
  };
  const perMinute = (keyGenerator: (request: FastifyRequest) => string) => ({
    max: options.loginRateLimitPerMinute,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator,
  });

  return async (app: App) => {
    app.post(
      '/auth/login',
      {
        config: {
          access: PUBLIC,
          idempotency: false,
          rateLimit: perMinute((request) => `login|${request.ip}|${account(request)}`),
        },
        schema: {
          tags: ['auth'],
          summary: 'Log in and receive the session cookie',
          body: Type.Object(
            {
              tenant: Type.String({ minLength: 1, maxLength: 63, description: 'Tenant slug (会社ID)' }),
              email: Type.String({ minLength: 3, maxLength: 254 }),
              password: Password,
            },
            { additionalProperties: false },
          ),
          response: { 200: MeSchema },
        },
      },
      async (request, reply) => {
        const result = await login(deps, {
          ...request.body,
          previousCookie: request.cookies[SESSION_COOKIE],
        });
        setSessionCookie(reply, result);
        return meOf(result.principal);
      },
    );

    app.get(
      '/auth/login-options',
      {
        config: { access: PUBLIC },
        schema: {
          tags: ['auth'],
          summary: 'What the login page offers before anyone logs in',
          response: {
            200: Type.Object({
              defaultTenant: Nullable(
                Type.String({ description: '会社ID to prefill (DEFAULT_TENANT, or demo)' }),
              ),
            }),
          },
        },
      },
      async () => ({ defaultTenant: options.defaultTenant }),
    );

    app.post(
      '/auth/logout',
      {
        config: { access: AUTHENTICATED, idempotency: false },
        schema: { tags: ['auth'], summary: 'End the session' },
      },
      async (request, reply) => {
        if (request.principal) await logout(deps, request.principal);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send();
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: AUTHENTICATED },
        schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: MeSchema } },
      },
      async (request) => meOf(request.principal!),
    );

    app.post(
      '/auth/password',
      {
        // The current password is checked here too: limited like a login.
        config: {
          access: AUTHENTICATED,
          idempotency: false,
          rateLimit: perMinute((request) => `password|${request.principal?.userId ?? request.ip}`),
        },
        schema: {
          tags: ['auth'],
          summary: 'Change the own password (ends other sessions)',
          body: Type.Object(
            { currentPassword: Password, newPassword: Password },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const rotated = await changePassword(deps, request.principal!, request.body);
        if (rotated) setSessionCookie(reply, rotated);
        return reply.code(204).send();
      },
    );

    app.post(
      '/auth/password-reset',
      {
        config: {
          access: PUBLIC,
          idempotency: false,
          rateLimit: perMinute((request) => `reset|${request.ip}|${account(request)}`),
        },
        schema: {
          tags: ['auth'],
          summary: 'Mail a password reset link (same answer whether or not the email exists)',
          body: Type.Object(
            {
              tenant: Type.String({ minLength: 1, maxLength: 63 }),
              email: Type.String({ minLength: 3, maxLength: 254 }),
            },
            { additionalProperties: false },
          ),
          response: { 202: Type.Object({ accepted: Type.Boolean() }) },
        },
      },
      async (request, reply) => {
        // Answered before the lookup and the mail: the same answer in the same time whether
        // or not the account exists (and whether or not SMTP works). Failures are logged.
        const log = request.log;
        const input = request.body;
        deps.background.run(
          () => requestPasswordReset(deps, input),
          (error) => log.error({ error: loggableError(error) }, 'password reset mail could not be sent'),
        );
        return reply.code(202).send({ accepted: true });
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        config: {
          access: PUBLIC,
          idempotency: false,
          rateLimit: perMinute((request) => `reset-confirm|${request.ip}`),
        },
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with the token from the reset mail',
          body: Type.Object(
            { token: Type.String({ minLength: 1, maxLength: 300 }), password: Password },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        await confirmPasswordReset(deps, request.body);
        return reply.code(204).send();
      },
    );

    app.get(
      '/api-tokens',
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: ['auth'],
          summary: 'My API tokens',
          response: { 200: itemsOfSchema(ApiTokenSchema) },
        },
      },
      async (request) => ({ items: await listApiTokens(tenantContextOf(request, deps.database)) }),
    );

    app.post(
      '/api-tokens',
      {
        // The answer holds the token: never kept for idempotent replay (shown once).
        config: { access: AUTHENTICATED, idempotency: false },
        schema: {
          tags: ['auth'],
          summary: 'Create an API token; the token is returned only once',
          body: Type.Object(
            { name: Type.String({ minLength: 1, maxLength: 100 }) },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ ...ApiTokenSchema.properties, token: Type.String() }) },
        },
      },
      async (request, reply) => {
        const created = await createApiToken(tenantContextOf(request, deps.database), request.body.name);
        return reply.code(201).send(created);
      },
    );

    app.delete(
      '/api-tokens/:id',
      {
        config: { access: AUTHENTICATED },
        schema: { tags: ['auth'], summary: 'Revoke an API token', params: IdParams },
      },
      async (request, reply) => {
        await revokeApiToken(tenantContextOf(request, deps.database), request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
