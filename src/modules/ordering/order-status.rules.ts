// The life of orders, order items and line items (domain.md §5; docs/rules/ordering.md):
//   order / order item: processing (注文処理中) -> completed (完了) | cancelled (キャンセル)
//   line item: ordered (受注) -> active (利用中) by its new order's completion
//                             -> cancelled (キャンセル) by its new order's cancellation
//              active -> active (add / reduce completed) -> terminated (解約) (terminate completed)
// An order is completed when every item is completed or cancelled, cancelled when all are
// cancelled. Pure: dates are YYYY-MM-DD in the tenant's time zone, passed in.
import { DomainError, type DomainFieldError } from '../../platform/domain-error.js';
import { defaultChargeStartDate, type FreePeriod, serialNumberMatches } from '../catalog/index.js';
import { isBefore, quantityAfterChange } from './quantity.rules.js';

export const ORDER_STATUSES = ['processing', 'completed', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type OrderKind = 'new' | 'add' | 'reduce' | 'terminate';
export type LineItemStatus = 'ordered' | 'active' | 'terminated' | 'cancelled';

export const MAX_REASON_LENGTH = 500;
export const MAX_SERIAL_NUMBER_LENGTH = 100;

/** What a completion or cancellation changes on a line item. */
export interface LineItemState {
  status: LineItemStatus;
  quantity: number;
  completedOn: string | null;
  chargeStartDate: string | null;
  endDate: string | null;
  serialNumber: string | null;
}

/** What completing an item needs of the product as it was ordered (the line item's snapshot). */
export interface ItemTerms {
  fulfilment: 'immediate' | 'carrier';
  freePeriod: FreePeriod;
  serialNumberPattern: string | null;
}

export interface ItemToComplete {
  kind: OrderKind;
  quantity: number;
  status: OrderStatus;
  terms: ItemTerms;
}

/** 注文完了: the completion date (完成日・開通日), and for a new order item the charge start date and serial number. */
export interface Completion {
  completedOn: string;
  chargeStartDate?: string | undefined;
  serialNumber?: string | undefined;
}

/** Where field errors point: `/serialNumber` for one item, `/serialNumbers/<id>` for a whole order. */
export interface CompletionPaths {
  chargeStartDate: string;
  serialNumber: string;
}

export interface CompletedItem {
  status: 'completed';
  completedOn: string;
  chargeStartDate: string | null;
  serialNumber: string | null;
}

const field = (path: string, ja: string, en: string): DomainFieldError => ({ path, message: { ja, en } });

export function refuseUnlessOrderProcessing(status: OrderStatus): void {
  if (status !== 'processing') throw new DomainError('order_not_processing');
}

function refuseUnlessItemProcessing(status: OrderStatus): void {
  if (status !== 'processing') throw new DomainError('order_item_not_processing');
}

/**
 * Completes one order item: the completion date is not before the order date (nor, for
 * add / reduce / terminate, before the line item's last completed change, so its quantity
 * history stays in date order); a new order item's charge start date defaults to the
 * completion date plus the free period (billing.md rule 1; staff may set another, also an
 * earlier one); a carrier product needs a serial number, and any serial number must match
 * the product's pattern when it has one.
 */
export function completeItem(args: {
  orderedOn: string;
  item: ItemToComplete;
  lineItem: LineItemState;
  /** The latest completion date of the line item's completed order items (null: none). */
  lastChangeOn: string | null;
  completion: Completion;
  paths: CompletionPaths;
}): { item: CompletedItem; lineItem: LineItemState } {
  const { orderedOn, item, lineItem, lastChangeOn, completion, paths } = args;
  refuseUnlessItemProcessing(item.status);
  const { completedOn } = completion;
  if (isBefore(completedOn, orderedOn)) {
    throw new DomainError('completion_before_order_date', {
      errors: [
        field(
          '/completedOn',
          `注文日(${orderedOn})以降の日付を指定してください。`,
          `must be on or after the order date ${orderedOn}.`,
        ),
      ],
    });
  }
  const serialNumber = completion.serialNumber?.trim() || undefined;
  if (item.kind !== 'new') {
    const errors = [
      ...(completion.chargeStartDate !== undefined
        ? [field(paths.chargeStartDate, '新規注文にのみ指定できます。', 'is for new orders only.')]
        : []),
      ...(serialNumber !== undefined
        ? [field(paths.serialNumber, '新規注文にのみ指定できます。', 'is for new orders only.')]
        : []),
    ];
    if (errors.length > 0) throw new DomainError('completion_field_not_applicable', { errors });
    if (lastChangeOn !== null && isBefore(completedOn, lastChangeOn)) {
      throw new DomainError('completion_before_line_item_change', {
        errors: [
          field(
            '/completedOn',
            `この明細の直前の変更の完了日(${lastChangeOn})以降の日付を指定してください。`,
            `must be on or after ${lastChangeOn}, the line item's last completed change.`,
          ),
        ],
      });
    }
    return {
      item: { status: 'completed', completedOn, chargeStartDate: null, serialNumber: null },
      lineItem: lineItemAfter(item.kind, lineItem, item.quantity, completedOn),
    };
  }

  checkSerialNumber(item.terms, serialNumber, paths.serialNumber);
  const chargeStartDate =
    completion.chargeStartDate ?? defaultChargeStartDate(completedOn, item.terms.freePeriod);
  if (lineItem.status !== 'ordered') throw new DomainError('line_item_not_active');
  return {
    item: { status: 'completed', completedOn, chargeStartDate, serialNumber: serialNumber ?? null },
    lineItem: {
      ...lineItem,
      status: 'active',
      quantity: item.quantity,
      completedOn,
      chargeStartDate,
      serialNumber: serialNumber ?? null,
    },
  };
}

function checkSerialNumber(terms: ItemTerms, serialNumber: string | undefined, path: string): void {
  if (serialNumber === undefined) {
    if (terms.fulfilment === 'carrier') {
      throw new DomainError('serial_number_required', {
        errors: [
          field(path, 'キャリア商品はシリアルNOを入力してください。', 'is required for a carrier product.'),
        ],
      });
    }
    return;
  }
  if (
    [...serialNumber].length > MAX_SERIAL_NUMBER_LENGTH ||
    !serialNumberMatches(terms.serialNumberPattern, serialNumber)
  ) {
    throw new DomainError('serial_number_invalid', {
      errors: [
        field(
          path,
          terms.serialNumberPattern
            ? `形式(${terms.serialNumberPattern})に合っていません。`
            : `${MAX_SERIAL_NUMBER_LENGTH}文字以内で入力してください。`,
          terms.serialNumberPattern
            ? `does not match ${terms.serialNumberPattern}.`
            : `must be at most ${MAX_SERIAL_NUMBER_LENGTH} characters.`,
        ),
      ],
    });
  }
}

/** What a completed add, reduce or terminate order does to its (active) line item. */
function lineItemAfter(
  kind: Exclude<OrderKind, 'new'>,
  lineItem: LineItemState,
  quantity: number,
  completedOn: string,
): LineItemState {
  if (lineItem.status !== 'active') throw new DomainError('line_item_not_active');
  if (kind === 'terminate') {
    // The quantity stays: it is what was in use up to the last day of service (billing rule 4).
    return { ...lineItem, status: 'terminated', endDate: completedOn };
  }
  return { ...lineItem, quantity: quantityAfterChange(kind, lineItem.quantity, quantity) };
}

/**
 * Cancels one processing order item. Cancelling a new order's item cancels its line item
 * (it never went into use); for the other kinds the line item stays as it is.
 */
export function cancelItem(
  item: { kind: OrderKind; status: OrderStatus },
  lineItem: LineItemState,
): { lineItem: LineItemState } {
  refuseUnlessItemProcessing(item.status);
  if (item.kind === 'new') return { lineItem: { ...lineItem, status: 'cancelled' } };
  return { lineItem };
}

/** The reason of a cancellation (キャンセル事由): required, trimmed. */
export function cancelReasonOf(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === '' || [...trimmed].length > MAX_REASON_LENGTH) {
    throw new DomainError('validation_failed', {
      errors: [
        field(
          '/reason',
          `キャンセル理由を${MAX_REASON_LENGTH}文字以内で入力してください。`,
          `is required, at most ${MAX_REASON_LENGTH} characters.`,
        ),
      ],
    });
  }
  return trimmed;
}

/** An order's status from its items': completed when none is processing and one is completed. */
export function orderStatusOf(items: readonly { status: OrderStatus }[]): OrderStatus {
  if (items.some((item) => item.status === 'processing')) return 'processing';
  if (items.some((item) => item.status === 'completed')) return 'completed';
  return 'cancelled';
}

/** A completed order's completion date: the latest of its items'. */
export function orderCompletedOn(
  items: readonly { status: OrderStatus; completedOn: string | null }[],
): string | null {
  if (orderStatusOf(items) !== 'completed') return null;
  return items.reduce<string | null>(
    (latest, item) =>
      item.status === 'completed' &&
      item.completedOn &&
      (latest === null || isBefore(latest, item.completedOn))
        ? item.completedOn
        : latest,
    null,
  );
}

/**
 * What a completed order item adds to its line item's quantity: new and add +q, reduce -q,
 * terminate 0 (it ends the line item; the quantity stays as the last one in use).
 */
export function signedQuantity(kind: OrderKind, quantity: number): number {
  if (kind === 'reduce') return -quantity;
  if (kind === 'terminate') return 0;
  return quantity;
}
