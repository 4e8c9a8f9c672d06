// 各種データ出力: every customer of the tenant with its default billing account, by customer
// code. Keyset pages of 5,000, each in its own short tenant transaction, so the download
// streams in constant memory and never holds a connection while the client reads.
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

function readPage(context: TenantContext, after: string | undefined, size: number): Promise<CustomerRow[]> {
  const { database, tenantId, customerScope } = context;
  return database.inTenant(tenantId, (tx) =>
    tx
      .select({
        code: customers.code,
        kind: customers.kind,
        name: customers.name,
        nameKana: customers.nameKana,
        lifecycle: customers.lifecycle,
        customerClass: customers.customerClass,
        postalCode: customers.postalCode,
        prefecture: customers.prefecture,
        city: customers.city,
        line1: customers.line1,
        line2: customers.line2,
        phone: customers.phone,
        email: customers.email,
        status: customers.status,
        billingAccountNumber: billingAccounts.number,
        paymentMethod: billingAccounts.paymentMethod,
        attributes: customers.attributes,
      })
      .from(customers)
      .leftJoin(
        billingAccounts,
        and(
          eq(billingAccounts.tenantId, customers.tenantId),
          eq(billingAccounts.customerId, customers.id),
          sql`${billingAccounts.isDefault}`,
        ),
      )
      .where(
        and(
          eq(customers.tenantId, tenantId),
          customerScope ? eq(customers.id, customerScope) : undefined,
          after ? gt(customers.code, after) : undefined,
        ),
      )
      .orderBy(asc(customers.code))
      .limit(size),
  );
}

/** Every customer as CSV bytes, by customer code. */
export function exportCustomersCsv(context: TenantContext, options: CsvOptions): Readable {
  const pages = keysetPages<CustomerRow, string>(
    CSV_PAGE_SIZE,
    (after, size) => readPage(context, after, size),
    (row) => row.code,
  );
  return csvStream(pages, CUSTOMER_COLUMNS, options);
}
