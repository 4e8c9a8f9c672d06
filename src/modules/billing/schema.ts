// Billing: runs (in batches of billing accounts), invoices and their lines, and the tenant's
// billing settings. The partial unique indexes on invoice_lines are rule 7 of billing.md:
// a monthly charge is unique per (line item, service month), an initial charge per order
// item, so a re-run, two runs at once or a resumed run can never bill anything twice.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
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
import { billingAccounts, customers } from '../customers/index.js';
import type { TaxablePart } from './invoice-totals.rules.js';
import { PAYMENT_METHODS_RECEIVED } from './payment-status.rules.js';

const day = (name: string) => date(name, { mode: 'string' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const yen = (name: string) => bigint(name, { mode: 'number' });

export interface BankAccount {
  bankName: string;
  branchName: string;
  accountType: 'ordinary' | 'current';
  accountNumber: string;
  accountHolder: string;
}

/** The (choice) settings of billing.md with their defaults; one row per tenant, optional. */
export const billingSettings = pgTable(
  'billing_settings',
  {
    tenantId: uuid('tenant_id').notNull(),
    firstMonth: text('first_month', { enum: ['full', 'free'] })
      .notNull()
      .default('full'),
    quantityBasis: text('quantity_basis', { enum: ['month_end', 'max_in_month'] })
      .notNull()
      .default('month_end'),
    autoIssue: boolean('auto_issue').notNull().default(false),
    pricesIncludeTax: boolean('prices_include_tax').notNull().default(false),
    dueDateShift: text('due_date_shift', { enum: ['next_business_day', 'previous_business_day', 'none'] })
      .notNull()
      .default('next_business_day'),
    bankAccount: jsonb('bank_account').$type<BankAccount | null>(),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
  ],
);

export const BILLING_RUN_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type BillingRunStatus = (typeof BILLING_RUN_STATUSES)[number];

export const billingRuns = pgTable(
  'billing_runs',
  {
    ...tenantColumns,
    billingMonth: text('billing_month').notNull(),
    status: text('status', { enum: BILLING_RUN_STATUSES }).notNull().default('queued'),
    /** A preview: computes what the run would bill and writes no invoice. */
    dryRun: boolean('dry_run').notNull().default(false),
    trigger: text('trigger', { enum: ['user', 'schedule'] })
      .notNull()
      .default('user'),
    jobId: uuid('job_id'),
    batchesTotal: integer('batches_total').notNull().default(0),
    batchesDone: integer('batches_done').notNull().default(0),
    accounts: integer('accounts').notNull().default(0),
    invoices: integer('invoices').notNull().default(0),
    lines: integer('lines').notNull().default(0),
    amount: yen('amount').notNull().default(0),
    error: text('error'),
    createdBy: uuid('created_by'),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    /** Set at every batch; a run in progress whose heartbeat stops is resumed by another worker. */
    heartbeatAt: at('heartbeat_at'),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index('billing_runs_month_idx').on(t.tenantId, t.billingMonth),
  ],
);

/** A run's work split by ranges of billing account ids; each batch commits on its own. */
export const billingRunBatches = pgTable(
  'billing_run_batches',
  {
    tenantId: uuid('tenant_id').notNull(),
    runId: uuid('run_id').notNull(),
    batchNo: integer('batch_no').notNull(),
    firstAccountId: uuid('first_account_id').notNull(),
    lastAccountId: uuid('last_account_id').notNull(),
    status: text('status', { enum: ['pending', 'done'] })
      .notNull()
      .default('pending'),
    accounts: integer('accounts').notNull().default(0),
    lines: integer('lines').notNull().default(0),
    amount: yen('amount').notNull().default(0),
    finishedAt: at('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.runId, t.batchNo] }),
    foreignKey({ columns: [t.tenantId, t.runId], foreignColumns: [billingRuns.tenantId, billingRuns.id] }),
  ],
);

export const INVOICE_STATUSES = ['draft', 'issued'] as const;
export const PAYMENT_STATUSES = ['unpaid', 'partially_paid', 'paid', 'overdue'] as const;

export const invoices = pgTable(
  'invoices',
  {
    ...tenantColumns,
    /** 請求番号, assigned on issue. */
    number: text('number'),
    kind: text('kind', { enum: ['invoice', 'credit_note'] })
      .notNull()
      .default('invoice'),
    billingAccountId: uuid('billing_account_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    billingMonth: text('billing_month').notNull(),
    /** 1 for the month's invoice; 2, 3 ... for supplementary invoices after it was issued. */
    sequence: integer('sequence').notNull().default(1),
    status: text('status', { enum: INVOICE_STATUSES }).notNull().default('draft'),
    /** The invoice a credit note corrects. */
    creditFor: uuid('credit_for'),
    issueDate: day('issue_date'),
    dueDate: day('due_date'),
    subtotal: yen('subtotal').notNull().default(0),
    taxTotal: yen('tax_total').notNull().default(0),
    total: yen('total').notNull().default(0),
    taxes: jsonb('taxes').$type<TaxablePart[]>().notNull().default([]),
    /** Names as of the issue, so an issued invoice reads the same forever. */
    customerName: text('customer_name').notNull(),
    billingAccountName: text('billing_account_name').notNull(),
    paymentTerms: text('payment_terms').notNull(),
    /** Why a credit note was made (credit notes only). */
    creditReason: text('credit_reason'),
    paidAmount: yen('paid_amount').notNull().default(0),
    /** The magnitude of the issued credit notes that correct this invoice. */
    creditedAmount: yen('credited_amount').notNull().default(0),
    paymentStatus: text('payment_status', { enum: PAYMENT_STATUSES }).notNull().default('unpaid'),
    issuedAt: at('issued_at'),
    issuedBy: uuid('issued_by'),
    ...versionColumn,
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.customerId], foreignColumns: [customers.tenantId, customers.id] }),
    foreignKey({
      columns: [t.tenantId, t.billingAccountId],
      foreignColumns: [billingAccounts.tenantId, billingAccounts.id],
    }),
    uniqueIndex('invoices_number_key').on(t.tenantId, t.number),
    uniqueIndex('invoices_account_month_sequence_key')
      .on(t.tenantId, t.billingAccountId, t.billingMonth, t.sequence)
      .where(sql`${t.kind} = 'invoice'`),
    index('invoices_month_idx').on(t.tenantId, t.billingMonth),
    index('invoices_customer_idx').on(t.tenantId, t.customerId),
  ],
);

export const CHARGE_KINDS = ['initial', 'monthly', 'adjustment'] as const;

export const invoiceLines = pgTable(
  'invoice_lines',
  {
    ...tenantColumns,
    invoiceId: uuid('invoice_id').notNull(),
    chargeKind: text('charge_kind', { enum: CHARGE_KINDS }).notNull(),
    lineItemId: uuid('line_item_id'),
    /** The order item of an initial charge. */
    orderItemId: uuid('order_item_id'),
    orderId: uuid('order_id'),
    serviceMonth: text('service_month').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: yen('unit_price').notNull(),
    amount: yen('amount').notNull(),
    taxRate: integer('tax_rate').notNull(),
    /** Adjustment lines' text; charges read their product from the line item's snapshot. */
    description: text('description'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // The invoice, the line item and the order item are checked once per statement by a
    // trigger, not per row by foreign keys: migrations 0008 and 0010, docs/architecture.md.
    index('invoice_lines_invoice_idx').on(t.tenantId, t.invoiceId),
    uniqueIndex('invoice_lines_monthly_key')
      .on(t.tenantId, t.lineItemId, t.serviceMonth)
      .where(sql`${t.chargeKind} = 'monthly'`),
    uniqueIndex('invoice_lines_initial_key')
      .on(t.tenantId, t.orderItemId)
      .where(sql`${t.chargeKind} = 'initial'`),
  ],
);

/** 入金: money received against an issued invoice. Recorded, never edited. */
export const payments = pgTable(
  'payments',
  {
    ...tenantColumns,
    invoiceId: uuid('invoice_id').notNull(),
    receivedOn: day('received_on').notNull(),
    amount: yen('amount').notNull(),
    method: text('method', { enum: PAYMENT_METHODS_RECEIVED }).notNull(),
    reference: text('reference'),
    /** How it was recorded: by hand or by a CSV import (the import's id). */
    importId: uuid('import_id'),
    createdBy: uuid('created_by'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.invoiceId], foreignColumns: [invoices.tenantId, invoices.id] }),
    index('payments_invoice_idx').on(t.tenantId, t.invoiceId),
    check('payments_amount_positive', sql`${t.amount} > 0`),
  ],
);
