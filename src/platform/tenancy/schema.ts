// The tenant: the company using the product. Its row is the root every tenant row points to.
import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamps, versionColumn } from '../db/columns.js';

export interface TaxSettings {
  standardRate: number;
  reducedRate: number;
  /** How the per-rate tax of an invoice is rounded to whole yen. */
  rounding: 'floor' | 'half_up' | 'ceil';
}

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    timeZone: text('time_zone').notNull().default('Asia/Tokyo'),
    currency: text('currency').notNull().default('JPY'),
    taxSettings: jsonb('tax_settings')
      .$type<TaxSettings>()
      .notNull()
      .default({ standardRate: 10, reducedRate: 8, rounding: 'floor' }),
    invoiceRegistrationNumber: text('invoice_registration_number'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    uniqueIndex('tenants_slug_key').on(t.slug),
    check('tenants_slug_format', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`),
  ],
);

/** Per-tenant counters for the numbers people read (customer code, order number ...). */
export const numberSequences = pgTable(
  'number_sequences',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    lastValue: integer('last_value').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);
