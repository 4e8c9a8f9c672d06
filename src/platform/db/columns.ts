// Column sets every tenant table shares (architecture rule 3: tenant_id leads every key).
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

export const tenantColumns = {
  tenantId: uuid('tenant_id').notNull(),
  id: uuid('id').notNull(),
};

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

/** Optimistic concurrency: a PATCH names the version it read; a stale one answers 409. */
export const versionColumn = {
  version: integer('version').notNull().default(1),
};
