// Placing (新規注文 / 追加注文 / 削減注文 / 解約注文), completing (注文完了, whole or item by
// item) and cancelling orders. Each use case is one tenant transaction: load (row locks on
// what the decision reads), apply the rules, write, audit.
import { and, asc, eq, inArray, max, sql } from 'drizzle-orm';
import { auditInsert } from '../../platform/audit/service.js';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { writeTogether } from '../../platform/db/write-together.js';
import { DomainError } from '../../platform/domain-error.js';
import { formatNumber, nextNumber, nextNumbers } from '../../platform/ids/human-number.js';
import { newId } from '../../platform/ids/id.js';
import { tenantToday } from '../../platform/tenancy/tenant-today.js';
import { productsOnSaleFor } from '../agreements/index.js';
import { loadProductsForOrder } from '../catalog/index.js';
import { loadCustomer } from '../customers/index.js';
import { NEW_ITEM, newOrderRows } from './new-order-rows.js';
import {
  type ChangeKind,
  type Channel,
  checkChangeOrder,
  checkNewOrderItems,
  orderDateOf,
  type RequestedItem,
} from './order-placement.rules.js';
import {
  type Completion,
  type CompletionPaths,
  cancelItem,
  cancelReasonOf,
  completeItem,
  type LineItemState,
  orderCompletedOn,
  orderStatusOf,
  refuseUnlessOrderProcessing,
} from './order-status.rules.js';
import {
  type LineItemRow,
  type LineItemTerms,
  lineItemAudit,
  type OrderItemRow,
  type OrderRow,
  type OrderSummary,
  orderAudit,
  toOrderSummary,
} from './order-views.js';
import { contracts, lineItems, orderItems, orders } from './schema.js';

const ONE_PROCESSING_INDEX = 'order_items_one_processing_per_line_item';

export type PlaceOrderInput =
  | {
      kind: 'new';
      customerId: string;
      contractName?: string | null | undefined;
      items: RequestedItem[];
      orderedOn?: string | undefined;
    }
  | {
      kind: 'add' | 'reduce';
      lineItemId: string;
      quantity: number;
      /** The customer the order screen is for: a line item of another customer is refused. */
      customerId?: string | undefined;
      orderedOn?: string | undefined;
    }
  | {
      kind: 'terminate';
      lineItemId: string;
      customerId?: string | undefined;
      orderedOn?: string | undefined;
    };

/** The partial unique index refused a second processing order item of one line item. */
export function isSecondProcessingOrder(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, constraint } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505' && constraint === ONE_PROCESSING_INDEX) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const processingOrderRefusal = () =>
  new DomainError('line_item_has_processing_order', {
    errors: [
      {
        path: '/lineItemId',
        message: {
          ja: 'この明細には処理中の注文があります。完了またはキャンセルしてから注文してください。',
          en: 'has an order in progress; complete or cancel it first.',
        },
      },
    ],
  });

/**
 * 注文する: a new order creates its contract, one line item per item (status ordered, the
 * product's price snapshot and attribute values) and the order (processing). An add,
 * reduce or terminate order names one active line item without a processing order; the
 * line item row is locked before that is checked, and the partial unique index is the
 * backstop. A portal user orders for their own customer only (any other: 404).
 */
export async function placeOrder(context: TenantContext, input: PlaceOrderInput): Promise<OrderSummary> {
  const scope = context.customerScope ?? null;
  if (scope && input.customerId !== undefined && input.customerId !== scope)
    throw new DomainError('not_found');
  const channel: Channel = scope ? 'portal' : 'staff';
  try {
    return await context.database.inTenant(context.tenantId, async (tx) => {
      const orderedOn = orderDateOf(input.orderedOn, await tenantToday(tx, context.tenantId), channel);
      return input.kind === 'new'
        ? placeNewOrder(context, tx, input, orderedOn, channel)
        : placeChangeOrder(context, tx, input, orderedOn, channel);
    });
  } catch (error) {
    if (isSecondProcessingOrder(error)) throw processingOrderRefusal();
    throw error;
  }
}

