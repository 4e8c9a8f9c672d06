// 各種データ出力: every contract and every line item of the tenant, by number. Keyset pages
// of 5,000, each in its own short tenant transaction (the download streams in constant
// memory and never holds a connection while the client reads). A portal user's export is
// narrowed to their customer, like every other ordering read.
import type { Readable } from 'node:stream';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import {
  CSV_PAGE_SIZE,
  type CsvColumn,
  type CsvOptions,
  csvStream,
  keysetPages,
} from '../../platform/csv/csv-stream.js';
import { billingAccounts, customers } from '../customers/index.js';
import type { LineItemStatus } from './order-status.rules.js';
import { contracts, lineItems } from './schema.js';

interface ContractRow {
  number: string;
  name: string | null;
  customerCode: string;
  customerName: string;
  billingAccountNumber: string;
  lineItemCount: number;
  activeLineItemCount: number;
  remarks: string | null;
}

export const CONTRACT_COLUMNS: readonly CsvColumn<ContractRow>[] = [
  { ja: '契約番号', en: 'Contract number', value: (row) => row.number },
  { ja: '契約名', en: 'Contract name', value: (row) => row.name },
  { ja: '顧客コード', en: 'Customer code', value: (row) => row.customerCode },
  { ja: '顧客名', en: 'Customer name', value: (row) => row.customerName },
  { ja: '請求アカウント', en: 'Billing account', value: (row) => row.billingAccountNumber },
  { ja: '明細数', en: 'Line items', value: (row) => row.lineItemCount },
  { ja: '利用中の明細数', en: 'Active line items', value: (row) => row.activeLineItemCount },
  { ja: '備考', en: 'Remarks', value: (row) => row.remarks },
];

interface LineItemRow {
  number: string;
  contractNumber: string;
  customerCode: string;
  customerName: string;
  productCode: string;
  productName: string;
  status: LineItemStatus;
  quantity: number;
  completedOn: string | null;
  chargeStartDate: string | null;
  endDate: string | null;
  serialNumber: string | null;
  initialFee: number;
  monthlyFee: number;
}

const LINE_ITEM_STATUSES: Record<LineItemStatus, { ja: string; en: string }> = {
  ordered: { ja: '受注', en: 'ordered' },
  active: { ja: '利用中', en: 'active' },
  terminated: { ja: '解約', en: 'terminated' },
  cancelled: { ja: 'キャンセル', en: 'cancelled' },
};

export const LINE_ITEM_COLUMNS: readonly CsvColumn<LineItemRow>[] = [
  { ja: '明細番号', en: 'Line item number', value: (row) => row.number },
  { ja: '契約番号', en: 'Contract number', value: (row) => row.contractNumber },
  { ja: '顧客コード', en: 'Customer code', value: (row) => row.customerCode },
  { ja: '顧客名', en: 'Customer name', value: (row) => row.customerName },
  { ja: '商品コード', en: 'Product code', value: (row) => row.productCode },
  { ja: '商品名', en: 'Product name', value: (row) => row.productName },
  { ja: '状態', en: 'Status', value: (row, language) => LINE_ITEM_STATUSES[row.status][language] },
  { ja: '数量', en: 'Quantity', value: (row) => row.quantity },
  { ja: '完成日(開通日)', en: 'Completed on', value: (row) => row.completedOn },
  { ja: '課金開始日', en: 'Charge start date', value: (row) => row.chargeStartDate },
  { ja: '終了日', en: 'End date', value: (row) => row.endDate },
  { ja: 'シリアル番号', en: 'Serial number', value: (row) => row.serialNumber },
  // The prices billed: the snapshot taken when the new order was placed (billing.md rule 8).
  { ja: '初期費', en: 'Initial fee', value: (row) => row.initialFee },
  { ja: '月額', en: 'Monthly fee', value: (row) => row.monthlyFee },
];

