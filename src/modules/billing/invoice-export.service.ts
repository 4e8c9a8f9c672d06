// 請求データのcsvダウンロード (billing.md "CSV download of a month's billing data"): every
// invoice line of a billing month, all customers, in the columns and order billing.md gives,
// ordered by invoice id, then line id. The rows are read by `queryPages`: through one cursor
// on PostgreSQL (one snapshot, planned like a `COPY` of the query), in keyset pages of 5,000
// on PGlite; either way a million lines pass in constant memory as fast as the client reads.
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { type CsvColumn, type CsvOptions, csvStream } from '../../platform/csv/csv-stream.js';
import { type PagedQuery, type PageOptions, queryPages } from '../../platform/db/query-pages.js';
import { DomainError } from '../../platform/domain-error.js';
import { billingAccounts, customers } from '../customers/index.js';
import { contracts, lineItems } from '../ordering/index.js';
import { isBillingMonth } from './billing-month.rules.js';
import { invoiceLines, invoices } from './schema.js';

export interface InvoiceLineExportQuery extends CsvOptions {
  billingMonth: string;
}

interface ExportLine {
  invoiceId: string;
  lineId: string;
  invoiceNumber: string | null;
  billingMonth: string;
  customerCode: string;
  customerName: string;
  billingAccountNumber: string;
  contractNumber: string | null;
  contractName: string | null;
  lineItemNumber: string | null;
  productCode: string | null;
  productName: string | null;
  description: string | null;
  chargeKind: 'initial' | 'monthly' | 'adjustment';
  serviceMonth: string;
  quantity: number;
  unitPrice: number;
  amount: number;
  taxRate: number;
}

const CHARGE_KIND_LABELS = {
  initial: { ja: '初期', en: 'initial' },
  monthly: { ja: '月額', en: 'monthly' },
  adjustment: { ja: '調整', en: 'adjustment' },
} as const;

/** The columns of billing.md, in its order. */
export const INVOICE_LINE_COLUMNS: readonly CsvColumn<ExportLine>[] = [
  { ja: '請求番号', en: 'Invoice number', value: (line) => line.invoiceNumber },
  { ja: '請求年月', en: 'Billing month', value: (line) => line.billingMonth },
  { ja: '顧客コード', en: 'Customer code', value: (line) => line.customerCode },
  { ja: '顧客名', en: 'Customer name', value: (line) => line.customerName },
  { ja: '請求アカウント', en: 'Billing account', value: (line) => line.billingAccountNumber },
  { ja: '契約番号', en: 'Contract number', value: (line) => line.contractNumber },
  { ja: '契約名', en: 'Contract name', value: (line) => line.contractName },
  { ja: '明細番号', en: 'Line item number', value: (line) => line.lineItemNumber },
  { ja: '商品コード', en: 'Product code', value: (line) => line.productCode },
  // An adjustment line's text stands where a charge names its product.
  { ja: '商品名', en: 'Product name', value: (line) => line.description ?? line.productName },
  {
    ja: '料金種別',
    en: 'Charge kind',
    value: (line, language) => CHARGE_KIND_LABELS[line.chargeKind][language],
  },
  { ja: '利用月', en: 'Service month', value: (line) => line.serviceMonth },
  { ja: '数量', en: 'Quantity', value: (line) => line.quantity },
  { ja: '単価', en: 'Unit price', value: (line) => line.unitPrice },
  { ja: '金額', en: 'Amount', value: (line) => line.amount },
  { ja: '税率', en: 'Tax rate', value: (line) => line.taxRate },
];

/** The month's lines with what the columns name; amounts as float8 (exact to 2^53 yen). */
function linesOfMonth(tenantId: string, billingMonth: string): PagedQuery<ExportLine> {
  return {
    select: sql`select i.id as invoice_id, l.id as line_id, i.number as invoice_number,
        i.billing_month, c.code as customer_code,
        -- The names as the invoice carries them (fixed at its issue).
        i.customer_name, ba.number as billing_account_number,
        k.number as contract_number, k.name as contract_name, li.number as line_item_number,
        li.price_snapshot->>'productCode' as product_code, li.price_snapshot->>'productName' as product_name,
        l.description, l.charge_kind, l.service_month, l.quantity,
        l.unit_price::float8 as unit_price, l.amount::float8 as amount, l.tax_rate
      from ${invoices} i
      join ${invoiceLines} l on l.tenant_id = i.tenant_id and l.invoice_id = i.id
      join ${customers} c on c.tenant_id = i.tenant_id and c.id = i.customer_id
      join ${billingAccounts} ba on ba.tenant_id = i.tenant_id and ba.id = i.billing_account_id
      left join ${lineItems} li on li.tenant_id = l.tenant_id and li.id = l.line_item_id
      left join ${contracts} k on k.tenant_id = li.tenant_id and k.id = li.contract_id
      where i.tenant_id = ${tenantId} and i.billing_month = ${billingMonth}`,
    keys: [
      { column: sql`i.id`, type: 'uuid' },
      { column: sql`l.id`, type: 'uuid' },
    ],
    keyOf: (line) => [line.invoiceId, line.lineId],
    row: (raw) => ({
      invoiceId: raw.invoice_id as string,
      lineId: raw.line_id as string,
      invoiceNumber: raw.invoice_number as string | null,
      billingMonth: raw.billing_month as string,
      customerCode: raw.customer_code as string,
      customerName: raw.customer_name as string,
      billingAccountNumber: raw.billing_account_number as string,
      contractNumber: raw.contract_number as string | null,
      contractName: raw.contract_name as string | null,
      lineItemNumber: raw.line_item_number as string | null,
      productCode: raw.product_code as string | null,
      productName: raw.product_name as string | null,
      description: raw.description as string | null,
      chargeKind: raw.charge_kind as ExportLine['chargeKind'],
      serviceMonth: raw.service_month as string,
      quantity: Number(raw.quantity),
      unitPrice: Number(raw.unit_price),
      amount: Number(raw.amount),
      taxRate: Number(raw.tax_rate),
    }),
  };
}

/**
 * The month's billing CSV as bytes. A malformed month is refused here, before any byte
 * (422 `billing_month_invalid`); the lines are read as the stream is read.
 */
export function exportInvoiceLinesCsv(
  context: TenantContext,
  query: InvoiceLineExportQuery,
  pages: PageOptions = {},
): Readable {
  if (!isBillingMonth(query.billingMonth)) {
    throw new DomainError('billing_month_invalid', {
      errors: [
        { path: '/billingMonth', message: { ja: 'YYYY-MM形式で指定してください。', en: 'must be YYYY-MM.' } },
      ],
    });
  }
  const lines = queryPages(
    context.database,
    context.tenantId,
    linesOfMonth(context.tenantId, query.billingMonth),
    pages,
  );
  return csvStream(lines, INVOICE_LINE_COLUMNS, query);
}
