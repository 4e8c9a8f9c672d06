// 請求データのcsvダウンロード (billing.md "CSV download of a month's billing data"): every
// invoice line of a billing month, all customers, in the columns and order billing.md gives,
// ordered by invoice id, then line id. On PostgreSQL the server writes the CSV itself
// (`COPY ... TO STDOUT`, platform/csv/copy-csv.ts: a million lines cost about what the COPY
// costs); on PGlite the rows are read in keyset pages of 5,000 and written by csvStream, to
// the same bytes. Either way the lines pass in constant memory as fast as the client reads.
import type { Readable } from 'node:stream';
import { type SQL, sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { type CopyColumn, copyCsv, csvColumnsSql, csvTextSql } from '../../platform/csv/copy-csv.js';
import {
  type CsvColumn,
  type CsvHeaderLanguage,
  type CsvOptions,
  csvStream,
} from '../../platform/csv/csv-stream.js';
import { type PagedQuery, type PageOptions, queryPages } from '../../platform/db/query-pages.js';
import { billingAccounts, customers } from '../customers/index.js';
import { contracts, lineItems } from '../ordering/index.js';
import { requireBillingMonth } from './billing-month-input.js';
import { invoiceLines, invoices } from './schema.js';

export interface InvoiceLineExportQuery extends CsvOptions {
  billingMonth: string;
}

/**
 * A row as the driver answers it (snake_case, numbers already numbers: int4 and float8):
 * a million rows are written without a second object each.
 */
interface ExportLine {
  invoice_id: string;
  line_id: string;
  invoice_number: string | null;
  billing_month: string;
  customer_code: string;
  customer_name: string;
  billing_account_number: string;
  contract_number: string | null;
  contract_name: string | null;
  line_item_number: string | null;
  product_code: string | null;
  product_name: string | null;
  description: string | null;
  charge_kind: 'initial' | 'monthly' | 'adjustment';
  service_month: string;
  quantity: number;
  unit_price: number;
  amount: number;
  tax_rate: number;
}

const CHARGE_KIND_LABELS = {
  initial: { ja: '初期', en: 'initial' },
  monthly: { ja: '月額', en: 'monthly' },
  adjustment: { ja: '調整', en: 'adjustment' },
} as const;

/** A column as csvStream writes it from a row and as COPY writes it in SQL. */
type ExportColumn = CsvColumn<ExportLine> & CopyColumn;

const text = (value: SQL) => () => csvTextSql(value);
const integer = (value: SQL) => () => value;
const chargeKindLabel = (language: CsvHeaderLanguage) =>
  sql`(case l.charge_kind ${sql.join(
    Object.entries(CHARGE_KIND_LABELS).map(([kind, label]) => sql`when ${kind} then ${label[language]}`),
    sql` `,
  )} end)`;

/** The columns of billing.md, in its order. */
export const INVOICE_LINE_COLUMNS: readonly ExportColumn[] = [
  {
    ja: '請求番号',
    en: 'Invoice number',
    value: (line) => line.invoice_number,
    cell: text(sql`i.number`),
  },
  {
    ja: '請求年月',
    en: 'Billing month',
    value: (line) => line.billing_month,
    cell: text(sql`i.billing_month`),
  },
  { ja: '顧客コード', en: 'Customer code', value: (line) => line.customer_code, cell: text(sql`c.code`) },
  {
    ja: '顧客名',
    en: 'Customer name',
    value: (line) => line.customer_name,
    cell: text(sql`i.customer_name`),
  },
  {
    ja: '請求アカウント',
    en: 'Billing account',
    value: (line) => line.billing_account_number,
    cell: text(sql`ba.number`),
  },
  {
    ja: '契約番号',
    en: 'Contract number',
    value: (line) => line.contract_number,
    cell: text(sql`k.number`),
  },
  { ja: '契約名', en: 'Contract name', value: (line) => line.contract_name, cell: text(sql`k.name`) },
  {
    ja: '明細番号',
    en: 'Line item number',
    value: (line) => line.line_item_number,
    cell: text(sql`li.number`),
  },
  {
    ja: '商品コード',
    en: 'Product code',
    value: (line) => line.product_code,
    cell: text(sql`(li.price_snapshot->>'productCode')`),
  },
  // An adjustment line's text stands where a charge names its product.
  {
    ja: '商品名',
    en: 'Product name',
    value: (line) => line.description ?? line.product_name,
    cell: text(sql`coalesce(l.description, li.price_snapshot->>'productName')`),
  },
  {
    ja: '料金種別(初期/月額)',
    en: 'Charge kind',
    value: (line, language) => CHARGE_KIND_LABELS[line.charge_kind][language],
    cell: (language) => csvTextSql(chargeKindLabel(language)),
  },
  {
    ja: '利用月',
    en: 'Service month',
    value: (line) => line.service_month,
    cell: text(sql`l.service_month`),
  },
  { ja: '数量', en: 'Quantity', value: (line) => line.quantity, cell: integer(sql`l.quantity`) },
  { ja: '単価', en: 'Unit price', value: (line) => line.unit_price, cell: integer(sql`l.unit_price`) },
  { ja: '金額', en: 'Amount', value: (line) => line.amount, cell: integer(sql`l.amount`) },
  { ja: '税率', en: 'Tax rate', value: (line) => line.tax_rate, cell: integer(sql`l.tax_rate`) },
];

/** The month's lines with everything the columns read (aliases i, l, c, ba, li, k). */
function monthLinesFrom(tenantId: string, billingMonth: string): SQL {
  return sql`from ${invoices} i
      join ${invoiceLines} l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
      join ${customers} c on c.tenant_id = i.tenant_id and c.id = i.customer_id
      join ${billingAccounts} ba on ba.tenant_id = i.tenant_id and ba.id = i.billing_account_id
      left join ${lineItems} li on li.tenant_id = l.tenant_id and li.id = l.line_item_id
      left join ${contracts} k on k.tenant_id = li.tenant_id and k.id = li.contract_id
      where i.tenant_id = ${tenantId} and i.billing_month = ${billingMonth}`;
}

/** The month's CSV as PostgreSQL's COPY writes it (copy-csv.ts), in csvStream's order. */
export function copyQueryOfMonth(tenantId: string, billingMonth: string, language: CsvHeaderLanguage): SQL {
  return sql`select ${csvColumnsSql(INVOICE_LINE_COLUMNS, language)} ${monthLinesFrom(tenantId, billingMonth)}
    order by i.id, l.id`;
}

/**
 * The month's lines with what the columns name; amounts as float8 (exact to 2^53 yen).
 * Read by keyset pages on PGlite, and where a test or a caller asks for a page reader.
 */
export function linesOfMonth(tenantId: string, billingMonth: string): PagedQuery<ExportLine> {
  return {
    select: sql`select i.id as invoice_id, l.id as line_id, i.number as invoice_number,
        i.billing_month, c.code as customer_code,
        -- The names as the invoice carries them (fixed at its issue).
        i.customer_name, ba.number as billing_account_number,
        k.number as contract_number, k.name as contract_name, li.number as line_item_number,
        li.price_snapshot->>'productCode' as product_code, li.price_snapshot->>'productName' as product_name,
        l.description, l.charge_kind, l.service_month, l.quantity,
        l.unit_price::float8 as unit_price, l.amount::float8 as amount, l.tax_rate
      ${monthLinesFrom(tenantId, billingMonth)}`,
    keys: [
      { column: sql`i.id`, type: 'uuid' },
      { column: sql`l.id`, type: 'uuid' },
    ],
    keyOf: (line) => [line.invoice_id, line.line_id],
    row: (raw) => raw as unknown as ExportLine,
  };
}

/**
 * The month's billing CSV as bytes. A malformed month is refused here, before any byte
 * (422 `billing_month_invalid`); the lines are read as the stream is read. PostgreSQL
 * writes it by COPY unless `pages` names a page reader (the tests compare them all).
 */
export function exportInvoiceLinesCsv(
  context: TenantContext,
  query: InvoiceLineExportQuery,
  pages: PageOptions = {},
): Readable {
  requireBillingMonth(query.billingMonth);
  if (context.database.copyOut && !pages.reader) {
    return copyCsv(
      context.database,
      context.tenantId,
      copyQueryOfMonth(context.tenantId, query.billingMonth, query.headers),
      query,
    );
  }
  const lines = queryPages(
    context.database,
    context.tenantId,
    linesOfMonth(context.tenantId, query.billingMonth),
    pages,
  );
  return csvStream(lines, INVOICE_LINE_COLUMNS, query);
}
