// The dev outbox: with no SMTP configured, mail is kept here and admins read it in the app.
import { foreignKey, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenantColumns } from '../db/columns.js';
import { tenants } from '../tenancy/schema.js';

export const mailOutbox = pgTable(
  'mail_outbox',
  {
    ...tenantColumns,
    to: text('to').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('mail_outbox_created_idx').on(t.tenantId, t.id),
  ],
);
