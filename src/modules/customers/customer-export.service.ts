// 各種データ出力: every customer of the tenant with its default billing account, by customer
// code, read by `queryPages` (one cursor on PostgreSQL, keyset pages on PGlite): constant
// memory, as fast as the client reads.
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import { type CsvColumn, type CsvOptions, csvStream } from '../../platform/csv/csv-stream.js';
import { type PagedQuery, queryPages } from '../../platform/db/query-pages.js';
import { billingAccounts, customers, type PaymentMethod } from './schema.js';

interface CustomerRow {
  code: string;
  kind: 'organization' | 'person';
  name: string;
  nameKana: string | null;
  lifecycle: 'prospect' | 'account';
  customerClass: string | null;
  postalCode: string | null;
  prefecture: string | null;
  city: string | null;
  line1: string | null;
  line2: string | null;
  phone: string | null;
  email: string | null;
  status: 'active' | 'merged';
  billingAccountNumber: string | null;
  paymentMethod: PaymentMethod | null;
  attributes: Record<string, unknown>;
}

const KINDS = { organization: { ja: '法人', en: 'organization' }, person: { ja: '個人', en: 'person' } };
const LIFECYCLES = {
  prospect: { ja: '販売見込み客', en: 'prospect' },
  account: { ja: '販売アカウント', en: 'account' },
};
const STATUSES = { active: { ja: '有効', en: 'active' }, merged: { ja: '統合済', en: 'merged' } };
const PAYMENT_METHOD_LABELS: Record<PaymentMethod, { ja: string; en: string }> = {
  bank_transfer: { ja: '銀行振込', en: 'bank_transfer' },
  direct_debit: { ja: '口座振替', en: 'direct_debit' },
  credit_card: { ja: 'クレジットカード', en: 'credit_card' },
  non_billable: { ja: '売上対象外', en: 'non_billable' },
};

export const CUSTOMER_COLUMNS: readonly CsvColumn<CustomerRow>[] = [
  { ja: '顧客コード', en: 'Customer code', value: (row) => row.code },
  { ja: '法人/個人', en: 'Kind', value: (row, language) => KINDS[row.kind][language] },
  { ja: '顧客名', en: 'Name', value: (row) => row.name },
  { ja: 'フリガナ', en: 'Name kana', value: (row) => row.nameKana },
  { ja: '顧客ステータス', en: 'Lifecycle', value: (row, language) => LIFECYCLES[row.lifecycle][language] },
  { ja: '顧客区分', en: 'Customer class', value: (row) => row.customerClass },
  { ja: '郵便番号', en: 'Postal code', value: (row) => row.postalCode },
  { ja: '都道府県', en: 'Prefecture', value: (row) => row.prefecture },
  { ja: '市区町村', en: 'City', value: (row) => row.city },
  { ja: '番地', en: 'Address line 1', value: (row) => row.line1 },
  { ja: '建物名', en: 'Address line 2', value: (row) => row.line2 },
  { ja: '電話番号', en: 'Phone', value: (row) => row.phone },
  { ja: 'メールアドレス', en: 'Email', value: (row) => row.email },
  { ja: '状態', en: 'Status', value: (row, language) => STATUSES[row.status][language] },
  { ja: '既定の請求アカウント', en: 'Default billing account', value: (row) => row.billingAccountNumber },
  {
    ja: '支払方法',
    en: 'Payment method',
    value: (row, language) => (row.paymentMethod ? PAYMENT_METHOD_LABELS[row.paymentMethod][language] : null),
  },
  // Custom attributes as JSON (their keys are the tenant's own).
  {
    ja: 'カスタム属性',
    en: 'Attributes',
    value: (row) => (Object.keys(row.attributes).length > 0 ? JSON.stringify(row.attributes) : null),
  },
];

function customersOf(context: TenantContext): PagedQuery<CustomerRow> {
  const { tenantId, customerScope } = context;
  return {
    select: sql`select c.code, c.kind, c.name, c.name_kana, c.lifecycle, c.customer_class,
        c.postal_code, c.prefecture, c.city, c.line1, c.line2, c.phone, c.email, c.status,
        ba.number as billing_account_number, ba.payment_method, c.attributes
      from ${customers} c
      left join ${billingAccounts} ba on ba.tenant_id = c.tenant_id and ba.customer_id = c.id and ba.is_default
      where c.tenant_id = ${tenantId} ${customerScope ? sql`and c.id = ${customerScope}` : sql``}`,
    keys: [{ column: sql`c.code`, type: 'text' }],
    keyOf: (row) => [row.code],
    row: (raw) => ({
      code: raw.code as string,
      kind: raw.kind as CustomerRow['kind'],
      name: raw.name as string,
      nameKana: raw.name_kana as string | null,
      lifecycle: raw.lifecycle as CustomerRow['lifecycle'],
      customerClass: raw.customer_class as string | null,
      postalCode: raw.postal_code as string | null,
      prefecture: raw.prefecture as string | null,
      city: raw.city as string | null,
      line1: raw.line1 as string | null,
      line2: raw.line2 as string | null,
      phone: raw.phone as string | null,
      email: raw.email as string | null,
      status: raw.status as CustomerRow['status'],
      billingAccountNumber: raw.billing_account_number as string | null,
      paymentMethod: raw.payment_method as PaymentMethod | null,
      attributes: (raw.attributes ?? {}) as Record<string, unknown>,
    }),
  };
}

/** Every customer as CSV bytes, by customer code. */
export function exportCustomersCsv(context: TenantContext, options: CsvOptions): Readable {
  return csvStream(
    queryPages(context.database, context.tenantId, customersOf(context)),
    CUSTOMER_COLUMNS,
    options,
  );
}
