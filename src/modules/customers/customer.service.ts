// Customers (顧客管理): create with the default billing account, search by code, folded name
// or phone, read, edit with the version read.
import { and, asc, desc, eq, gte, like, lt, or, type SQL, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { DomainError, type DomainFieldError } from '../../platform/domain-error.js';
import { formatNumber, nextNumber } from '../../platform/ids/human-number.js';
import { newId } from '../../platform/ids/id.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { listActiveDefinitions } from '../attributes/index.js';
import {
  type Address,
  type AddressInput,
  attributesAfterChange,
  type CustomerKind,
  checkAddress,
  checkPhone,
  type Lifecycle,
  needsSellToAddress,
} from './customer.rules.js';
import {
  CUSTOMER_CODE_PREFIX,
  escapeLike,
  parseCustomerQuery,
  prefixUpperBound,
  searchKeyOf,
} from './name-folding.rules.js';
import { billingAccounts, customers, type PaymentMethod } from './schema.js';

export interface BillingAccountSummary {
  id: string;
  number: string;
  name: string;
  paymentMethod: PaymentMethod;
  isDefault: boolean;
}

export interface Customer {
  id: string;
  code: string;
  kind: CustomerKind;
  name: string;
  nameKana: string | null;
  lifecycle: Lifecycle;
  address: Address | null;
  phone: string | null;
  email: string | null;
  customerClass: string | null;
  attributes: Record<string, unknown>;
  status: 'active' | 'merged';
  defaultBillingAccountId: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CustomerDetail extends Customer {
  billingAccounts: BillingAccountSummary[];
}

type CustomerRow = typeof customers.$inferSelect;

function addressOf(row: CustomerRow): Address | null {
  if (row.postalCode === null || row.prefecture === null || row.city === null || row.line1 === null)
    return null;
  return {
    postalCode: row.postalCode,
    prefecture: row.prefecture,
    city: row.city,
    line1: row.line1,
    line2: row.line2,
  };
}

const toCustomer = (row: CustomerRow, defaultBillingAccountId: string): Customer => ({
  id: row.id,
  code: row.code,
  kind: row.kind,
  name: row.name,
  nameKana: row.nameKana,
  lifecycle: row.lifecycle,
  address: addressOf(row),
  phone: row.phone,
  email: row.email,
  customerClass: row.customerClass,
  attributes: row.attributes,
  status: row.status,
  defaultBillingAccountId,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** The default billing account's id, joined beside each customer row. */
const defaultAccountJoin = and(
  eq(billingAccounts.tenantId, customers.tenantId),
  eq(billingAccounts.customerId, customers.id),
  // A literal condition (not a bound `= true`), so the partial unique index on the default applies.
  sql`${billingAccounts.isDefault}`,
);

/** Staff see every customer of the tenant; a portal user only their own (404 for others). */
function scopeOf(context: TenantContext): SQL | undefined {
  return context.customerScope ? eq(customers.id, context.customerScope) : undefined;
}

const nonBlank = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** Fields of a create or an edit, normalised and checked together so a form shows every error at once. */
interface CustomerFields {
  name: string;
  nameKana: string | null;
  lifecycle: Lifecycle;
  address: Address | null;
  phone: string | null;
  phoneDigits: string | null;
  email: string | null;
  customerClass: string | null;
}

function checkFields(fields: {
  name: string;
  nameKana: string | null;
  lifecycle: Lifecycle;
  address: AddressInput | Address | null;
  phone: string | null;
  email: string | null;
  customerClass: string | null;
}): { value: CustomerFields; errors: DomainFieldError[] } {
  const errors: DomainFieldError[] = [];
  let address: Address | null = null;
  if (fields.address) {
    const checked = checkAddress(fields.address);
    errors.push(...checked.errors);
    address = checked.value;
  }
  let phone: string | null = null;
  let phoneDigits: string | null = null;
  const givenPhone = nonBlank(fields.phone);
  if (givenPhone) {
    const checked = checkPhone(givenPhone);
    errors.push(...checked.errors);
    phone = checked.value.phone;
    phoneDigits = checked.value.digits;
  }
  return {
    value: {
      name: fields.name.trim(),
      nameKana: nonBlank(fields.nameKana),
      lifecycle: fields.lifecycle,
      address,
      phone,
      phoneDigits,
      email: nonBlank(fields.email),
      customerClass: nonBlank(fields.customerClass),
    },
    errors,
  };
}

function columnsOf(fields: CustomerFields) {
  return {
    name: fields.name,
    nameKana: fields.nameKana,
    searchKey: searchKeyOf(fields.name, fields.nameKana),
    lifecycle: fields.lifecycle,
    postalCode: fields.address?.postalCode ?? null,
    prefecture: fields.address?.prefecture ?? null,
    city: fields.address?.city ?? null,
    line1: fields.address?.line1 ?? null,
    line2: fields.address?.line2 ?? null,
    phone: fields.phone,
    phoneDigits: fields.phoneDigits,
    email: fields.email,
    customerClass: fields.customerClass,
  };
}

/** Field errors first (400, every one at once), then the sell-to address rule (422). */
function refuseInvalid(fields: CustomerFields, errors: DomainFieldError[]): void {
  if (errors.length > 0) throw new DomainError('validation_failed', { errors });
  if (needsSellToAddress(fields.lifecycle, fields.address)) {
    throw new DomainError('sell_to_address_required', {
      errors: [
        {
          path: '/address',
          message: {
            ja: '販売アカウントには住所が必要です。',
            en: 'is required of a sales account.',
          },
        },
      ],
    });
  }
}

async function billingAccountsOf(
  tx: Tx,
  tenantId: string,
  customerId: string,
): Promise<BillingAccountSummary[]> {
  return tx
    .select({
      id: billingAccounts.id,
      number: billingAccounts.number,
      name: billingAccounts.name,
      paymentMethod: billingAccounts.paymentMethod,
      isDefault: billingAccounts.isDefault,
    })
    .from(billingAccounts)
    .where(and(eq(billingAccounts.tenantId, tenantId), eq(billingAccounts.customerId, customerId)))
    .orderBy(desc(billingAccounts.isDefault), asc(billingAccounts.number));
}

function detailOf(row: CustomerRow, accounts: BillingAccountSummary[]): CustomerDetail {
  const defaultAccount = accounts.find((account) => account.isDefault);
  if (!defaultAccount) throw new Error(`customer ${row.id} has no default billing account`);
  return { ...toCustomer(row, defaultAccount.id), billingAccounts: accounts };
}

export interface NewCustomer {
  kind: CustomerKind;
  name: string;
  nameKana?: string | null | undefined;
  lifecycle?: Lifecycle | undefined;
  address?: AddressInput | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  customerClass?: string | null | undefined;
  attributes?: Record<string, unknown> | undefined;
}

/** Creates the customer (code C000001...) and its default billing account, in one transaction. */
export async function createCustomer(context: TenantContext, input: NewCustomer): Promise<CustomerDetail> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const lifecycle = input.lifecycle ?? 'account';
    const checked = checkFields({
      name: input.name,
      nameKana: input.nameKana ?? null,
      lifecycle,
      address: input.address ?? null,
      phone: input.phone ?? null,
      email: input.email ?? null,
      customerClass: input.customerClass ?? null,
    });
    const definitions = await listActiveDefinitions(tx, tenantId, 'customer');
    const attributes = attributesAfterChange(definitions, {}, input.attributes, lifecycle);
    refuseInvalid(checked.value, [...checked.errors, ...attributes.errors]);

    const code = formatNumber(CUSTOMER_CODE_PREFIX, await nextNumber(tx, tenantId, 'customer'), 6);
    const [row] = await tx
      .insert(customers)
      .values({
        tenantId,
        id: newId(),
        code,
        kind: input.kind,
        ...columnsOf(checked.value),
        attributes: attributes.value,
      })
      .returning();
    if (!row) throw new Error('customer insert returned no row');
    const [account] = await tx
      .insert(billingAccounts)
      .values({
        tenantId,
        id: newId(),
        customerId: row.id,
        number: formatNumber('B', await nextNumber(tx, tenantId, 'billing_account'), 6),
        name: row.name,
        paymentMethod: 'bank_transfer',
        isDefault: true,
      })
      .returning();
    if (!account) throw new Error('billing account insert returned no row');
    const detail = detailOf(row, [
      {
        id: account.id,
        number: account.number,
        name: account.name,
        paymentMethod: account.paymentMethod,
        isDefault: true,
      },
    ]);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'customer',
      entityId: row.id,
      action: 'create',
      after: toCustomer(row, account.id),
    });
    await recordChange(tx, tenantId, context.actor, {
      entity: 'billing_account',
      entityId: account.id,
      action: 'create',
      after: {
        number: account.number,
        name: account.name,
        paymentMethod: account.paymentMethod,
        isDefault: true,
      },
    });
    return detail;
  });
}

