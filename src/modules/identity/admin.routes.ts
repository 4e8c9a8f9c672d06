// Administration: users, roles, org units, tenant settings.
import Type from 'typebox';
import {
  IdParams,
  Instant,
  itemsOfSchema,
  Nullable,
  PageQuery,
  pageOfSchema,
  tenantContextOf,
  Uuid,
} from '../../platform/http/schemas.js';
import { type App, AUTHENTICATED } from '../../platform/http/types.js';
import { decodeCursor } from '../../platform/pagination.js';
import { getTenant, updateTenantSettings } from '../../platform/tenancy/service.js';
import type { IdentityDeps } from './deps.js';
import { createOrgUnit, deleteOrgUnit, listOrgUnits, updateOrgUnit } from './org-unit.service.js';
import { PASSWORD_MAX_LENGTH } from './password.rules.js';
import { ROLE_PERMISSIONS, ROLES } from './permissions.rules.js';
import { createUser, getUser, listUsers, sendResetByAdmin, updateUser } from './user.service.js';

const Locale = Type.Union([Type.Literal('ja'), Type.Literal('en')]);
const Role = Type.Union(ROLES.map((role) => Type.Literal(role)));

const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    orgUnitId: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
    active: Type.Boolean(),
    locale: Locale,
    lastLoginAt: Nullable(Instant),
    version: Type.Integer(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { $id: 'User' },
);

const OrgUnitKind = Type.Union([
  Type.Literal('head_office'),
  Type.Literal('branch'),
  Type.Literal('back_office'),
  Type.Literal('sales'),
  Type.Literal('other'),
]);

const OrgUnitSchema = Type.Object(
  {
    id: Type.String(),
    parentId: Nullable(Type.String()),
    code: Nullable(Type.String()),
    name: Type.String(),
    kind: OrgUnitKind,
    version: Type.Integer(),
  },
  { $id: 'OrgUnit' },
);

const TaxSettingsSchema = Type.Object(
  {
    standardRate: Type.Integer({ minimum: 0, maximum: 100 }),
    reducedRate: Type.Integer({ minimum: 0, maximum: 100 }),
    rounding: Type.Union([Type.Literal('floor'), Type.Literal('half_up'), Type.Literal('ceil')]),
  },
  { additionalProperties: false },
);

const TenantSchema = Type.Object(
  {
    id: Type.String(),
    slug: Type.String(),
    name: Type.String(),
    timeZone: Type.String(),
    currency: Type.String(),
    taxSettings: TaxSettingsSchema,
    invoiceRegistrationNumber: Nullable(Type.String()),
    version: Type.Integer(),
  },
  { $id: 'Tenant' },
);

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Email = Type.String({ format: 'email', maxLength: 254 });

