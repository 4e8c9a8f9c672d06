// The dev outbox, readable by admins when no SMTP server is configured.
import Type from 'typebox';
import type { Database } from '../db/database.js';
import { Instant, PageQuery, pageOfSchema, tenantContextOf } from '../http/schemas.js';
import type { App } from '../http/types.js';
import { decodeCursor } from '../pagination.js';
import { listOutbox } from './mailer.js';

const OutboxMailSchema = Type.Object(
  { id: Type.String(), to: Type.String(), subject: Type.String(), text: Type.String(), createdAt: Instant },
  { $id: 'OutboxMail' },
);

export function mailRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/dev-outbox',
      {
        config: { access: 'mail_outbox.read' },
        schema: {
          tags: ['mail'],
          summary: 'Mail kept in the dev outbox (no SMTP configured), newest first',
          querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
          response: { 200: pageOfSchema(OutboxMailSchema) },
        },
      },
      async (request) =>
        listOutbox(database, tenantContextOf(request, database).tenantId, {
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
        }),
    );
  };
}
