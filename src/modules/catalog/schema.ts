// The catalog (商品テンプレート): products with their pricing, tax category and fulfilment,
// and the product attributes (商品カスタム属性) linked to each.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps, versionColumn } from '../../platform/db/columns.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { attributeDefinitions } from '../attributes/index.js';

export const products = pgTable(
  'products',
  {
    ...tenantColumns,
    code: text('code').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    status: text('status', { enum: ['draft', 'published'] })
      .notNull()
      .default('draft'),
    taxCategory: text('tax_category', { enum: ['standard', 'reduced', 'exempt'] })
      .notNull()
      .default('standard'),
    fulfilment: text('fulfilment', { enum: ['immediate', 'carrier'] })
      .notNull()
      .default('immediate'),
    /** For carrier products: the serial number must match this pattern (e.g. `^P\d{13}$`). */
    serialNumberPattern: text('serial_number_pattern'),
    /** 取次: sold for a carrier, no revenue here (billed amounts are 0). */
    agency: boolean('agency').notNull().default(false),
    pricingPattern: text('pricing_pattern', {
      enum: ['initial_and_monthly', 'monthly_only', 'initial_only'],
    }).notNull(),
    initialFee: integer('initial_fee').notNull().default(0),
    monthlyFee: integer('monthly_fee').notNull().default(0),
    quantityLinkedInitialFee: boolean('quantity_linked_initial_fee').notNull().default(false),
    freePeriodUnit: text('free_period_unit', { enum: ['month', 'day'] })
      .notNull()
      .default('month'),
    freePeriodLength: integer('free_period_length').notNull().default(0),
    /** billing.md (choice) `firstMonth` for this product; null: the tenant's setting. */
    billingFirstMonth: text('billing_first_month', { enum: ['full', 'free'] }),
    /** billing.md (choice) `quantityBasis` for this product; null: the tenant's setting. */
    billingQuantityBasis: text('billing_quantity_basis', { enum: ['month_end', 'max_in_month'] }),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('products_code_key').on(t.tenantId, t.code),
    // The billing choices are read by the engine from the snapshots orders copy: only its words.
    check('products_billing_first_month_check', sql`${t.billingFirstMonth} in ('full', 'free')`),
    check(
      'products_billing_quantity_basis_check',
      sql`${t.billingQuantityBasis} in ('month_end', 'max_in_month')`,
    ),
  ],
);

/** Which product attributes a product asks for at order time. */
export const productAttributes = pgTable(
  'product_attributes',
  {
    tenantId: uuid('tenant_id').notNull(),
    productId: uuid('product_id').notNull(),
    attributeDefinitionId: uuid('attribute_definition_id').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.productId, t.attributeDefinitionId] }),
    foreignKey({
      columns: [t.tenantId, t.productId],
      foreignColumns: [products.tenantId, products.id],
    }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.attributeDefinitionId],
      foreignColumns: [attributeDefinitions.tenantId, attributeDefinitions.id],
    }).onDelete('cascade'),
  ],
);