export interface CustomerListQuery {
  q?: string | undefined;
  kind?: CustomerKind | undefined;
  lifecycle?: Lifecycle | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The search condition of a query (code prefix, folded name part, phone prefix: OR-ed), or
 * undefined when the query asks for nothing. Each part is one an index serves: the code and
 * phone prefixes as btree ranges, the name part as `LIKE` on the trigram index (3 or more
 * characters; a shorter one is a scan in id order that stops when the page is full).
 * Also used by the portal users' search (customer name or code).
 */
export function customerSearchCondition(q: string | undefined): SQL | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  const query = parseCustomerQuery(q);
  const parts: SQL[] = [];
  if (query.codePrefix) {
    const bound = prefixUpperBound(query.codePrefix);
    parts.push(and(gte(customers.code, query.codePrefix), bound ? lt(customers.code, bound) : undefined)!);
  }
  if (query.name) parts.push(like(customers.searchKey, `%${escapeLike(query.name)}%`));
  if (query.phonePrefix) {
    const bound = prefixUpperBound(query.phonePrefix);
    parts.push(
      and(
        gte(customers.phoneDigits, query.phonePrefix),
        bound ? lt(customers.phoneDigits, bound) : undefined,
      )!,
    );
  }
  // Nothing left to match (a query of legal forms or punctuation only): no customer matches.
  if (parts.length === 0) return sql`false`;
  return parts.length === 1 ? parts[0] : or(...parts);
}

