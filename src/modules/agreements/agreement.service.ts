// 基本契約管理: create (保存する / すぐに販売開始する), search, read, 販売開始, 予約 and 編集.
// Each use case is one tenant transaction that loads, applies the status rules, writes and
// records the change in the audit log.
import { and, desc, eq, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { widthFoldedPattern } from '../../platform/db/width-folded-like.js';
import { DomainError } from '../../platform/domain-error.js';
import { formatNumber, nextNumber } from '../../platform/ids/human-number.js';
import { newId } from '../../platform/ids/id.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { listProductSummaries, type ProductSummary } from '../catalog/index.js';
import { customerSearchCondition, customers, loadCustomer } from '../customers/index.js';
import {
  type AgreementStatus,
  agreementProductIds,
  checkProductsForStatus,
  type StatusChange,
  scheduleSale,
  startSelling,
} from './agreement-status.rules.js';
import { agreementProducts, agreements } from './schema.js';

type AgreementRow = typeof agreements.$inferSelect;

export interface CustomerRef {
  id: string;
  code: string;
  name: string;
}

export interface AgreementListItem {
  id: string;
  number: string;
  customerId: string;
  customer: CustomerRef;
  name: string | null;
  remarks: string | null;
  status: AgreementStatus;
  saleStartDate: string | null;
  startedAt: string | null;
  productCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Agreement extends AgreementListItem {
  products: ProductSummary[];
}

const toListItem = (row: AgreementRow, customer: CustomerRef, productCount: number): AgreementListItem => ({
  id: row.id,
  number: row.number,
  customerId: row.customerId,
  customer,
  name: row.name,
  remarks: row.remarks,
  status: row.status,
  saleStartDate: row.saleStartDate,
  startedAt: row.startedAt?.toISOString() ?? null,
  productCount,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** What the audit log keeps of an agreement: its own fields and the product ids. */
const auditOf = (row: AgreementRow, productIds: readonly string[]) => ({
  number: row.number,
  customerId: row.customerId,
  name: row.name,
  remarks: row.remarks,
  status: row.status,
  saleStartDate: row.saleStartDate,
  productIds: [...productIds].sort(),
  version: row.version,
});

const blankToNull = (value: string | null | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};

/** The customer as other records show it; 404 for an id in a path that is not in the tenant. */
async function customerRefOf(tx: Tx, tenantId: string, customerId: string): Promise<CustomerRef> {
  const [customer] = await tx
    .select({ id: customers.id, code: customers.code, name: customers.name })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  if (!customer) throw new Error(`customer ${customerId} of an agreement not found`);
  return customer;
}

async function productIdsOf(tx: Tx, tenantId: string, agreementId: string): Promise<string[]> {
  const rows = await tx
    .select({ productId: agreementProducts.productId })
    .from(agreementProducts)
    .where(and(eq(agreementProducts.tenantId, tenantId), eq(agreementProducts.agreementId, agreementId)));
  return rows.map((row) => row.productId);
}

async function detailOf(tx: Tx, tenantId: string, row: AgreementRow): Promise<Agreement> {
  const productIds = await productIdsOf(tx, tenantId, row.id);
  const products = await listProductSummaries(tx, tenantId, productIds);
  const customer = await customerRefOf(tx, tenantId, row.customerId);
  return { ...toListItem(row, customer, products.length), products };
}

/**
 * The products named in a request, in the tenant; unknown ids are 422 `product_not_found`
 * at the index where the request named them.
 */
async function productsNamed(
  tx: Tx,
  tenantId: string,
  requested: readonly string[],
): Promise<Map<string, ProductSummary>> {
  const ids = agreementProductIds(requested);
  const found = new Map((await listProductSummaries(tx, tenantId, ids)).map((p) => [p.id, p]));
  const missing = requested.flatMap((id, index) => (found.has(id) ? [] : [index]));
  if (missing.length > 0) {
    throw new DomainError('product_not_found', {
      errors: missing.map((index) => ({
        path: `/productIds/${index}`,
        message: { ja: '指定された商品が見つかりません。', en: 'is not a product of this tenant.' },
      })),
    });
  }
  return found;
}

const productPathIn = (requested: readonly string[]) => (productId: string) =>
  `/productIds/${requested.indexOf(productId)}`;

/** Locks the agreement for a read-then-write decision; 404 when it is not in the tenant (or scope). */
async function lockAgreement(context: TenantContext, tx: Tx, id: string): Promise<AgreementRow> {
  const [row] = await tx
    .select()
    .from(agreements)
    .where(
      and(
        eq(agreements.tenantId, context.tenantId),
        eq(agreements.id, id),
        context.customerScope ? eq(agreements.customerId, context.customerScope) : undefined,
      ),
    )
    .for('update');
  if (!row) throw new DomainError('not_found');
  return row;
}

export interface NewAgreement {
  customerId: string;
  productIds: string[];
  /** すぐに販売開始する: on sale from today; otherwise 保存する (draft). */
  startNow?: boolean | undefined;
  name?: string | null | undefined;
  remarks?: string | null | undefined;
}

export async function createAgreement(context: TenantContext, input: NewAgreement): Promise<Agreement> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const customer = await loadCustomer(tx, tenantId, input.customerId);
    if (customer?.status !== 'active') {
      throw new DomainError('customer_not_found', {
        errors: [
          {
            path: '/customerId',
            message: customer
              ? {
                  ja: '統合済みの顧客には基本契約を作成できません。',
                  en: 'has been merged into another customer.',
                }
              : { ja: '指定された顧客が見つかりません。', en: 'is not a customer of this tenant.' },
          },
        ],
      });
    }
    const products = await productsNamed(tx, tenantId, input.productIds);
    const productIds = [...products.keys()];
    let change: StatusChange | null = null;
    if (input.startNow) {
      change = startSelling('draft', await tenantToday(tx, tenantId));
      checkProductsForStatus(change.status, [...products.values()], productPathIn(input.productIds));
    }
    const number = formatNumber('A', await nextNumber(tx, tenantId, 'agreement'), 6);
    const [row] = await tx
      .insert(agreements)
      .values({
        tenantId,
        id: newId(),
        number,
        customerId: customer.id,
        name: blankToNull(input.name),
        remarks: blankToNull(input.remarks),
        status: change?.status ?? 'draft',
        saleStartDate: change?.saleStartDate ?? null,
        startedAt: change ? new Date() : null,
      })
      .returning();
    if (!row) throw new Error('agreement insert returned no row');
    await tx
      .insert(agreementProducts)
      .values(productIds.map((productId) => ({ tenantId, agreementId: row.id, productId })));
    await recordChange(tx, tenantId, context.actor, {
      entity: 'agreement',
      entityId: row.id,
      action: 'create',
      after: auditOf(row, productIds),
    });
    const sorted = [...products.values()].sort((a, b) => a.code.localeCompare(b.code));
    return {
      ...toListItem(row, { id: customer.id, code: customer.code, name: customer.name }, sorted.length),
      products: sorted,
    };
  });
}

export interface AgreementQuery {
  q?: string | undefined;
  customerId?: string | undefined;
  status?: AgreementStatus[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Search by agreement number or customer (code, name, phone), customer and statuses; newest first. */
export async function listAgreements(
  context: TenantContext,
  query: AgreementQuery,
): Promise<Page<AgreementListItem>> {
  const { tenantId } = context;
  const q = query.q?.trim();
  const filters: (SQL | undefined)[] = [
    eq(agreements.tenantId, tenantId),
    context.customerScope ? eq(agreements.customerId, context.customerScope) : undefined,
    query.customerId ? eq(agreements.customerId, query.customerId) : undefined,
    query.status && query.status.length > 0 ? inArray(agreements.status, query.status) : undefined,
    query.cursor ? lt(agreements.id, query.cursor) : undefined,
    // The agreement number, or the customer as the customer search finds it (code, folded
    // name and kana, phone).
    q ? or(ilike(agreements.number, widthFoldedPattern(q)), customerSearchCondition(q)) : undefined,
  ];
  const productCount = sql<number>`(select count(*)::int from ${agreementProducts}
    where ${agreementProducts.tenantId} = ${agreements.tenantId}
      and ${agreementProducts.agreementId} = ${agreements.id})`;
  const rows = await context.database.inTenant(tenantId, (tx) =>
    tx
      .select({
        agreement: agreements,
        customer: { id: customers.id, code: customers.code, name: customers.name },
        productCount,
      })
      .from(agreements)
      .innerJoin(
        customers,
        and(eq(customers.tenantId, agreements.tenantId), eq(customers.id, agreements.customerId)),
      )
      .where(and(...filters))
      .orderBy(desc(agreements.id))
      .limit(query.limit + 1),
  );
  return pageOf(
    rows.map((row) => ({ ...row, id: row.agreement.id })),
    query.limit,
    (row) => toListItem(row.agreement, row.customer, Number(row.productCount)),
  );
}

export async function getAgreement(context: TenantContext, id: string): Promise<Agreement> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const [row] = await tx
      .select()
      .from(agreements)
      .where(
        and(
          eq(agreements.tenantId, tenantId),
          eq(agreements.id, id),
          context.customerScope ? eq(agreements.customerId, context.customerScope) : undefined,
        ),
      );
    if (!row) throw new DomainError('not_found');
    return detailOf(tx, tenantId, row);
  });
}

