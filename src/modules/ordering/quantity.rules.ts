// Quantities and dates every ordering rule shares: a quantity is a whole number from 1 to
// MAX_QUANTITY, for an order item and for a line item; a reduce keeps at least 1.
import { Temporal } from 'temporal-polyfill';
import { DomainError, type DomainFieldError } from '../../platform/domain-error.js';

/** The largest quantity of an order item and of a line item. */
export const MAX_QUANTITY = 100_000;

/** a < b, for YYYY-MM-DD dates. */
export function isBefore(a: string, b: string): boolean {
  return Temporal.PlainDate.compare(Temporal.PlainDate.from(a), Temporal.PlainDate.from(b)) < 0;
}

export const isValidQuantity = (quantity: number) =>
  Number.isInteger(quantity) && quantity >= 1 && quantity <= MAX_QUANTITY;

export const quantityError = (path: string): DomainFieldError => ({
  path,
  message: {
    ja: `1以上${MAX_QUANTITY.toLocaleString('ja-JP')}以下の整数を入力してください。`,
    en: `must be a whole number from 1 to ${MAX_QUANTITY}.`,
  },
});

export function refuseInvalidQuantity(quantity: number | undefined, path = '/quantity'): number {
  if (quantity === undefined || !isValidQuantity(quantity)) {
    throw new DomainError('validation_failed', { errors: [quantityError(path)] });
  }
  return quantity;
}

/**
 * The line item's quantity after an add or a reduce: an add may not take it above
 * MAX_QUANTITY (`quantity_exceeds_limit`), a reduce must keep at least 1 (`reduce_below_one`;
 * ending a line item is a terminate order). Checked when the order is placed and again when
 * it is completed.
 */
export function quantityAfterChange(kind: 'add' | 'reduce', current: number, quantity: number): number {
  if (kind === 'add') {
    const result = current + quantity;
    if (result > MAX_QUANTITY) {
      throw new DomainError('quantity_exceeds_limit', {
        errors: [
          {
            path: '/quantity',
            message: {
              ja: `追加後の数量(${result.toLocaleString('ja-JP')})が上限(${MAX_QUANTITY.toLocaleString('ja-JP')})を超えます。`,
              en: `would make the quantity ${result}, above ${MAX_QUANTITY}.`,
            },
          },
        ],
      });
    }
    return result;
  }
  if (current - quantity < 1) {
    const most = Math.max(current - 1, 0);
    throw new DomainError('reduce_below_one', {
      errors: [
        {
          path: '/quantity',
          message: {
            ja: `現在の数量は${current}です。削減できるのは${most}までです。`,
            en: `can be at most ${most} (the quantity in use is ${current}).`,
          },
        },
      ],
    });
  }
  return current - quantity;
}
