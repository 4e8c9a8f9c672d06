// The change history of one record: GET /audit?entity=&id=.
import Type from 'typebox';
import type { Database } from '../db/database.js';
import { Instant, Nullable, PageQuery, pageOfSchema, tenantContextOf, Uuid } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { decodeCursor } from '../pagination.js';
import { listChanges } from './service.js';

const AuditEntrySchema = Type.Object(
  {
    id: Type.String(),
    at: Instant,
    actorId: Nullable(Type.String()),
    actorName: Type.String(),
    entity: Type.String(),
    entityId: Type.String(),
    action: Type.String(),
    before: Type.Unknown(),
    after: Type.Unknown(),
  },
  { $id: 'AuditEntry' },
);

export function auditRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/audit',
      {
        config: { access: 'audit.read' },
        schema: {
          tags: ['audit'],
          summary: 'Changes of one record, newest first',
          querystring: Type.Object(
            { entity: Type.String({ minLength: 1, maxLength: 50 }), id: Uuid, ...PageQuery },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(AuditEntrySchema) },
        },
      },
      async (request) =>
        listChanges(database, tenantContextOf(request, database).tenantId, {
          entity: request.query.entity,
          entityId: request.query.id,
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );
  };
}