async function placeNewOrder(
  context: TenantContext,
  tx: Tx,
  input: Extract<PlaceOrderInput, { kind: 'new' }>,
  orderedOn: string,
  channel: Channel,
): Promise<OrderSummary> {
  const { tenantId } = context;
  const customer = await loadCustomer(tx, tenantId, input.customerId);
  if (customer?.status !== 'active') {
    if (channel === 'portal') throw new DomainError('not_found');
    throw new DomainError('customer_not_found', {
      errors: [
        {
          path: '/customerId',
          message: customer
            ? { ja: '統合済みの顧客には注文できません。', en: 'has been merged into another customer.' }
            : { ja: '指定された顧客が見つかりません。', en: 'is not a customer of this tenant.' },
        },
      ],
    });
  }
  const onSale = await productsOnSaleFor(tx, tenantId, customer.id);
  const products = await loadProductsForOrder(
    tx,
    tenantId,
    input.items.map((item) => item.productId),
  );
  const checked = checkNewOrderItems(input.items, products, onSale);

  // Numbers last: their counter rows stay locked until the transaction ends.
  const numbers = await nextNumbers(tx, tenantId, { contract: 1, line_item: checked.length, order: 1 });
  const { contract, lines, order, items, audit } = newOrderRows({
    tenantId,
    actor: context.actor,
    customer,
    contractName: input.contractName,
    orderedOn,
    channel,
    numbers: {
      contract: numbers.contract?.[0] ?? 0,
      order: numbers.order?.[0] ?? 0,
      lineItems: numbers.line_item ?? [],
    },
    items: checked.map((item) => {
      const product = products.get(item.productId);
      if (!product) throw new Error(`product ${item.productId} checked but not loaded`);
      return { product, quantity: item.quantity, attributes: item.attributes };
    }),
    now: new Date(),
  });
  await writeTogether(tx, [
    tx.insert(contracts).values(contract),
    tx.insert(lineItems).values(lines),
    tx.insert(orders).values(order),
    tx.insert(orderItems).values(items),
    auditInsert(tx, tenantId, context.actor, audit),
  ]);
  return toOrderSummary(order, items);
}

async function placeChangeOrder(
  context: TenantContext,
  tx: Tx,
  input: Exclude<PlaceOrderInput, { kind: 'new' }>,
  orderedOn: string,
  channel: Channel,
): Promise<OrderSummary> {
  const { tenantId } = context;
  const scope = context.customerScope ?? null;
  // Locked first, so two orders on one line item decide one after the other.
  const [lineItem] = await tx
    .select()
    .from(lineItems)
    .where(
      and(
        eq(lineItems.tenantId, tenantId),
        eq(lineItems.id, input.lineItemId),
        scope ? eq(lineItems.customerId, scope) : undefined,
      ),
    )
    .for('update');
  if (!lineItem) {
    if (channel === 'portal') throw new DomainError('not_found');
    throw new DomainError('line_item_not_found', {
      errors: [
        {
          path: '/lineItemId',
          message: { ja: '指定された明細が見つかりません。', en: 'is not a line item of this tenant.' },
        },
      ],
    });
  }
  if (input.customerId !== undefined && input.customerId !== lineItem.customerId) {
    throw new DomainError('line_item_not_found', {
      errors: [
        {
          path: '/lineItemId',
          message: { ja: '指定された顧客の明細ではありません。', en: 'is a line item of another customer.' },
        },
      ],
    });
  }
  // A statement after the lock: it sees what the transaction we waited for committed.
  const [processing] = await tx
    .select({ id: orderItems.id })
    .from(orderItems)
    .where(
      and(
        eq(orderItems.tenantId, tenantId),
        eq(orderItems.lineItemId, lineItem.id),
        eq(orderItems.status, 'processing'),
      ),
    )
    .limit(1);
  const kind: ChangeKind = input.kind;
  const { quantity } = checkChangeOrder(
    kind,
    { status: lineItem.status, quantity: lineItem.quantity, hasProcessingOrder: processing !== undefined },
    'quantity' in input ? input.quantity : undefined,
  );
  const number = formatNumber('O', await nextNumber(tx, tenantId, 'order'), 6);
  const now = new Date();
  const order: OrderRow = {
    tenantId,
    id: newId(),
    number,
    kind,
    customerId: lineItem.customerId,
    contractId: lineItem.contractId,
    status: 'processing',
    orderedOn,
    channel,
    placedBy: context.actor.id,
    completedOn: null,
    cancelReason: null,
    cancelledAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const items: OrderItemRow[] = [
    {
      ...NEW_ITEM,
      tenantId,
      id: newId(),
      orderId: order.id,
      lineItemId: lineItem.id,
      productId: lineItem.productId,
      kind,
      quantity,
      attributes: {},
      createdAt: now,
      updatedAt: now,
    },
  ];
  await writeTogether(tx, [
    tx.insert(orders).values(order),
    tx.insert(orderItems).values(items),
    auditInsert(tx, tenantId, context.actor, [
      { entity: 'order', entityId: order.id, action: 'place', after: orderAudit(order, items) },
    ]),
  ]);
  return toOrderSummary(order, items);
}

// ── completion and cancellation ───────────────────────────────────────────────

async function lockOrder(context: TenantContext, tx: Tx, orderId: string): Promise<OrderRow> {
  const scope = context.customerScope ?? null;
  const [order] = await tx
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.tenantId, context.tenantId),
        eq(orders.id, orderId),
        scope ? eq(orders.customerId, scope) : undefined,
      ),
    )
    .for('update');
  if (!order) throw new DomainError('not_found');
  return order;
}

