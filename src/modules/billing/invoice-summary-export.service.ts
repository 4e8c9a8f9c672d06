// 各種データ出力: every invoice of the tenant, one row per invoice (header, totals, payment),
// newest billing month last (id order is creation order). Read in keyset pages, each in its
// own short tenant transaction, like the month's line CSV (invoice-export.service.ts).
import type { Readable } from 'node:stream';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import {
  CSV_PAGE_SIZE,
  type CsvColumn,
  type CsvOptions,
  csvStream,
  keysetPages,
} from '../../platform/csv/csv-stream.js';
import { billingAccounts, customers } from '../customers/index.js';
import { invoices } from './schema.js';

interface InvoiceRow {
  id: string;
  number: string | null;
  kind: 'invoice' | 'credit_note';
  status: 'draft' | 'issued';
  billingMonth: string;
  customerCode: string;
  customerName: string;
  billingAccountNumber: string;
  issueDate: string | null;
  dueDate: string | null;
  subtotal: number;
  taxTotal: number;
  total: number;
  paidAmount: number;
  paymentStatus: 'unpaid' | 'partially_paid' | 'paid' | 'overdue';
}

const KIND_LABELS = {
  invoice: { ja: '請求書', en: 'invoice' },
  credit_note: { ja: '赤伝', en: 'credit_note' },
} as const;
const STATUS_LABELS = {
  draft: { ja: '下書き', en: 'draft' },
  issued: { ja: '発行済', en: 'issued' },
} as const;
const PAYMENT_STATUS_LABELS = {
  unpaid: { ja: '未入金', en: 'unpaid' },
  partially_paid: { ja: '一部入金', en: 'partially_paid' },
  paid: { ja: '入金済', en: 'paid' },
  overdue: { ja: '期限超過', en: 'overdue' },
} as const;

export const INVOICE_COLUMNS: readonly CsvColumn<InvoiceRow>[] = [
  { ja: '請求番号', en: 'Invoice number', value: (row) => row.number },
  { ja: '種別', en: 'Kind', value: (row, language) => KIND_LABELS[row.kind][language] },
  { ja: '状態', en: 'Status', value: (row, language) => STATUS_LABELS[row.status][language] },
  { ja: '請求年月', en: 'Billing month', value: (row) => row.billingMonth },
  { ja: '顧客コード', en: 'Customer code', value: (row) => row.customerCode },
  { ja: '顧客名', en: 'Customer name', value: (row) => row.customerName },
  { ja: '請求アカウント', en: 'Billing account', value: (row) => row.billingAccountNumber },
  { ja: '発行日', en: 'Issue date', value: (row) => row.issueDate },
  { ja: '支払期限', en: 'Due date', value: (row) => row.dueDate },
  { ja: '小計', en: 'Subtotal', value: (row) => row.subtotal },
  { ja: '消費税', en: 'Tax', value: (row) => row.taxTotal },
  { ja: '合計', en: 'Total', value: (row) => row.total },
  { ja: '入金額', en: 'Paid amount', value: (row) => row.paidAmount },
  {
    ja: '入金状況',
    en: 'Payment status',
    value: (row, language) => PAYMENT_STATUS_LABELS[row.paymentStatus][language],
  },
];

function readPage(context: TenantContext, after: string | undefined, size: number): Promise<InvoiceRow[]> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, (tx) =>
    tx
      .select({
        id: invoices.id,
        number: invoices.number,
        kind: invoices.kind,
        status: invoices.status,
        billingMonth: invoices.billingMonth,
        customerCode: customers.code,
        customerName: invoices.customerName,
        billingAccountNumber: billingAccounts.number,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        subtotal: invoices.subtotal,
        taxTotal: invoices.taxTotal,
        total: invoices.total,
        paidAmount: invoices.paidAmount,
        paymentStatus: invoices.paymentStatus,
      })
      .from(invoices)
      .innerJoin(
        customers,
        and(eq(customers.tenantId, invoices.tenantId), eq(customers.id, invoices.customerId)),
      )
      .innerJoin(
        billingAccounts,
        and(
          eq(billingAccounts.tenantId, invoices.tenantId),
          eq(billingAccounts.id, invoices.billingAccountId),
        ),
      )
      .where(and(eq(invoices.tenantId, tenantId), after ? gt(invoices.id, after) : undefined))
      .orderBy(asc(invoices.id))
      .limit(size),
  );
}

/** Every invoice of the tenant as CSV bytes, one row per invoice. */
export function exportInvoicesCsv(context: TenantContext, options: CsvOptions): Readable {
  const pages = keysetPages<InvoiceRow, string>(
    CSV_PAGE_SIZE,
    (after, size) => readPage(context, after, size),
    (row) => row.id,
  );
  return csvStream(pages, INVOICE_COLUMNS, options);
}