/** 販売開始 or 予約: a draft changes status, its products all published. */
async function changeStatus(
  context: TenantContext,
  id: string,
  decide: (current: AgreementStatus, today: string) => StatusChange,
  action: string,
): Promise<Agreement> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const before = await lockAgreement(context, tx, id);
    const change = decide(before.status, await tenantToday(tx, tenantId));
    const productIds = await productIdsOf(tx, tenantId, id);
    const products = await listProductSummaries(tx, tenantId, productIds);
    // The products as the agreement shows them (by code): the field errors point into that list.
    checkProductsForStatus(
      change.status,
      products,
      (productId) => `/products/${products.findIndex((product) => product.id === productId)}`,
    );
    const [after] = await tx
      .update(agreements)
      .set({
        status: change.status,
        saleStartDate: change.saleStartDate,
        startedAt: change.status === 'on_sale' ? new Date() : null,
        version: sql`${agreements.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(agreements.tenantId, tenantId), eq(agreements.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, tenantId, context.actor, {
      entity: 'agreement',
      entityId: id,
      action,
      before: auditOf(before, productIds),
      after: auditOf(after, productIds),
    });
    const customer = await customerRefOf(tx, tenantId, after.customerId);
    return { ...toListItem(after, customer, products.length), products };
  });
}

/** 販売開始: on sale from today (the tenant's date). */
export function startSellingAgreement(context: TenantContext, id: string): Promise<Agreement> {
  return changeStatus(context, id, (current, today) => startSelling(current, today), 'start_selling');
}

/** 予約: on sale from a later date, set by the daily job. */
export function scheduleAgreement(
  context: TenantContext,
  id: string,
  saleStartDate: string,
): Promise<Agreement> {
  return changeStatus(
    context,
    id,
    (current, today) => scheduleSale(current, saleStartDate, today),
    'schedule',
  );
}

export interface AgreementChange {
  version: number;
  name?: string | null | undefined;
  remarks?: string | null | undefined;
  productIds?: string[] | undefined;
}

/** 編集: name, remarks and products in any status; an added product must suit the status. */
export async function updateAgreement(
  context: TenantContext,
  id: string,
  change: AgreementChange,
): Promise<Agreement> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const before = await lockAgreement(context, tx, id);
    if (before.version !== change.version) throw new DomainError('version_conflict');
    const beforeIds = await productIdsOf(tx, tenantId, id);
    let afterIds = beforeIds;
    if (change.productIds !== undefined) {
      const requested = change.productIds;
      const products = await productsNamed(tx, tenantId, requested);
      const current = new Set(beforeIds);
      const added = [...products.values()].filter((product) => !current.has(product.id));
      checkProductsForStatus(before.status, added, productPathIn(requested));
      afterIds = [...products.keys()];
      const removed = beforeIds.filter((productId) => !products.has(productId));
      if (removed.length > 0) {
        await tx
          .delete(agreementProducts)
          .where(
            and(
              eq(agreementProducts.tenantId, tenantId),
              eq(agreementProducts.agreementId, id),
              inArray(agreementProducts.productId, removed),
            ),
          );
      }
      if (added.length > 0) {
        await tx
          .insert(agreementProducts)
          .values(added.map((product) => ({ tenantId, agreementId: id, productId: product.id })));
      }
    }
    const [after] = await tx
      .update(agreements)
      .set({
        ...(change.name !== undefined ? { name: blankToNull(change.name) } : {}),
        ...(change.remarks !== undefined ? { remarks: blankToNull(change.remarks) } : {}),
        version: sql`${agreements.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(agreements.tenantId, tenantId), eq(agreements.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, tenantId, context.actor, {
      entity: 'agreement',
      entityId: id,
      action: 'update',
      before: auditOf(before, beforeIds),
      after: auditOf(after, afterIds),
    });
    return detailOf(tx, tenantId, after);
  });
}