/** The order's items with their line items, in item order; the line items locked (FOR UPDATE). */
async function itemsWithLineItems(
  tx: Tx,
  tenantId: string,
  orderId: string,
): Promise<{ item: OrderItemRow; lineItem: LineItemRow }[]> {
  return tx
    .select({ item: orderItems, lineItem: lineItems })
    .from(orderItems)
    .innerJoin(
      lineItems,
      and(eq(lineItems.tenantId, orderItems.tenantId), eq(lineItems.id, orderItems.lineItemId)),
    )
    .where(and(eq(orderItems.tenantId, tenantId), eq(orderItems.orderId, orderId)))
    .orderBy(asc(orderItems.id))
    .for('update', { of: lineItems });
}

/** The latest completion date of each line item's completed order items. */
async function lastChanges(tx: Tx, tenantId: string, lineItemIds: string[]): Promise<Map<string, string>> {
  if (lineItemIds.length === 0) return new Map();
  const rows = await tx
    .select({ lineItemId: orderItems.lineItemId, last: max(orderItems.completedOn) })
    .from(orderItems)
    .where(
      and(
        eq(orderItems.tenantId, tenantId),
        inArray(orderItems.lineItemId, lineItemIds),
        eq(orderItems.status, 'completed'),
      ),
    )
    .groupBy(orderItems.lineItemId);
  return new Map(rows.flatMap((row) => (row.last ? [[row.lineItemId, row.last] as const] : [])));
}

const stateOf = (row: LineItemRow): LineItemState => ({
  status: row.status,
  quantity: row.quantity,
  completedOn: row.completedOn,
  chargeStartDate: row.chargeStartDate,
  endDate: row.endDate,
  serialNumber: row.serialNumber,
});

/** What changes when items complete or cancel: items, line items, the order, and their audit. */
interface Outcome {
  items: Map<string, OrderItemRow>;
  lineItems: { before: LineItemRow; after: LineItemState; action: string; extra?: Record<string, unknown> }[];
}