const countOf = (active: boolean) => sql<number>`(select count(*)::int from ${lineItems}
  where ${lineItems.tenantId} = ${contracts.tenantId} and ${lineItems.contractId} = ${contracts.id}
  ${active ? sql`and ${lineItems.status} = 'active'` : sql``})`;

function readContracts(
  context: TenantContext,
  after: string | undefined,
  size: number,
): Promise<ContractRow[]> {
  const { database, tenantId, customerScope } = context;
  return database.inTenant(tenantId, (tx) =>
    tx
      .select({
        number: contracts.number,
        name: contracts.name,
        customerCode: customers.code,
        customerName: customers.name,
        billingAccountNumber: billingAccounts.number,
        lineItemCount: countOf(false),
        activeLineItemCount: countOf(true),
        remarks: contracts.remarks,
      })
      .from(contracts)
      .innerJoin(
        customers,
        and(eq(customers.tenantId, contracts.tenantId), eq(customers.id, contracts.customerId)),
      )
      .innerJoin(
        billingAccounts,
        and(
          eq(billingAccounts.tenantId, contracts.tenantId),
          eq(billingAccounts.id, contracts.billingAccountId),
        ),
      )
      .where(
        and(
          eq(contracts.tenantId, tenantId),
          customerScope ? eq(contracts.customerId, customerScope) : undefined,
          after ? gt(contracts.number, after) : undefined,
        ),
      )
      .orderBy(asc(contracts.number))
      .limit(size),
  );
}

function readLineItems(
  context: TenantContext,
  after: string | undefined,
  size: number,
): Promise<LineItemRow[]> {
  const { database, tenantId, customerScope } = context;
  return database.inTenant(tenantId, (tx) =>
    tx
      .select({
        number: lineItems.number,
        contractNumber: contracts.number,
        customerCode: customers.code,
        customerName: customers.name,
        productCode: sql<string>`${lineItems.priceSnapshot}->>'productCode'`,
        productName: sql<string>`${lineItems.priceSnapshot}->>'productName'`,
        status: lineItems.status,
        quantity: lineItems.quantity,
        completedOn: lineItems.completedOn,
        chargeStartDate: lineItems.chargeStartDate,
        endDate: lineItems.endDate,
        serialNumber: lineItems.serialNumber,
        initialFee: sql<number>`(${lineItems.priceSnapshot}->>'initialFee')::bigint`.mapWith(Number),
        monthlyFee: sql<number>`(${lineItems.priceSnapshot}->>'monthlyFee')::bigint`.mapWith(Number),
      })
      .from(lineItems)
      .innerJoin(
        contracts,
        and(eq(contracts.tenantId, lineItems.tenantId), eq(contracts.id, lineItems.contractId)),
      )
      .innerJoin(
        customers,
        and(eq(customers.tenantId, lineItems.tenantId), eq(customers.id, lineItems.customerId)),
      )
      .where(
        and(
          eq(lineItems.tenantId, tenantId),
          customerScope ? eq(lineItems.customerId, customerScope) : undefined,
          after ? gt(lineItems.number, after) : undefined,
        ),
      )
      .orderBy(asc(lineItems.number))
      .limit(size),
  );
}

/** Every contract as CSV bytes, by contract number. */
export function exportContractsCsv(context: TenantContext, options: CsvOptions): Readable {
  const pages = keysetPages<ContractRow, string>(
    CSV_PAGE_SIZE,
    (after, size) => readContracts(context, after, size),
    (row) => row.number,
  );
  return csvStream(pages, CONTRACT_COLUMNS, options);
}

/** Every line item as CSV bytes, by line item number. */
export function exportLineItemsCsv(context: TenantContext, options: CsvOptions): Readable {
  const pages = keysetPages<LineItemRow, string>(
    CSV_PAGE_SIZE,
    (after, size) => readLineItems(context, after, size),
    (row) => row.number,
  );
  return csvStream(pages, LINE_ITEM_COLUMNS, options);
}
