// Custom attribute definitions (カスタム属性): per tenant, for customers and for products.
// Values live on the records (`attributes` jsonb) and are validated against these.
import {
  boolean,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps, versionColumn } from '../../platform/db/columns.js';
import { tenants } from '../../platform/tenancy/schema.js';

export const ATTRIBUTE_TYPES = ['text', 'number', 'date', 'boolean', 'select', 'multi_select'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export type AttributeEntity = 'customer' | 'product';

export interface AttributeOption {
  value: string;
  labelJa: string;
  labelEn?: string | null;
}

export const attributeDefinitions = pgTable(
  'attribute_definitions',
  {
    ...tenantColumns,
    entity: text('entity', { enum: ['customer', 'product'] }).notNull(),
    /** Stable key of the value in `attributes` (e.g. `contract_holder`); never changes. */
    key: text('key').notNull(),
    labelJa: text('label_ja').notNull(),
    labelEn: text('label_en'),
    type: text('type', { enum: ATTRIBUTE_TYPES }).notNull(),
    required: boolean('required').notNull().default(false),
    options: jsonb('options').$type<AttributeOption[]>().notNull().default([]),
    position: integer('position').notNull().default(0),
    retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('attribute_definitions_key').on(t.tenantId, t.entity, t.key),
  ],
);
