// Orders (注文), contracts (契約) and line items (明細). A new order is a checkout: one
// contract with one line item per product. Add, reduce and terminate orders name one line
// item. Order items record each change with its quantity, so a line item's quantity in use
// and its history (billing reads it) follow from its completed order items.
import { sql } from 'drizzle-orm';
import {
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps, versionColumn } from '../../platform/db/columns.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { type PriceSnapshot, products } from '../catalog/index.js';
import { billingAccounts, customers } from '../customers/index.js';

const day = (name: string) => date(name, { mode: 'string' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const contracts = pgTable(
  'contracts',
  {
    ...tenantColumns,
    /** 契約番号, e.g. K000001. */
    number: text('number').notNull(),
    customerId: uuid('customer_id').notNull(),
    billingAccountId: uuid('billing_account_id').notNull(),
    name: text('name'),
    remarks: text('remarks'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({
      columns: [t.tenantId, t.billingAccountId],
      foreignColumns: [billingAccounts.tenantId, billingAccounts.id],
    }),
    uniqueIndex('contracts_number_key').on(t.tenantId, t.number),
    index('contracts_customer_idx').on(t.tenantId, t.customerId),
    // A billing run's batch reads the contracts of a range of billing accounts.
    index('contracts_billing_account_idx').on(t.tenantId, t.billingAccountId),
    // 契約名 searched width-folded (ＡＢＣ finds ABC, ｶﾅ finds カナ): trigrams of the NFKC form.
    index('contracts_name_trgm').using('gin', sql`normalize(${t.name}, NFKC) gin_trgm_ops`),
  ],
);

export const LINE_ITEM_STATUSES = ['ordered', 'active', 'terminated', 'cancelled'] as const;

export const lineItems = pgTable(
  'line_items',
  {
    ...tenantColumns,
    /** 明細番号, e.g. L000001. */
    number: text('number').notNull(),
    contractId: uuid('contract_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    productId: uuid('product_id').notNull(),
    /** 受注 / 利用中 / 解約 / キャンセル. */
    status: text('status', { enum: LINE_ITEM_STATUSES }).notNull().default('ordered'),
    /** Quantity in use: the sum of its completed orders (0 until the new order completes). */
    quantity: integer('quantity').notNull().default(0),
    /** 完成日(開通日) of the new order. */
    completedOn: day('completed_on'),
    chargeStartDate: day('charge_start_date'),
    /** Last day of service: the terminate order's completion date. */
    endDate: day('end_date'),
    serialNumber: text('serial_number'),
    /** The product's price and terms when the new order was placed (billing.md rule 8). */
    priceSnapshot: jsonb('price_snapshot').$type<PriceSnapshot>().notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.contractId], foreignColumns: [contracts.tenantId, contracts.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    uniqueIndex('line_items_number_key').on(t.tenantId, t.number),
    index('line_items_contract_idx').on(t.tenantId, t.contractId),
    index('line_items_customer_idx').on(t.tenantId, t.customerId, t.status),
  ],
);

export const ORDER_KINDS = ['new', 'add', 'reduce', 'terminate'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

export const orders = pgTable(
  'orders',
  {
    ...tenantColumns,
    /** 注文番号, e.g. O000001. */
    number: text('number').notNull(),
    kind: text('kind', { enum: ORDER_KINDS }).notNull(),
    customerId: uuid('customer_id').notNull(),
    contractId: uuid('contract_id').notNull(),
    /** 注文処理中 / 完了 / キャンセル. */
    status: text('status', { enum: ['processing', 'completed', 'cancelled'] })
      .notNull()
      .default('processing'),
    /** The order date; staff may back-date it (orders on paper, migration). */
    orderedOn: day('ordered_on').notNull(),
    channel: text('channel', { enum: ['staff', 'portal'] }).notNull(),
    placedBy: uuid('placed_by'),
    completedOn: day('completed_on'),
    cancelReason: text('cancel_reason'),
    cancelledAt: at('cancelled_at'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({ columns: [t.tenantId, t.contractId], foreignColumns: [contracts.tenantId, contracts.id] }),
    uniqueIndex('orders_number_key').on(t.tenantId, t.number),
    index('orders_customer_idx').on(t.tenantId, t.customerId, t.status),
    index('orders_contract_idx').on(t.tenantId, t.contractId),
  ],
);

export const orderItems = pgTable(
  'order_items',
  {
    ...tenantColumns,
    orderId: uuid('order_id').notNull(),
    lineItemId: uuid('line_item_id').notNull(),
    productId: uuid('product_id').notNull(),
    kind: text('kind', { enum: ORDER_KINDS }).notNull(),
    /** new / add: the quantity ordered; reduce: the quantity removed; terminate: the quantity ended. */
    quantity: integer('quantity').notNull(),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['processing', 'completed', 'cancelled'] })
      .notNull()
      .default('processing'),
    completedOn: day('completed_on'),
    chargeStartDate: day('charge_start_date'),
    serialNumber: text('serial_number'),
    /** 確定日: when staff confirmed it. */
    confirmedAt: at('confirmed_at'),
    confirmedBy: uuid('confirmed_by'),
    cancelReason: text('cancel_reason'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orderId], foreignColumns: [orders.tenantId, orders.id] }),
    foreignKey({ columns: [t.tenantId, t.lineItemId], foreignColumns: [lineItems.tenantId, lineItems.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }),
    index('order_items_order_idx').on(t.tenantId, t.orderId),
    index('order_items_line_item_idx').on(t.tenantId, t.lineItemId, t.status),
    // A line item has at most one processing order (domain.md §5), also under concurrency.
    uniqueIndex('order_items_one_processing_per_line_item')
      .on(t.tenantId, t.lineItemId)
      .where(sql`${t.status} = 'processing'`),
  ],
);
