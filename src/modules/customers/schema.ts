// Customers (顧客) and their billing accounts (請求アカウント). `search_key` holds the name
// and kana folded (NFKC, katakana to hiragana, legal forms and spaces removed) for the
// trigram index that serves partial Japanese name search.
import { sql } from 'drizzle-orm';
import {
  boolean,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenantColumns, timestamps, versionColumn } from '../../platform/db/columns.js';
import { tenants } from '../../platform/tenancy/schema.js';

export const PAYMENT_METHODS = ['bank_transfer', 'direct_debit', 'credit_card', 'non_billable'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const customers = pgTable(
  'customers',
  {
    ...tenantColumns,
    /** 顧客コード, e.g. C000001, unique per tenant. */
    code: text('code').notNull(),
    kind: text('kind', { enum: ['organization', 'person'] }).notNull(),
    name: text('name').notNull(),
    nameKana: text('name_kana'),
    searchKey: text('search_key').notNull(),
    lifecycle: text('lifecycle', { enum: ['prospect', 'account'] })
      .notNull()
      .default('account'),
    postalCode: text('postal_code'),
    prefecture: text('prefecture'),
    city: text('city'),
    line1: text('line1'),
    line2: text('line2'),
    phone: text('phone'),
    /** The phone's digits only, for search by phone number. */
    phoneDigits: text('phone_digits'),
    email: text('email'),
    /** 顧客区分, e.g. 業務用/加入店, 未加入店. */
    customerClass: text('customer_class'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['active', 'merged'] })
      .notNull()
      .default('active'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex('customers_code_key').on(t.tenantId, t.code),
    index('customers_search_key_trgm').using('gin', sql`${t.searchKey} gin_trgm_ops`),
    index('customers_phone_digits_idx').on(t.tenantId, t.phoneDigits),
  ],
);

export const billingAccounts = pgTable(
  'billing_accounts',
  {
    ...tenantColumns,
    customerId: uuid('customer_id').notNull(),
    /** 請求アカウント番号, e.g. B000001. */
    number: text('number').notNull(),
    name: text('name').notNull(),
    paymentMethod: text('payment_method', { enum: PAYMENT_METHODS }).notNull().default('bank_transfer'),
    /** Payment terms (billing.md): the due date is the end of the month after the issue date by default. */
    paymentTerms: text('payment_terms', { enum: ['end_of_next_month', 'end_of_month_after_next'] })
      .notNull()
      .default('end_of_next_month'),
    isDefault: boolean('is_default').notNull().default(false),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    uniqueIndex('billing_accounts_number_key').on(t.tenantId, t.number),
    index('billing_accounts_customer_idx').on(t.tenantId, t.customerId),
    uniqueIndex('billing_accounts_one_default').on(t.tenantId, t.customerId).where(sql`${t.isDefault}`),
  ],
);
