// 契約管理: search and read contracts (with their line items and order history), and edit
// the contract name and remarks (契約名・備考欄) with the version read.
import { and, asc, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import { recordChange } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { widthFoldedLike, widthFoldedPattern } from '../../platform/db/width-folded-like.js';
import { DomainError } from '../../platform/domain-error.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { products } from '../catalog/index.js';
import { customerSearchCondition, customers } from '../customers/index.js';
import { loadOrders, refuseOtherCustomer } from './order-read.service.js';
import {
  blankToNull,
  type CustomerRef,
  type LineItemView,
  type Order,
  toLineItemView,
} from './order-views.js';
import { contracts, lineItems, orderItems, orders } from './schema.js';

type ContractRow = typeof contracts.$inferSelect;

export interface ContractListItem {
  id: string;
  number: string;
  name: string | null;
  remarks: string | null;
  customerId: string;
  customer: CustomerRef;
  billingAccountId: string;
  /** Line items in the contract (any status) and those in use (active). */
  lineItemCount: number;
  activeLineItemCount: number;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Contract extends ContractListItem {
  lineItems: LineItemView[];
  /** 注文履歴: every order of the contract, newest first. */
  orders: Order[];
}

const toListItem = (
  row: ContractRow,
  customer: CustomerRef,
  counts: { lineItemCount: number; activeLineItemCount: number },
): ContractListItem => ({
  id: row.id,
  number: row.number,
  name: row.name,
  remarks: row.remarks,
  customerId: row.customerId,
  customer,
  billingAccountId: row.billingAccountId,
  lineItemCount: Number(counts.lineItemCount),
  activeLineItemCount: Number(counts.activeLineItemCount),
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Whether the line item has an order item processing: one index probe per row, no N+1 round trips. */
export const hasProcessingOrder = sql<boolean>`exists (select 1 from ${orderItems}
  where ${orderItems.tenantId} = ${lineItems.tenantId}
    and ${orderItems.lineItemId} = ${lineItems.id}
    and ${orderItems.status} = 'processing')`;

const lineItemCount = sql<number>`(select count(*)::int from ${lineItems}
  where ${lineItems.tenantId} = ${contracts.tenantId} and ${lineItems.contractId} = ${contracts.id})`;
const activeLineItemCount = sql<number>`(select count(*)::int from ${lineItems}
  where ${lineItems.tenantId} = ${contracts.tenantId} and ${lineItems.contractId} = ${contracts.id}
    and ${lineItems.status} = 'active')`;

const contractsWithCustomer = (tx: Tx) =>
  tx
    .select({
      contract: contracts,
      customer: { id: customers.id, code: customers.code, name: customers.name },
      lineItemCount,
      activeLineItemCount,
    })
    .from(contracts)
    .innerJoin(
      customers,
      and(eq(customers.tenantId, contracts.tenantId), eq(customers.id, contracts.customerId)),
    );

export interface ContractQuery {
  q?: string | undefined;
  customerId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Search by contract number or name, or customer (code, folded name, phone); newest first. */
export async function listContracts(
  context: TenantContext,
  query: ContractQuery,
): Promise<Page<ContractListItem>> {
  refuseOtherCustomer(context, query.customerId);
  const { tenantId } = context;
  const q = query.q?.trim();
  const rows = await context.database.inTenant(tenantId, (tx) =>
    contractsWithCustomer(tx)
      .where(
        and(
          eq(contracts.tenantId, tenantId),
          context.customerScope ? eq(contracts.customerId, context.customerScope) : undefined,
          query.customerId ? eq(contracts.customerId, query.customerId) : undefined,
          query.cursor ? lt(contracts.id, query.cursor) : undefined,
          q
            ? or(
                ilike(contracts.number, widthFoldedPattern(q)),
                // By the expression contracts_name_trgm indexes.
                widthFoldedLike(contracts.name, widthFoldedPattern(q)),
                customerSearchCondition(q),
              )
            : undefined,
        ),
      )
      .orderBy(desc(contracts.id))
      .limit(query.limit + 1),
  );
  return pageOf(
    rows.map((row) => ({ ...row, id: row.contract.id })),
    query.limit,
    (row) => toListItem(row.contract, row.customer, row),
  );
}

async function contractDetail(context: TenantContext, tx: Tx, id: string): Promise<Contract> {
  const { tenantId } = context;
  const [row] = await contractsWithCustomer(tx).where(
    and(
      eq(contracts.tenantId, tenantId),
      eq(contracts.id, id),
      context.customerScope ? eq(contracts.customerId, context.customerScope) : undefined,
    ),
  );
  if (!row) throw new DomainError('not_found');
  const lines = await tx
    .select({
      lineItem: lineItems,
      product: { code: products.code, name: products.name },
      hasProcessingOrder,
    })
    .from(lineItems)
    .innerJoin(products, and(eq(products.tenantId, lineItems.tenantId), eq(products.id, lineItems.productId)))
    .where(and(eq(lineItems.tenantId, tenantId), eq(lineItems.contractId, id)))
    .orderBy(asc(lineItems.number));
  const { orders: history } = await loadOrders(tx, tenantId, eq(orders.contractId, id));
  return {
    ...toListItem(row.contract, row.customer, row),
    lineItems: lines.map((line) => toLineItemView(line.lineItem, line.product, line.hasProcessingOrder)),
    orders: history,
  };
}

export async function getContract(context: TenantContext, id: string): Promise<Contract> {
  return context.database.inTenant(context.tenantId, (tx) => contractDetail(context, tx, id));
}

export interface ContractChange {
  version: number;
  name?: string | null | undefined;
  remarks?: string | null | undefined;
}

/** 契約名・備考欄の編集 (「処理が正常に終了しました」): blank becomes empty (null). */
export async function updateContract(
  context: TenantContext,
  id: string,
  change: ContractChange,
): Promise<Contract> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const [before] = await tx
      .select()
      .from(contracts)
      .where(
        and(
          eq(contracts.tenantId, tenantId),
          eq(contracts.id, id),
          context.customerScope ? eq(contracts.customerId, context.customerScope) : undefined,
        ),
      )
      .for('update');
    if (!before) throw new DomainError('not_found');
    if (before.version !== change.version) throw new DomainError('version_conflict');
    const [after] = await tx
      .update(contracts)
      .set({
        ...(change.name !== undefined ? { name: blankToNull(change.name) } : {}),
        ...(change.remarks !== undefined ? { remarks: blankToNull(change.remarks) } : {}),
        version: sql`${contracts.version} + 1`,
        updatedAt: new Date(),
      })
      .where(and(eq(contracts.tenantId, tenantId), eq(contracts.id, id)))
      .returning();
    if (!after) throw new DomainError('not_found');
    await recordChange(tx, tenantId, context.actor, {
      entity: 'contract',
      entityId: id,
      action: 'update',
      before: { name: before.name, remarks: before.remarks, version: before.version },
      after: { name: after.name, remarks: after.remarks, version: after.version },
    });
    return contractDetail(context, tx, id);
  });
}
