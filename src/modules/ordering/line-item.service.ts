// 明細管理: search line items (by number, product, customer) and read one with its order
// history (the quantity in use is the sum of its completed orders). Portal users see their
// own customer's line items only.
import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { widthFoldedLike, widthFoldedPattern } from '../../platform/db/width-folded-like.js';
import { DomainError } from '../../platform/domain-error.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { products } from '../catalog/index.js';
import { customerSearchCondition, customers } from '../customers/index.js';
import { hasProcessingOrder } from './contract.service.js';
import { refuseOtherCustomer } from './order-read.service.js';
import type { LineItemStatus, OrderKind, OrderStatus } from './order-status.rules.js';
import {
  type ContractRef,
  type CustomerRef,
  type LineItemTerms,
  type LineItemView,
  toLineItemView,
} from './order-views.js';
import { contracts, lineItems, orderItems, orders } from './schema.js';

export interface LineItemListItem extends LineItemView {
  customer: CustomerRef;
  contract: ContractRef;
}

/** One order of the line item's history (注文履歴). */
export interface LineItemHistoryEntry {
  orderId: string;
  orderNumber: string;
  orderItemId: string;
  kind: OrderKind;
  orderedOn: string;
  orderStatus: OrderStatus;
  quantity: number;
  status: OrderStatus;
  completedOn: string | null;
  chargeStartDate: string | null;
  serialNumber: string | null;
  cancelReason: string | null;
}

export interface LineItem extends LineItemListItem {
  /** The product's price and terms as ordered (billing.md rule 8). */
  priceSnapshot: LineItemTerms;
  orders: LineItemHistoryEntry[];
}

const lineItemsWithRefs = (tx: Tx) =>
  tx
    .select({
      lineItem: lineItems,
      product: { code: products.code, name: products.name },
      customer: { id: customers.id, code: customers.code, name: customers.name },
      contract: { id: contracts.id, number: contracts.number, name: contracts.name },
      hasProcessingOrder,
    })
    .from(lineItems)
    .innerJoin(products, and(eq(products.tenantId, lineItems.tenantId), eq(products.id, lineItems.productId)))
    .innerJoin(
      customers,
      and(eq(customers.tenantId, lineItems.tenantId), eq(customers.id, lineItems.customerId)),
    )
    .innerJoin(
      contracts,
      and(eq(contracts.tenantId, lineItems.tenantId), eq(contracts.id, lineItems.contractId)),
    );

type Row = Awaited<ReturnType<ReturnType<typeof lineItemsWithRefs>['where']>>[number];

const toListItem = (row: Row): LineItemListItem => ({
  ...toLineItemView(row.lineItem, row.product, row.hasProcessingOrder),
  customer: row.customer,
  contract: row.contract,
});

export interface LineItemQuery {
  q?: string | undefined;
  customerId?: string | undefined;
  contractId?: string | undefined;
  status?: LineItemStatus[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Search by line item number, product code or name, or customer (code, folded name, phone); newest first. */
export async function listLineItems(
  context: TenantContext,
  query: LineItemQuery,
): Promise<Page<LineItemListItem>> {
  refuseOtherCustomer(context, query.customerId);
  const { tenantId } = context;
  const q = query.q?.trim();
  const text = q ? widthFoldedPattern(q) : '';
  const where: (SQL | undefined)[] = [
    eq(lineItems.tenantId, tenantId),
    context.customerScope ? eq(lineItems.customerId, context.customerScope) : undefined,
    query.customerId ? eq(lineItems.customerId, query.customerId) : undefined,
    query.contractId ? eq(lineItems.contractId, query.contractId) : undefined,
    query.status && query.status.length > 0 ? inArray(lineItems.status, query.status) : undefined,
    query.cursor ? lt(lineItems.id, query.cursor) : undefined,
    q
      ? or(
          ilike(lineItems.number, text),
          // Width-folded as the search text is (products are few: no index is needed).
          widthFoldedLike(products.code, text),
          widthFoldedLike(products.name, text),
          customerSearchCondition(q),
        )
      : undefined,
  ];
  const rows = await context.database.inTenant(tenantId, (tx) =>
    lineItemsWithRefs(tx)
      .where(and(...where))
      .orderBy(desc(lineItems.id))
      .limit(query.limit + 1),
  );
  return pageOf(
    rows.map((row) => ({ ...row, id: row.lineItem.id })),
    query.limit,
    toListItem,
  );
}

export async function getLineItem(context: TenantContext, id: string): Promise<LineItem> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const [row] = await lineItemsWithRefs(tx).where(
      and(
        eq(lineItems.tenantId, tenantId),
        eq(lineItems.id, id),
        context.customerScope ? eq(lineItems.customerId, context.customerScope) : undefined,
      ),
    );
    if (!row) throw new DomainError('not_found');
    const history = await tx
      .select({
        item: orderItems,
        order: { number: orders.number, orderedOn: orders.orderedOn, status: orders.status },
      })
      .from(orderItems)
      .innerJoin(orders, and(eq(orders.tenantId, orderItems.tenantId), eq(orders.id, orderItems.orderId)))
      .where(and(eq(orderItems.tenantId, tenantId), eq(orderItems.lineItemId, id)))
      .orderBy(asc(orderItems.id));
    return {
      ...toListItem(row),
      priceSnapshot: row.lineItem.priceSnapshot as LineItemTerms,
      orders: history.map(({ item, order }) => ({
        orderId: item.orderId,
        orderNumber: order.number,
        orderItemId: item.id,
        kind: item.kind,
        orderedOn: order.orderedOn,
        orderStatus: order.status,
        quantity: item.quantity,
        status: item.status,
        completedOn: item.completedOn,
        chargeStartDate: item.chargeStartDate,
        serialNumber: item.serialNumber,
        cancelReason: item.cancelReason,
      })),
    };
  });
}
