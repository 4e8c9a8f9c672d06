// 各種データ出力: every contract and every line item of the tenant, by number, read by
// `queryPages` (one cursor on PostgreSQL, keyset pages on PGlite): constant memory, as fast
// as the client reads. A portal user's export is narrowed to their customer, like every
// other ordering read.
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { type CsvColumn, type CsvOptions, csvStream } from '../../platform/csv/csv-stream.js';
import { type PagedQuery, queryPages } from '../../platform/db/query-pages.js';
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

const scoped = (column: string, customerScope: string | null | undefined) =>
  customerScope ? sql`and ${sql.raw(column)} = ${customerScope}` : sql``;

function contractsOf(context: TenantContext): PagedQuery<ContractRow> {
  const { tenantId, customerScope } = context;
  return {
    select: sql`select k.number, k.name, c.code as customer_code, c.name as customer_name,
        ba.number as billing_account_number,
        (select count(*) from ${lineItems} li where li.tenant_id = k.tenant_id and li.contract_id = k.id)::int
          as line_item_count,
        (select count(*) from ${lineItems} li where li.tenant_id = k.tenant_id and li.contract_id = k.id
           and li.status = 'active')::int as active_line_item_count,
        k.remarks
      from ${contracts} k
      join ${customers} c on c.tenant_id = k.tenant_id and c.id = k.customer_id
      join ${billingAccounts} ba on ba.tenant_id = k.tenant_id and ba.id = k.billing_account_id
      where k.tenant_id = ${tenantId} ${scoped('k.customer_id', customerScope)}`,
    keys: [{ column: sql`k.number`, type: 'text' }],
    keyOf: (row) => [row.number],
    row: (raw) => ({
      number: raw.number as string,
      name: raw.name as string | null,
      customerCode: raw.customer_code as string,
      customerName: raw.customer_name as string,
      billingAccountNumber: raw.billing_account_number as string,
      lineItemCount: Number(raw.line_item_count),
      activeLineItemCount: Number(raw.active_line_item_count),
      remarks: raw.remarks as string | null,
    }),
  };
}

function lineItemsOf(context: TenantContext): PagedQuery<LineItemRow> {
  const { tenantId, customerScope } = context;
  return {
    select: sql`select li.number, k.number as contract_number, c.code as customer_code,
        c.name as customer_name,
        li.price_snapshot->>'productCode' as product_code, li.price_snapshot->>'productName' as product_name,
        li.status, li.quantity, li.completed_on::text as completed_on,
        li.charge_start_date::text as charge_start_date, li.end_date::text as end_date, li.serial_number,
        (li.price_snapshot->>'initialFee')::float8 as initial_fee,
        (li.price_snapshot->>'monthlyFee')::float8 as monthly_fee
      from ${lineItems} li
      join ${contracts} k on k.tenant_id = li.tenant_id and k.id = li.contract_id
      join ${customers} c on c.tenant_id = li.tenant_id and c.id = li.customer_id
      where li.tenant_id = ${tenantId} ${scoped('li.customer_id', customerScope)}`,
    keys: [{ column: sql`li.number`, type: 'text' }],
    keyOf: (row) => [row.number],
    row: (raw) => ({
      number: raw.number as string,
      contractNumber: raw.contract_number as string,
      customerCode: raw.customer_code as string,
      customerName: raw.customer_name as string,
      productCode: raw.product_code as string,
      productName: raw.product_name as string,
      status: raw.status as LineItemStatus,
      quantity: Number(raw.quantity),
      completedOn: raw.completed_on as string | null,
      chargeStartDate: raw.charge_start_date as string | null,
      endDate: raw.end_date as string | null,
      serialNumber: raw.serial_number as string | null,
      initialFee: Number(raw.initial_fee),
      monthlyFee: Number(raw.monthly_fee),
    }),
  };
}

/** Every contract as CSV bytes, by contract number. */
export function exportContractsCsv(context: TenantContext, options: CsvOptions): Readable {
  return csvStream(
    queryPages(context.database, context.tenantId, contractsOf(context)),
    CONTRACT_COLUMNS,
    options,
  );
}

/** Every line item as CSV bytes, by line item number. */
export function exportLineItemsCsv(context: TenantContext, options: CsvOptions): Readable {
  return csvStream(
    queryPages(context.database, context.tenantId, lineItemsOf(context)),
    LINE_ITEM_COLUMNS,
    options,
  );
}
