// The audit log: who changed what, when, with the record before and after.
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenantColumns } from '../db/columns.js';
import { tenants } from '../tenancy/schema.js';

export const auditLog = pgTable(
  'audit_log',
  {
    ...tenantColumns,
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    entity: text('entity').notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('audit_log_entity_idx').on(t.tenantId, t.entity, t.entityId, t.id),
  ],
);
