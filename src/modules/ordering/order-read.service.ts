// 注文履歴: search and read orders, with their customer, contract and products. A page of
// orders takes two queries (the orders with customer and contract, then all their items).
// Portal users see their own customer's orders only.
import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { widthFoldedPattern } from '../../platform/db/width-folded-like.js';
import { DomainError } from '../../platform/domain-error.js';
import { type Page, pageOf } from '../../platform/pagination.js';
import { products } from '../catalog/index.js';
import { customerSearchCondition, customers } from '../customers/index.js';
import type { OrderKind, OrderStatus } from './order-status.rules.js';
import { type Order, type OrderItemDetail, type OrderRow, toOrderItemView } from './order-views.js';
import { contracts, lineItems, orderItems, orders } from './schema.js';

/** A portal user's filter of another customer: "not found", as any id not theirs. */
export function refuseOtherCustomer(context: TenantContext, customerId: string | undefined): void {
  if (context.customerScope && customerId !== undefined && customerId !== context.customerScope) {
    throw new DomainError('not_found');
  }
}

const ordersWithRefs = (tx: Tx) =>
  tx
    .select({
      order: orders,
      customer: { id: customers.id, code: customers.code, name: customers.name },
      contract: { id: contracts.id, number: contracts.number, name: contracts.name },
    })
    .from(orders)
    .innerJoin(customers, and(eq(customers.tenantId, orders.tenantId), eq(customers.id, orders.customerId)))
    .innerJoin(contracts, and(eq(contracts.tenantId, orders.tenantId), eq(contracts.id, orders.contractId)));

type OrderWithRefs = Awaited<ReturnType<ReturnType<typeof ordersWithRefs>['where']>>[number];

/** The items of these orders with their line item number and product, in one query. */
async function itemsOfOrders(
  tx: Tx,
  tenantId: string,
  orderIds: string[],
): Promise<Map<string, OrderItemDetail[]>> {
  const byOrder = new Map<string, OrderItemDetail[]>();
  if (orderIds.length === 0) return byOrder;
  const rows = await tx
    .select({
      item: orderItems,
      lineItemNumber: lineItems.number,
      productCode: products.code,
      productName: products.name,
    })
    .from(orderItems)
    .innerJoin(
      lineItems,
      and(eq(lineItems.tenantId, orderItems.tenantId), eq(lineItems.id, orderItems.lineItemId)),
    )
    .innerJoin(
      products,
      and(eq(products.tenantId, orderItems.tenantId), eq(products.id, orderItems.productId)),
    )
    .where(and(eq(orderItems.tenantId, tenantId), inArray(orderItems.orderId, orderIds)))
    .orderBy(asc(orderItems.id));
  for (const row of rows) {
    const list = byOrder.get(row.item.orderId) ?? [];
    list.push({
      ...toOrderItemView(row.item),
      lineItemNumber: row.lineItemNumber,
      productCode: row.productCode,
      productName: row.productName,
    });
    byOrder.set(row.item.orderId, list);
  }
  return byOrder;
}

const toOrder = (row: OrderWithRefs, items: OrderItemDetail[]): Order => {
  const order: OrderRow = row.order;
  return {
    id: order.id,
    number: order.number,
    kind: order.kind,
    orderedOn: order.orderedOn,
    status: order.status,
    customerId: order.customerId,
    contractId: order.contractId,
    channel: order.channel,
    completedOn: order.completedOn,
    cancelReason: order.cancelReason,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    version: order.version,
    createdAt: order.createdAt.toISOString(),
    customer: row.customer,
    contract: row.contract,
    items,
  };
};

/** Orders matching `where` (tenant and scope already applied by the caller), newest first, with items. */
export async function loadOrders(
  tx: Tx,
  tenantId: string,
  where: SQL | undefined,
  limit?: number,
): Promise<{ rows: OrderWithRefs[]; orders: Order[] }> {
  const query = ordersWithRefs(tx)
    .where(and(eq(orders.tenantId, tenantId), where))
    .orderBy(desc(orders.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  const items = await itemsOfOrders(
    tx,
    tenantId,
    rows.map((row) => row.order.id),
  );
  return { rows, orders: rows.map((row) => toOrder(row, items.get(row.order.id) ?? [])) };
}

export interface OrderQuery {
  q?: string | undefined;
  customerId?: string | undefined;
  status?: OrderStatus[] | undefined;
  kind?: OrderKind[] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * Orders with an item of a product whose code or name matches (the seed's 商品名 search),
 * width-folded (NFKC) as the search text is: ＢＧＭ and BGM find each other.
 */
const hasProductMatching = (text: string) =>
  sql`exists (select 1 from ${orderItems} oi join ${products} p on p.tenant_id = oi.tenant_id and p.id = oi.product_id
               where oi.tenant_id = ${orders.tenantId} and oi.order_id = ${orders.id}
                 and (normalize(p.code, NFKC) ilike ${text} or normalize(p.name, NFKC) ilike ${text}))`;

/**
 * Search by order number, product (code or name) or customer (code, folded name, phone),
 * customer, status and kind; newest first.
 */
export async function listOrders(context: TenantContext, query: OrderQuery): Promise<Page<Order>> {
  refuseOtherCustomer(context, query.customerId);
  const q = query.q?.trim();
  const pattern = q ? widthFoldedPattern(q) : '';
  const where = and(
    context.customerScope ? eq(orders.customerId, context.customerScope) : undefined,
    query.customerId ? eq(orders.customerId, query.customerId) : undefined,
    query.status && query.status.length > 0 ? inArray(orders.status, query.status) : undefined,
    query.kind && query.kind.length > 0 ? inArray(orders.kind, query.kind) : undefined,
    query.cursor ? lt(orders.id, query.cursor) : undefined,
    q
      ? or(ilike(orders.number, pattern), hasProductMatching(pattern), customerSearchCondition(q))
      : undefined,
  );
  const { orders: found } = await context.database.inTenant(context.tenantId, (tx) =>
    loadOrders(tx, context.tenantId, where, query.limit + 1),
  );
  return pageOf(found, query.limit, (order) => order);
}

export async function getOrder(context: TenantContext, id: string): Promise<Order> {
  const { orders: found } = await context.database.inTenant(context.tenantId, (tx) =>
    loadOrders(
      tx,
      context.tenantId,
      and(
        eq(orders.id, id),
        context.customerScope ? eq(orders.customerId, context.customerScope) : undefined,
      ),
    ),
  );
  const [order] = found;
  if (!order) throw new DomainError('not_found');
  return order;
}
