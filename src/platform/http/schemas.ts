// Schema pieces every route uses: problem answers, pagination, ids, nullable values.

import type { FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import type { TenantContext } from '../context.js';
import type { Database } from '../db/database.js';
import { DomainError } from '../domain-error.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../pagination.js';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable error code, e.g. version_conflict' }),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', title: 'Problem (RFC 9457)' },
);

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

// The plain form only: Ajv's `uuid` format also takes `urn:uuid:…`, which PostgreSQL refuses.
export const Uuid = Type.String({
  format: 'uuid',
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
export const IdParams = Type.Object({ id: Uuid });
export const Instant = Type.String({ format: 'date-time' });

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const pageOfSchema = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });

export const itemsOfSchema = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

/** The tenant, actor and language of an authenticated request. */
export function tenantContextOf(request: FastifyRequest, database: Database): TenantContext {
  const principal = request.principal;
  if (!principal) throw new DomainError('unauthenticated');
  return {
    database,
    tenantId: principal.tenantId,
    actor: { id: principal.userId, name: principal.name },
    locale: request.locale,
    customerScope: principal.kind === 'portal' ? principal.customerId : null,
  };
}