/** Writes the outcome and the order's status (and completion date) that follows from its items. */
async function writeOutcome(
  context: TenantContext,
  tx: Tx,
  order: OrderRow,
  before: OrderItemRow[],
  outcome: Outcome,
  action: string,
  now: Date,
  cancelReason?: string,
): Promise<OrderSummary> {
  const { tenantId } = context;
  const items = before.map((item) => outcome.items.get(item.id) ?? item);
  const status = orderStatusOf(items);
  const after: OrderRow = {
    ...order,
    status,
    completedOn: orderCompletedOn(items),
    ...(status === 'cancelled' && cancelReason !== undefined ? { cancelReason, cancelledAt: now } : {}),
    version: order.version + 1,
    updatedAt: now,
  };
  await writeTogether(tx, [
    ...[...outcome.items.values()].map((item) =>
      tx
        .update(orderItems)
        .set({
          status: item.status,
          completedOn: item.completedOn,
          chargeStartDate: item.chargeStartDate,
          serialNumber: item.serialNumber,
          confirmedAt: item.confirmedAt,
          confirmedBy: item.confirmedBy,
          cancelReason: item.cancelReason,
          updatedAt: now,
        })
        .where(and(eq(orderItems.tenantId, tenantId), eq(orderItems.id, item.id))),
    ),
    ...outcome.lineItems.map(({ before: line, after: state }) =>
      tx
        .update(lineItems)
        .set({ ...state, version: sql`${lineItems.version} + 1`, updatedAt: now })
        .where(and(eq(lineItems.tenantId, tenantId), eq(lineItems.id, line.id))),
    ),
    tx
      .update(orders)
      .set({
        status: after.status,
        completedOn: after.completedOn,
        cancelReason: after.cancelReason,
        cancelledAt: after.cancelledAt,
        version: after.version,
        updatedAt: now,
      })
      .where(and(eq(orders.tenantId, tenantId), eq(orders.id, order.id))),
    auditInsert(tx, tenantId, context.actor, [
      ...outcome.lineItems.map(({ before: line, after: state, action: lineAction, extra }) => ({
        entity: 'line_item',
        entityId: line.id,
        action: lineAction,
        before: lineItemAudit(line),
        after: { ...lineItemAudit({ ...line, ...state }), orderId: order.id, ...extra },
      })),
      {
        entity: 'order',
        entityId: order.id,
        action,
        before: orderAudit(order, before),
        after: {
          ...orderAudit(after, items),
          ...(cancelReason !== undefined ? { reason: cancelReason } : {}),
        },
      },
    ]),
  ]);
  return toOrderSummary(after, items);
}

export interface OrderCompletion {
  completedOn: string;
  chargeStartDate?: string | undefined;
  /** Per order item id: the serial numbers of the new order's items (carrier products need one). */
  serialNumbers?: Record<string, string> | undefined;
}

export interface ItemCompletion {
  completedOn: string;
  chargeStartDate?: string | undefined;
  serialNumber?: string | undefined;
}

/** 注文完了: completes every processing item of the order with one completion date. */
export function completeOrder(
  context: TenantContext,
  orderId: string,
  input: OrderCompletion,
): Promise<OrderSummary> {
  return complete(context, orderId, 'complete', (items) => {
    const open = items.filter((item) => item.status === 'processing');
    const openNew = new Set(open.filter((item) => item.kind === 'new').map((item) => item.id));
    const stray = Object.keys(input.serialNumbers ?? {}).filter((id) => !openNew.has(id));
    if (stray.length > 0) {
      throw new DomainError('completion_field_not_applicable', {
        errors: stray.map((id) => ({
          path: `/serialNumbers/${id}`,
          message: {
            ja: 'この注文の処理中の新規注文明細ではありません。',
            en: 'is not a processing new item of this order.',
          },
        })),
      });
    }
    return open.map((item) => ({
      item,
      completion: {
        completedOn: input.completedOn,
        chargeStartDate: input.chargeStartDate,
        serialNumber: input.serialNumbers?.[item.id],
      },
      paths: { chargeStartDate: '/chargeStartDate', serialNumber: `/serialNumbers/${item.id}` },
    }));
  });
}

/** 部分確定: completes one item of the order (seed 001: the carrier line before the rest). */
export function completeOrderItem(
  context: TenantContext,
  orderId: string,
  itemId: string,
  input: ItemCompletion,
): Promise<OrderSummary> {
  return complete(context, orderId, 'complete_item', (items) => {
    const item = items.find((candidate) => candidate.id === itemId);
    if (!item) throw new DomainError('not_found');
    return [
      {
        item,
        completion: input,
        paths: { chargeStartDate: '/chargeStartDate', serialNumber: '/serialNumber' },
      },
    ];
  });
}

interface Target {
  item: OrderItemRow;
  completion: Completion;
  paths: CompletionPaths;
}

