// The rows a new order writes, once for both ways of placing one (新規注文 one at a time,
// order.service.ts; 注文一括登録, order-import.service.ts): its contract, one line item and
// one order item per product (completed at once when the import's row says so), the order,
// and their audit entries. Built here so a column cannot drift between the two.
import type { Actor } from '../../platform/context.js';
import { formatNumber } from '../../platform/ids/human-number.js';
import { newId } from '../../platform/ids/id.js';
import type { OrderableProduct } from '../catalog/index.js';
import type { CustomerSummary } from '../customers/index.js';
import type { Channel } from './order-placement.rules.js';
import {
  type CompletedItem,
  type LineItemState,
  orderCompletedOn,
  orderStatusOf,
} from './order-status.rules.js';
import {
  blankToNull,
  type LineItemRow,
  type LineItemTerms,
  lineItemAudit,
  type OrderItemRow,
  type OrderRow,
  orderAudit,
} from './order-views.js';
import type { contracts } from './schema.js';

/** A line item not completed yet (受注: quantity in use 0). */
export const NOT_COMPLETED = { completedOn: null, chargeStartDate: null, endDate: null, serialNumber: null };
/** A new line item's state until its order item completes. */
export const ORDERED: LineItemState = { status: 'ordered', quantity: 0, ...NOT_COMPLETED };

/** The columns of a new order item that start empty. */
export const NEW_ITEM = {
  status: 'processing',
  completedOn: null,
  chargeStartDate: null,
  serialNumber: null,
  confirmedAt: null,
  confirmedBy: null,
  cancelReason: null,
} as const;

export interface NewOrderItem {
  product: Pick<OrderableProduct, 'id' | 'snapshot' | 'serialNumberPattern'>;
  quantity: number;
  attributes: Record<string, unknown>;
  /** What completing it at once gives (注文一括登録 with a 完了日); absent: it is processing. */
  completed?: { item: CompletedItem; lineItem: LineItemState } | null;
}

export interface NewOrderRows {
  contract: typeof contracts.$inferInsert;
  lines: LineItemRow[];
  order: OrderRow;
  items: OrderItemRow[];
  audit: { entity: string; entityId: string; action: string; after: Record<string, unknown> }[];
}

/** The rows of one new order; the numbers are taken by the caller (nextNumbers). */
export function newOrderRows(args: {
  tenantId: string;
  actor: Actor;
  customer: Pick<CustomerSummary, 'id' | 'defaultBillingAccountId'>;
  contractName: string | null | undefined;
  orderedOn: string;
  channel: Channel;
  numbers: { contract: number; order: number; lineItems: readonly number[] };
  items: readonly NewOrderItem[];
  now: Date;
  /** The audit entries' extra facts (the import's id) and the order's action. */
  audit?: { action: string; extra: Record<string, unknown> };
}): NewOrderRows {
  const { tenantId, actor, customer, now } = args;
  const stamps = { version: 1, createdAt: now, updatedAt: now };
  const contract = {
    tenantId,
    id: newId(),
    number: formatNumber('K', args.numbers.contract, 6),
    customerId: customer.id,
    billingAccountId: customer.defaultBillingAccountId,
    name: blankToNull(args.contractName),
    remarks: null,
    ...stamps,
  } satisfies typeof contracts.$inferInsert;
  const orderId = newId();
  const lines: LineItemRow[] = [];
  const items: OrderItemRow[] = [];
  args.items.forEach(({ product, quantity, attributes, completed }, index) => {
    const terms: LineItemTerms = { ...product.snapshot, serialNumberPattern: product.serialNumberPattern };
    const line: LineItemRow = {
      tenantId,
      id: newId(),
      number: formatNumber('L', args.numbers.lineItems[index] ?? 0, 6),
      contractId: contract.id,
      customerId: customer.id,
      productId: product.id,
      ...(completed?.lineItem ?? ORDERED),
      priceSnapshot: terms,
      attributes,
      ...stamps,
    };
    lines.push(line);
    items.push({
      ...NEW_ITEM,
      tenantId,
      id: newId(),
      orderId,
      lineItemId: line.id,
      productId: product.id,
      kind: 'new',
      quantity,
      attributes,
      ...(completed ? { ...completed.item, confirmedAt: now, confirmedBy: actor.id } : {}),
      createdAt: now,
      updatedAt: now,
    });
  });
  const order: OrderRow = {
    tenantId,
    id: orderId,
    number: formatNumber('O', args.numbers.order, 6),
    kind: 'new',
    customerId: customer.id,
    contractId: contract.id,
    status: orderStatusOf(items),
    orderedOn: args.orderedOn,
    channel: args.channel,
    placedBy: actor.id,
    completedOn: orderCompletedOn(items),
    cancelReason: null,
    cancelledAt: null,
    ...stamps,
  };
  const extra = args.audit?.extra ?? {};
  const audit = [
    {
      entity: 'contract',
      entityId: contract.id,
      action: 'create',
      after: {
        number: contract.number,
        customerId: contract.customerId,
        billingAccountId: contract.billingAccountId,
        name: contract.name,
        orderId: order.id,
        ...extra,
      },
    },
    ...lines.map((line) => ({
      entity: 'line_item',
      entityId: line.id,
      action: 'create',
      after: { ...lineItemAudit(line), orderId: order.id, ...extra },
    })),
    {
      entity: 'order',
      entityId: order.id,
      action: args.audit?.action ?? 'place',
      after: { ...orderAudit(order, items), ...extra },
    },
  ];
  return { contract, lines, order, items, audit };
}
