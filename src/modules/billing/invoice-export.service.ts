// 請求データのcsvダウンロード (billing.md "CSV download of a month's billing data"): every
// invoice line of a billing month, all customers, in the columns and order billing.md gives.
// Lines are read in keyset pages of 5,000 (invoice id, then line id), each page in its own
// short tenant transaction: a slow download never holds a connection (PGlite has only one),
// and a million lines pass in constant memory. Lines a run adds to the month while the
// download is running may or may not be in it; issued invoices never change.
import type { Readable } from 'node:stream';
import { and, asc, eq, gt, gte, or, sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import {
  CSV_PAGE_SIZE,
  type CsvColumn,
  type CsvOptions,
  csvStream,
  keysetPages,
} from '../../platform/csv/csv-stream.js';
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

type Key = { invoiceId: string; lineId: string };

async function readPage(
  context: TenantContext,
  billingMonth: string,
  after: Key | undefined,
  size: number,
): Promise<ExportLine[]> {
  const { database, tenantId } = context;
  return database.inTenant(tenantId, (tx) =>
    tx
      .select({
        invoiceId: invoices.id,
        lineId: invoiceLines.id,
        invoiceNumber: invoices.number,
        billingMonth: invoices.billingMonth,
        customerCode: customers.code,
        // The names as the invoice carries them (fixed at its issue).
        customerName: invoices.customerName,
        billingAccountNumber: billingAccounts.number,
        contractNumber: contracts.number,
        contractName: contracts.name,
        lineItemNumber: lineItems.number,
        productCode: sql<string | null>`${lineItems.priceSnapshot}->>'productCode'`,
        productName: sql<string | null>`${lineItems.priceSnapshot}->>'productName'`,
        description: invoiceLines.description,
        chargeKind: invoiceLines.chargeKind,
        serviceMonth: invoiceLines.serviceMonth,
        quantity: invoiceLines.quantity,
        unitPrice: invoiceLines.unitPrice,
        amount: invoiceLines.amount,
        taxRate: invoiceLines.taxRate,
      })
      .from(invoices)
      .innerJoin(
        invoiceLines,
        and(eq(invoiceLines.tenantId, invoices.tenantId), eq(invoiceLines.invoiceId, invoices.id)),
      )
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
      .leftJoin(
        lineItems,
        and(eq(lineItems.tenantId, invoiceLines.tenantId), eq(lineItems.id, invoiceLines.lineItemId)),
      )
      .leftJoin(
        contracts,
        and(eq(contracts.tenantId, lineItems.tenantId), eq(contracts.id, lineItems.contractId)),
      )
      .where(
        and(
          eq(invoices.tenantId, tenantId),
          eq(invoices.billingMonth, billingMonth),
          after
            ? and(
                gte(invoices.id, after.invoiceId),
                or(gt(invoices.id, after.invoiceId), gt(invoiceLines.id, after.lineId)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(invoices.id), asc(invoiceLines.id))
      .limit(size),
  );
}

/**
 * The month's billing CSV as bytes. A malformed month is refused here, before any byte
 * (422 `billing_month_invalid`); the lines are read as the stream is read.
 */
export function exportInvoiceLinesCsv(
  context: TenantContext,
  query: InvoiceLineExportQuery,
  pageSize = CSV_PAGE_SIZE,
): Readable {
  if (!isBillingMonth(query.billingMonth)) {
    throw new DomainError('billing_month_invalid', {
      errors: [
        { path: '/billingMonth', message: { ja: 'YYYY-MM形式で指定してください。', en: 'must be YYYY-MM.' } },
      ],
    });
  }
  const pages = keysetPages<ExportLine, Key>(
    pageSize,
    (after, size) => readPage(context, query.billingMonth, after, size),
    (line) => ({ invoiceId: line.invoiceId, lineId: line.lineId }),
  );
  return csvStream(pages, INVOICE_LINE_COLUMNS, query);
}