export function adminRoutes(deps: IdentityDeps) {
  const { database } = deps;
  return async (app: App) => {
    app.get(
      '/users',
      {
        config: { access: 'users.read' },
        schema: {
          tags: ['users'],
          summary: 'Search users by name or email',
          querystring: Type.Object(
            { q: Type.Optional(Type.String({ maxLength: 200 })), ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(UserSchema) },
        },
      },
      async (request) =>
        listUsers(tenantContextOf(request, database), {
          q: request.query.q,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );

    app.post(
      '/users',
      {
        config: { access: 'users.manage' },
        schema: {
          tags: ['users'],
          summary: 'Create a user; without a password an invitation mail is sent',
          body: Type.Object(
            {
              email: Email,
              name: Name,
              orgUnitId: Type.Optional(Nullable(Uuid)),
              roles: Type.Array(Role, { maxItems: ROLES.length }),
              active: Type.Optional(Type.Boolean()),
              locale: Type.Optional(Locale),
              password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              ...UserSchema.properties,
              invitation: Type.Union(
                [Type.Literal('sent'), Type.Literal('failed'), Type.Literal('not_needed')],
                {
                  description: 'Whether the invitation mail (users created without a password) went out',
                },
              ),
            }),
          },
        },
      },
      async (request, reply) => {
        const user = await createUser(deps, tenantContextOf(request, database), request.body);
        return reply.code(201).send(user);
      },
    );

    app.get(
      '/users/:id',
      {
        config: { access: 'users.read' },
        schema: { tags: ['users'], summary: 'A user', params: IdParams, response: { 200: UserSchema } },
      },
      async (request) => getUser(tenantContextOf(request, database), request.params.id),
    );

    app.patch(
      '/users/:id',
      {
        config: { access: 'users.manage' },
        schema: {
          tags: ['users'],
          summary: 'Edit a user (with the version read)',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              name: Type.Optional(Name),
              orgUnitId: Type.Optional(Nullable(Uuid)),
              roles: Type.Optional(Type.Array(Role, { maxItems: ROLES.length })),
              active: Type.Optional(Type.Boolean()),
              locale: Type.Optional(Locale),
            },
            { additionalProperties: false },
          ),
          response: { 200: UserSchema },
        },
      },
      async (request) => updateUser(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.post(
      '/users/:id/password-reset',
      {
        config: { access: 'users.manage' },
        schema: {
          tags: ['users'],
          summary: 'Mail the user a password reset link',
          params: IdParams,
          response: { 202: Type.Object({ accepted: Type.Boolean() }) },
        },
      },
      async (request, reply) => {
        await sendResetByAdmin(deps, tenantContextOf(request, database), request.params.id);
        return reply.code(202).send({ accepted: true });
      },
    );

    app.get(
      '/roles',
      {
        config: { access: AUTHENTICATED },
        schema: {
          tags: ['users'],
          summary: 'Roles and the permissions each grants',
          response: {
            200: itemsOfSchema(Type.Object({ role: Type.String(), permissions: Type.Array(Type.String()) })),
          },
        },
      },
      async () => ({ items: ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] })) }),
    );

    app.get(
      '/org-units',
      {
        config: { access: 'org_units.read' },
        schema: {
          tags: ['org units'],
          summary: 'All org units (flat, with parentId)',
          response: { 200: itemsOfSchema(OrgUnitSchema) },
        },
      },
      async (request) => ({ items: await listOrgUnits(tenantContextOf(request, database)) }),
    );

    app.post(
      '/org-units',
      {
        config: { access: 'org_units.manage' },
        schema: {
          tags: ['org units'],
          summary: 'Create an org unit',
          body: Type.Object(
            {
              name: Name,
              code: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
              kind: Type.Optional(OrgUnitKind),
              parentId: Type.Optional(Nullable(Uuid)),
            },
            { additionalProperties: false },
          ),
          response: { 201: OrgUnitSchema },
        },
      },
      async (request, reply) => {
        const unit = await createOrgUnit(tenantContextOf(request, database), request.body);
        return reply.code(201).send(unit);
      },
    );

    app.patch(
      '/org-units/:id',
      {
        config: { access: 'org_units.manage' },
        schema: {
          tags: ['org units'],
          summary: 'Edit or move an org unit',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              name: Type.Optional(Name),
              code: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
              kind: Type.Optional(OrgUnitKind),
              parentId: Type.Optional(Nullable(Uuid)),
            },
            { additionalProperties: false },
          ),
          response: { 200: OrgUnitSchema },
        },
      },
      async (request) => updateOrgUnit(tenantContextOf(request, database), request.params.id, request.body),
    );

    app.delete(
      '/org-units/:id',
      {
        config: { access: 'org_units.manage' },
        schema: { tags: ['org units'], summary: 'Delete an unused org unit', params: IdParams },
      },
      async (request, reply) => {
        await deleteOrgUnit(tenantContextOf(request, database), request.params.id);
        return reply.code(204).send();
      },
    );

    app.get(
      '/tenant',
      {
        config: { access: AUTHENTICATED },
        schema: { tags: ['tenant'], summary: 'Tenant settings', response: { 200: TenantSchema } },
      },
      async (request) => getTenant(database, request.principal!.tenantId),
    );

    app.patch(
      '/tenant',
      {
        config: { access: 'tenant.manage' },
        schema: {
          tags: ['tenant'],
          summary: 'Change tenant settings (with the version read)',
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              name: Type.Optional(Name),
              timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
              taxSettings: Type.Optional(TaxSettingsSchema),
              invoiceRegistrationNumber: Type.Optional(Nullable(Type.String({ maxLength: 14 }))),
            },
            { additionalProperties: false },
          ),
          response: { 200: TenantSchema },
        },
      },
      async (request) => {
        const context = tenantContextOf(request, database);
        return updateTenantSettings(database, context.tenantId, context.actor, request.body);
      },
    );
  };
}