/** The list's query (built, not run), also for the test that EXPLAINs it. */
export function customerListSelect(
  tx: Tx,
  tenantId: string,
  query: CustomerListQuery,
  customerScope?: string | null,
) {
  return tx
    .select({ customer: customers, defaultBillingAccountId: billingAccounts.id })
    .from(customers)
    .innerJoin(billingAccounts, defaultAccountJoin)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        customerScope ? eq(customers.id, customerScope) : undefined,
        customerSearchCondition(query.q),
        query.kind ? eq(customers.kind, query.kind) : undefined,
        query.lifecycle ? eq(customers.lifecycle, query.lifecycle) : undefined,
        query.cursor ? lt(customers.id, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(customers.id))
    .limit(query.limit + 1);
}

export async function listCustomers(
  context: TenantContext,
  query: CustomerListQuery,
): Promise<Page<Customer>> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const rows = await customerListSelect(tx, context.tenantId, query, context.customerScope);
    return pageOf(
      rows.map((row) => ({ id: row.customer.id, ...row })),
      query.limit,
      (row) => toCustomer(row.customer, row.defaultBillingAccountId),
    );
  });
}

async function loadRow(tx: Tx, context: TenantContext, id: string, forUpdate: boolean): Promise<CustomerRow> {
  const select = tx
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, context.tenantId), eq(customers.id, id), scopeOf(context)));
  const [row] = forUpdate ? await select.for('update') : await select;
  if (!row) throw new DomainError('not_found');
  return row;
}

export async function getCustomer(context: TenantContext, id: string): Promise<CustomerDetail> {
  return context.database.inTenant(context.tenantId, async (tx) => {
    const row = await loadRow(tx, context, id, false);
    return detailOf(row, await billingAccountsOf(tx, context.tenantId, id));
  });
}

export interface CustomerChange {
  version: number;
  kind?: CustomerKind | undefined;
  name?: string | undefined;
  nameKana?: string | null | undefined;
  lifecycle?: Lifecycle | undefined;
  address?: AddressInput | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  customerClass?: string | null | undefined;
  /** Merged over the stored values; null unsets one. */
  attributes?: Record<string, unknown> | undefined;
}

/** Edits a customer read at `version`: fields checked as on create, search key and phone digits recomputed. */
export async function updateCustomer(
  context: TenantContext,
  id: string,
  change: CustomerChange,
): Promise<CustomerDetail> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const before = await loadRow(tx, context, id, true);
    if (before.version !== change.version) throw new DomainError('version_conflict');
    const lifecycle = change.lifecycle ?? before.lifecycle;
    const checked = checkFields({
      name: change.name ?? before.name,
      nameKana: change.nameKana !== undefined ? change.nameKana : before.nameKana,
      lifecycle,
      address: change.address !== undefined ? change.address : addressOf(before),
      phone: change.phone !== undefined ? change.phone : before.phone,
      email: change.email !== undefined ? change.email : before.email,
      customerClass: change.customerClass !== undefined ? change.customerClass : before.customerClass,
    });
    const definitions = await listActiveDefinitions(tx, tenantId, 'customer');
    const attributes = attributesAfterChange(definitions, before.attributes, change.attributes, lifecycle);
    refuseInvalid(checked.value, [...checked.errors, ...attributes.errors]);

    const [after] = await tx
      .update(customers)
      .set({
        ...(change.kind !== undefined ? { kind: change.kind } : {}),
        ...columnsOf(checked.value),
        attributes: attributes.value,
        version: sql`${customers.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    const accounts = await billingAccountsOf(tx, tenantId, id);
    const detail = detailOf(after, accounts);
    await recordChange(tx, tenantId, context.actor, {
      entity: 'customer',
      entityId: id,
      action: 'update',
      before: toCustomer(before, detail.defaultBillingAccountId),
      after: toCustomer(after, detail.defaultBillingAccountId),
    });
    return detail;
  });
}
