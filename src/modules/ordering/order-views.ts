// What the ordering use cases answer: orders, contracts and line items as the API shows
// them, and the mapping from rows. Kept apart so the write and read services share them.
import type { PriceSnapshot } from '../catalog/index.js';
import type { LineItemStatus, OrderKind, OrderStatus } from './order-status.rules.js';
import type { lineItems, orderItems, orders } from './schema.js';

export type OrderRow = typeof orders.$inferSelect;
export type OrderItemRow = typeof orderItems.$inferSelect;
export type LineItemRow = typeof lineItems.$inferSelect;

/**
 * What a line item copies when its new order is placed: the price snapshot (billing.md
 * rule 8) and the serial number pattern its completion is checked against.
 */
export interface LineItemTerms extends PriceSnapshot {
  serialNumberPattern?: string | null;
}

export interface CustomerRef {
  id: string;
  code: string;
  name: string;
}

export interface ContractRef {
  id: string;
  number: string;
  name: string | null;
}

export interface OrderItemView {
  id: string;
  lineItemId: string;
  productId: string;
  kind: OrderKind;
  quantity: number;
  status: OrderStatus;
  attributes: Record<string, unknown>;
  completedOn: string | null;
  chargeStartDate: string | null;
  serialNumber: string | null;
  confirmedAt: string | null;
  cancelReason: string | null;
}

/** An order as placing, completing and cancelling answer it (its own fields and items). */
export interface OrderSummary {
  id: string;
  number: string;
  kind: OrderKind;
  orderedOn: string;
  status: OrderStatus;
  customerId: string;
  contractId: string;
  channel: 'staff' | 'portal';
  completedOn: string | null;
  cancelReason: string | null;
  cancelledAt: string | null;
  version: number;
  createdAt: string;
  items: OrderItemView[];
}

export interface OrderItemDetail extends OrderItemView {
  lineItemNumber: string;
  productCode: string;
  productName: string;
}

/** An order as lists and reads show it: with its customer, contract and products. */
export interface Order extends Omit<OrderSummary, 'items'> {
  customer: CustomerRef;
  contract: ContractRef;
  items: OrderItemDetail[];
}

export interface LineItemView {
  id: string;
  number: string;
  contractId: string;
  customerId: string;
  productId: string;
  productCode: string;
  productName: string;
  /** Quantity in use: the sum of its completed orders. */
  quantity: number;
  status: LineItemStatus;
  completedOn: string | null;
  chargeStartDate: string | null;
  endDate: string | null;
  serialNumber: string | null;
  attributes: Record<string, unknown>;
  hasProcessingOrder: boolean;
  version: number;
  createdAt: string;
}

export const toOrderItemView = (row: OrderItemRow): OrderItemView => ({
  id: row.id,
  lineItemId: row.lineItemId,
  productId: row.productId,
  kind: row.kind,
  quantity: row.quantity,
  status: row.status,
  attributes: row.attributes,
  completedOn: row.completedOn,
  chargeStartDate: row.chargeStartDate,
  serialNumber: row.serialNumber,
  confirmedAt: row.confirmedAt?.toISOString() ?? null,
  cancelReason: row.cancelReason,
});

export const toOrderSummary = (row: OrderRow, items: OrderItemRow[]): OrderSummary => ({
  id: row.id,
  number: row.number,
  kind: row.kind,
  orderedOn: row.orderedOn,
  status: row.status,
  customerId: row.customerId,
  contractId: row.contractId,
  channel: row.channel,
  completedOn: row.completedOn,
  cancelReason: row.cancelReason,
  cancelledAt: row.cancelledAt?.toISOString() ?? null,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  items: items.map(toOrderItemView),
});

export const toLineItemView = (
  row: LineItemRow,
  product: { code: string; name: string },
  hasProcessingOrder: boolean,
): LineItemView => ({
  id: row.id,
  number: row.number,
  contractId: row.contractId,
  customerId: row.customerId,
  productId: row.productId,
  productCode: product.code,
  productName: product.name,
  quantity: row.quantity,
  status: row.status,
  completedOn: row.completedOn,
  chargeStartDate: row.chargeStartDate,
  endDate: row.endDate,
  serialNumber: row.serialNumber,
  attributes: row.attributes,
  hasProcessingOrder,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
});

/** What the audit log keeps of an order. */
export const orderAudit = (row: OrderRow, items: OrderItemRow[]) => ({
  number: row.number,
  kind: row.kind,
  status: row.status,
  customerId: row.customerId,
  contractId: row.contractId,
  orderedOn: row.orderedOn,
  channel: row.channel,
  completedOn: row.completedOn,
  cancelReason: row.cancelReason,
  items: items.map((item) => ({
    id: item.id,
    lineItemId: item.lineItemId,
    productId: item.productId,
    quantity: item.quantity,
    status: item.status,
    attributes: item.attributes,
    completedOn: item.completedOn,
    chargeStartDate: item.chargeStartDate,
    serialNumber: item.serialNumber,
    cancelReason: item.cancelReason,
  })),
});

/** What the audit log keeps of a line item. */
export const lineItemAudit = (row: {
  number: string;
  contractId: string;
  productId: string;
  status: LineItemStatus;
  quantity: number;
  completedOn: string | null;
  chargeStartDate: string | null;
  endDate: string | null;
  serialNumber: string | null;
  attributes: Record<string, unknown>;
}) => ({
  number: row.number,
  contractId: row.contractId,
  productId: row.productId,
  status: row.status,
  quantity: row.quantity,
  completedOn: row.completedOn,
  chargeStartDate: row.chargeStartDate,
  endDate: row.endDate,
  serialNumber: row.serialNumber,
  attributes: row.attributes,
});

export const blankToNull = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};
