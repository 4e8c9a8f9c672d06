// 顧客アカウント管理: portal users (a customer's logins): search, create, read, send the
// invitation again, delete.
import Type from 'typebox';
import {
  IdParams,
  Instant,
  Nullable,
  PageQuery,
  pageOfSchema,
  tenantContextOf,
  Uuid,
} from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { decodeCursor } from '../../platform/pagination.js';
import type { IdentityDeps } from './deps.js';
import {
  createPortalUser,
  deletePortalUser,
  getPortalUser,
  listPortalUsers,
  resendInvitation,
} from './portal-user.service.js';

const Locale = Type.Enum(['ja', 'en']);

const PortalUserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    customerId: Type.String(),
    customerCode: Type.String(),
    customerName: Type.String(),
    active: Type.Boolean(),
    locale: Locale,
    lastLoginAt: Nullable(Instant),
    createdAt: Instant,
  },
  { $id: 'PortalUser' },
);

export function portalUserRoutes(deps: IdentityDeps) {
  const { database } = deps;
  return async (app: App) => {
    app.get(
      '/portal-users',
      {
        config: { access: 'portal_users.manage' },
        schema: {
          tags: ['portal users'],
          summary: "Search portal users by email or by the customer's name, code or phone",
          querystring: Type.Object(
            {
              q: Type.Optional(Type.String({ maxLength: 200 })),
              customerId: Type.Optional(Uuid),
              ...PageQuery,
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(PortalUserSchema) },
        },
      },
      async (request) =>
        listPortalUsers(tenantContextOf(request, database), {
          q: request.query.q,
          customerId: request.query.customerId,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.post(
      '/portal-users',
      {
        config: { access: 'portal_users.manage' },
        schema: {
          tags: ['portal users'],
          summary: 'Create a portal user for a customer; the invitation mail lets them set a password',
          body: Type.Object(
            {
              customerId: Uuid,
              email: Type.String({ format: 'email', maxLength: 254 }),
              name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' })),
              locale: Type.Optional(Locale),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              ...PortalUserSchema.properties,
              invitation: Type.Enum(['sent', 'failed'], {
                description: 'Whether the invitation mail went out',
              }),
            }),
          },
        },
      },
      async (request, reply) => {
        const user = await createPortalUser(deps, tenantContextOf(request, database), request.body);
        return reply.code(201).send(user);
      },
    );

    app.get(
      '/portal-users/:id',
      {
        config: { access: 'portal_users.manage' },
        schema: {
          tags: ['portal users'],
          summary: 'A portal user',
          params: IdParams,
          response: { 200: PortalUserSchema },
        },
      },
      async (request) => getPortalUser(tenantContextOf(request, database), request.params.id),
    );

    app.post(
      '/portal-users/:id/invitation',
      {
        config: { access: 'portal_users.manage' },
        schema: {
          tags: ['portal users'],
          summary: 'Mail the invitation (a password-setting link) again',
          params: IdParams,
          response: { 202: Type.Object({ accepted: Type.Boolean() }) },
        },
      },
      async (request, reply) => {
        await resendInvitation(deps, tenantContextOf(request, database), request.params.id);
        return reply.code(202).send({ accepted: true });
      },
    );

    app.delete(
      '/portal-users/:id',
      {
        config: { access: 'portal_users.manage' },
        schema: {
          tags: ['portal users'],
          summary: 'Delete a portal user for good (sessions and tokens go with it)',
          params: IdParams,
        },
      },
      async (request, reply) => {
        await deletePortalUser(tenantContextOf(request, database), request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