async function complete(
  context: TenantContext,
  orderId: string,
  action: 'complete' | 'complete_item',
  targetsOf: (items: OrderItemRow[]) => Target[],
): Promise<OrderSummary> {
  const { tenantId } = context;
  return context.database.inTenant(tenantId, async (tx) => {
    const order = await lockOrder(context, tx, orderId);
    refuseUnlessOrderProcessing(order.status);
    const rows = await itemsWithLineItems(tx, tenantId, order.id);
    const before = rows.map((row) => row.item);
    const lineItemOf = new Map(rows.map((row) => [row.item.id, row.lineItem]));
    const targets = targetsOf(before);
    const changes =
      order.kind === 'new'
        ? new Map<string, string>()
        : await lastChanges(
            tx,
            tenantId,
            targets.map((target) => target.item.lineItemId),
          );
    const now = new Date();
    const outcome: Outcome = { items: new Map(), lineItems: [] };
    for (const { item, completion, paths } of targets) {
      const lineItem = lineItemOf.get(item.id);
      if (!lineItem) throw new Error(`line item ${item.lineItemId} of order item ${item.id} not found`);
      const terms = lineItem.priceSnapshot as LineItemTerms;
      const result = completeItem({
        orderedOn: order.orderedOn,
        item: {
          kind: item.kind,
          quantity: item.quantity,
          status: item.status,
          terms: {
            fulfilment: terms.fulfilment,
            freePeriod: terms.freePeriod,
            serialNumberPattern: terms.serialNumberPattern ?? null,
          },
        },
        lineItem: stateOf(lineItem),
        lastChangeOn: changes.get(lineItem.id) ?? null,
        completion,
        paths,
      });
      outcome.items.set(item.id, {
        ...item,
        ...result.item,
        confirmedAt: now,
        confirmedBy: context.actor.id,
        updatedAt: now,
      });
      outcome.lineItems.push({ before: lineItem, after: result.lineItem, action: `complete_${item.kind}` });
    }
    return writeOutcome(context, tx, order, before, outcome, action, now);
  });
}

/** キャンセル: every processing item of the order, with a reason. */
export function cancelOrder(context: TenantContext, orderId: string, reason: string): Promise<OrderSummary> {
  return cancel(context, orderId, 'cancel', reason, (items) =>
    items.filter((item) => item.status === 'processing'),
  );
}

/** キャンセル of one item (seed 001: the carrier reports one line cancelled). */
export function cancelOrderItem(
  context: TenantContext,
  orderId: string,
  itemId: string,
  reason: string,
): Promise<OrderSummary> {
  return cancel(context, orderId, 'cancel_item', reason, (items) => {
    const item = items.find((candidate) => candidate.id === itemId);
    if (!item) throw new DomainError('not_found');
    return [item];
  });
}

async function cancel(
  context: TenantContext,
  orderId: string,
  action: 'cancel' | 'cancel_item',
  reasonText: string,
  targetsOf: (items: OrderItemRow[]) => OrderItemRow[],
): Promise<OrderSummary> {
  const { tenantId } = context;
  const reason = cancelReasonOf(reasonText);
  return context.database.inTenant(tenantId, async (tx) => {
    const order = await lockOrder(context, tx, orderId);
    refuseUnlessOrderProcessing(order.status);
    const rows = await itemsWithLineItems(tx, tenantId, order.id);
    const before = rows.map((row) => row.item);
    const lineItemOf = new Map(rows.map((row) => [row.item.id, row.lineItem]));
    const now = new Date();
    const outcome: Outcome = { items: new Map(), lineItems: [] };
    for (const item of targetsOf(before)) {
      const lineItem = lineItemOf.get(item.id);
      if (!lineItem) throw new Error(`line item ${item.lineItemId} of order item ${item.id} not found`);
      const result = cancelItem(item, stateOf(lineItem));
      outcome.items.set(item.id, { ...item, status: 'cancelled', cancelReason: reason, updatedAt: now });
      // Only a new order's items change their line item (it is cancelled with them).
      if (item.kind === 'new') {
        outcome.lineItems.push({
          before: lineItem,
          after: result.lineItem,
          action: 'cancel',
          extra: { reason },
        });
      }
    }
    return writeOutcome(context, tx, order, before, outcome, action, now, reason);
  });
}
