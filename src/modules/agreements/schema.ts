// Master agreements (基本契約): which products a customer may buy, and from when.
import {
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps, versionColumn } from '../../platform/db/columns.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { products } from '../catalog/index.js';
import { customers } from '../customers/index.js';

export const agreements = pgTable(
  'agreements',
  {
    ...tenantColumns,
    /** 基本契約番号, e.g. A000001. */
    number: text('number').notNull(),
    customerId: uuid('customer_id').notNull(),
    name: text('name'),
    remarks: text('remarks'),
    status: text('status', { enum: ['draft', 'scheduled', 'on_sale'] })
      .notNull()
      .default('draft'),
    /** 販売開始日 in the tenant time zone: set by 販売開始 (today) or 予約 (a future date). */
    saleStartDate: date('sale_start_date', { mode: 'string' }),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    uniqueIndex('agreements_number_key').on(t.tenantId, t.number),
    index('agreements_customer_idx').on(t.tenantId, t.customerId),
    index('agreements_scheduled_idx').on(t.tenantId, t.status, t.saleStartDate),
  ],
);

export const agreementProducts = pgTable(
  'agreement_products',
  {
    tenantId: uuid('tenant_id').notNull(),
    agreementId: uuid('agreement_id').notNull(),
    productId: uuid('product_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.agreementId, t.productId] }),
    foreignKey({
      columns: [t.tenantId, t.agreementId],
      foreignColumns: [agreements.tenantId, agreements.id],
    }).onDelete('cascade'),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index('agreement_products_product_idx').on(t.tenantId, t.productId),
  ],
);
