// 各種データ出力: every invoice of the tenant, one row per invoice (header, totals, payment),
// in creation order (invoice id), read by `queryPages` like the month's line CSV.
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { type CsvColumn, type CsvOptions, csvStream } from '../../platform/csv/csv-stream.js';
import { type PagedQuery, queryPages } from '../../platform/db/query-pages.js';
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

function invoicesOf(tenantId: string): PagedQuery<InvoiceRow> {
  return {
    select: sql`select i.id, i.number, i.kind, i.status, i.billing_month, c.code as customer_code,
        i.customer_name, ba.number as billing_account_number,
        i.issue_date::text as issue_date, i.due_date::text as due_date,
        i.subtotal::float8 as subtotal, i.tax_total::float8 as tax_total, i.total::float8 as total,
        i.paid_amount::float8 as paid_amount, i.payment_status
      from ${invoices} i
      join ${customers} c on c.tenant_id = i.tenant_id and c.id = i.customer_id
      join ${billingAccounts} ba on ba.tenant_id = i.tenant_id and ba.id = i.billing_account_id
      where i.tenant_id = ${tenantId}`,
    keys: [{ column: sql`i.id`, type: 'uuid' }],
    keyOf: (row) => [row.id],
    row: (raw) => ({
      id: raw.id as string,
      number: raw.number as string | null,
      kind: raw.kind as InvoiceRow['kind'],
      status: raw.status as InvoiceRow['status'],
      billingMonth: raw.billing_month as string,
      customerCode: raw.customer_code as string,
      customerName: raw.customer_name as string,
      billingAccountNumber: raw.billing_account_number as string,
      issueDate: raw.issue_date as string | null,
      dueDate: raw.due_date as string | null,
      subtotal: Number(raw.subtotal),
      taxTotal: Number(raw.tax_total),
      total: Number(raw.total),
      paidAmount: Number(raw.paid_amount),
      paymentStatus: raw.payment_status as InvoiceRow['paymentStatus'],
    }),
  };
}

/** Every invoice of the tenant as CSV bytes, one row per invoice. */
export function exportInvoicesCsv(context: TenantContext, options: CsvOptions): Readable {
  const rows = queryPages(context.database, context.tenantId, invoicesOf(context.tenantId));
  return csvStream(rows, INVOICE_COLUMNS, options);
}
