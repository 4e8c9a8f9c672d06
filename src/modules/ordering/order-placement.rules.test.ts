import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DomainError } from '../../platform/domain-error.js';
import type { AttributeDefinition } from '../attributes/index.js';
import {
  checkChangeOrder,
  checkNewOrderItems,
  type LineItemToChange,
  MAX_ORDER_ITEMS,
  orderDateOf,
  type ProductToOrder,
} from './order-placement.rules.js';
import { MAX_QUANTITY } from './quantity.rules.js';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const codeOf = (fn: () => unknown) => refusal(fn).code;
const pathsOf = (fn: () => unknown) => refusal(fn).errors?.map((error) => error.path);

const TODAY = '2026-04-10';

describe('the order date (orderedOn)', () => {
  test('defaults to today', () => {
    expect(orderDateOf(undefined, TODAY, 'staff')).toBe(TODAY);
    expect(orderDateOf(undefined, TODAY, 'portal')).toBe(TODAY);
  });

  test('staff may back-date an order, never date it in the future', () => {
    expect(orderDateOf('2026-04-10', TODAY, 'staff')).toBe('2026-04-10');
    expect(orderDateOf('2019-02-15', TODAY, 'staff')).toBe('2019-02-15');
    expect(codeOf(() => orderDateOf('2026-04-11', TODAY, 'staff'))).toBe('order_date_in_future');
    expect(pathsOf(() => orderDateOf('2027-01-01', TODAY, 'staff'))).toEqual(['/orderedOn']);
  });

  test('a portal user may not name a date, not even today', () => {
    expect(codeOf(() => orderDateOf('2026-04-01', TODAY, 'portal'))).toBe('order_date_not_allowed');
    expect(codeOf(() => orderDateOf(TODAY, TODAY, 'portal'))).toBe('order_date_not_allowed');
  });
});

const definition = (key: string, overrides: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
  id: `def-${key}`,
  key,
  labelJa: key,
  labelEn: null,
  type: 'text',
  required: false,
  options: [],
  position: 0,
  ...overrides,
});

const published = (definitions: AttributeDefinition[] = []): ProductToOrder => ({
  status: 'published',
  attributeDefinitions: definitions,
});

describe('a new order (新規注文)', () => {
  const products = new Map<string, ProductToOrder>([
    ['p1', published()],
    ['p2', published([definition('line_type', { required: true })])],
    ['draft', { status: 'draft', attributeDefinitions: [] }],
    ['elsewhere', published()],
  ]);
  const onSale = new Set(['p1', 'p2', 'draft']);

  test('items of published products of on-sale agreements, with their attribute values', () => {
    expect(
      checkNewOrderItems(
        [
          { productId: 'p1', quantity: 2 },
          { productId: 'p2', quantity: 1, attributes: { line_type: ' 光回線 ' } },
          { productId: 'p1', quantity: MAX_QUANTITY },
        ],
        products,
        onSale,
      ),
    ).toEqual([
      { productId: 'p1', quantity: 2, attributes: {} },
      { productId: 'p2', quantity: 1, attributes: { line_type: '光回線' } },
      { productId: 'p1', quantity: MAX_QUANTITY, attributes: {} },
    ]);
  });

  test('quantities are whole numbers from 1 to 100,000', () => {
    for (const quantity of [0, -1, 1.5, MAX_QUANTITY + 1, Number.NaN]) {
      expect(codeOf(() => checkNewOrderItems([{ productId: 'p1', quantity }], products, onSale))).toBe(
        'validation_failed',
      );
    }
    expect(
      pathsOf(() =>
        checkNewOrderItems(
          [
            { productId: 'p1', quantity: 1 },
            { productId: 'p1', quantity: 0 },
          ],
          products,
          onSale,
        ),
      ),
    ).toEqual(['/items/1/quantity']);
  });

  test('at least one item and at most MAX_ORDER_ITEMS', () => {
    expect(codeOf(() => checkNewOrderItems([], products, onSale))).toBe('validation_failed');
    const many = Array.from({ length: MAX_ORDER_ITEMS + 1 }, () => ({ productId: 'p1', quantity: 1 }));
    expect(pathsOf(() => checkNewOrderItems(many, products, onSale))).toEqual(['/items']);
  });

  test('unknown, draft and not-on-sale products are refused, each named', () => {
    const error = refusal(() =>
      checkNewOrderItems(
        [
          { productId: 'p1', quantity: 1 },
          { productId: 'elsewhere', quantity: 1 },
          { productId: 'draft', quantity: 1 },
          { productId: 'unknown', quantity: 1 },
        ],
        products,
        onSale,
      ),
    );
    expect(error.code).toBe('product_not_found');
    expect(error.errors?.map((e) => e.path)).toEqual([
      '/items/1/productId',
      '/items/2/productId',
      '/items/3/productId',
    ]);
    expect(codeOf(() => checkNewOrderItems([{ productId: 'draft', quantity: 1 }], products, onSale))).toBe(
      'product_not_published',
    );
    expect(
      codeOf(() => checkNewOrderItems([{ productId: 'elsewhere', quantity: 1 }], products, onSale)),
    ).toBe('agreement_not_on_sale');
  });

  test("attribute values are checked against the product's definitions", () => {
    expect(pathsOf(() => checkNewOrderItems([{ productId: 'p2', quantity: 1 }], products, onSale))).toEqual([
      '/items/0/attributes/line_type',
    ]);
    const error = refusal(() =>
      checkNewOrderItems(
        [
          { productId: 'p1', quantity: 1, attributes: { colour: 'red' } },
          { productId: 'p2', quantity: 1, attributes: { line_type: 3 } },
        ],
        products,
        onSale,
      ),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.errors?.map((e) => e.path)).toEqual([
      '/items/0/attributes/colour',
      '/items/1/attributes/line_type',
    ]);
  });
});

const active = (quantity: number, overrides: Partial<LineItemToChange> = {}): LineItemToChange => ({
  status: 'active',
  quantity,
  hasProcessingOrder: false,
  ...overrides,
});

describe('add, reduce and terminate orders (追加注文 / 削減注文 / 解約注文)', () => {
  test('add: at least 1, the line item at most 100,000 afterwards', () => {
    expect(checkChangeOrder('add', active(3), 2)).toEqual({ quantity: 2 });
    expect(checkChangeOrder('add', active(1), MAX_QUANTITY - 1)).toEqual({ quantity: MAX_QUANTITY - 1 });
    expect(codeOf(() => checkChangeOrder('add', active(3), 0))).toBe('validation_failed');
    expect(codeOf(() => checkChangeOrder('add', active(3), undefined))).toBe('validation_failed');
    expect(codeOf(() => checkChangeOrder('add', active(2), MAX_QUANTITY - 1))).toBe('quantity_exceeds_limit');
  });

  test('reduce keeps at least 1', () => {
    expect(checkChangeOrder('reduce', active(10), 4)).toEqual({ quantity: 4 });
    expect(checkChangeOrder('reduce', active(10), 9)).toEqual({ quantity: 9 });
    expect(codeOf(() => checkChangeOrder('reduce', active(10), 10))).toBe('reduce_below_one');
    expect(codeOf(() => checkChangeOrder('reduce', active(1), 1))).toBe('reduce_below_one');
    expect(pathsOf(() => checkChangeOrder('reduce', active(10), 11))).toEqual(['/quantity']);
    expect(codeOf(() => checkChangeOrder('reduce', active(10), 0))).toBe('validation_failed');
  });

  test('terminate ends the whole quantity in use', () => {
    expect(checkChangeOrder('terminate', active(7), undefined)).toEqual({ quantity: 7 });
  });

  test('refused while the line item has a processing order, whatever its status', () => {
    for (const kind of ['add', 'reduce', 'terminate'] as const) {
      expect(codeOf(() => checkChangeOrder(kind, active(5, { hasProcessingOrder: true }), 1))).toBe(
        'line_item_has_processing_order',
      );
      expect(
        codeOf(() => checkChangeOrder(kind, { status: 'ordered', quantity: 0, hasProcessingOrder: true }, 1)),
      ).toBe('line_item_has_processing_order');
    }
  });

  test('only an active line item changes', () => {
    for (const status of ['ordered', 'terminated', 'cancelled'] as const) {
      for (const kind of ['add', 'reduce', 'terminate'] as const) {
        expect(codeOf(() => checkChangeOrder(kind, active(5, { status }), 1))).toBe('line_item_not_active');
      }
    }
  });

  test('property: an accepted reduce leaves 1 to current - 1, an accepted add at most the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_QUANTITY }),
        fc.integer({ min: -5, max: MAX_QUANTITY + 5 }),
        (current, quantity) => {
          let reduced: number | undefined;
          try {
            reduced = current - checkChangeOrder('reduce', active(current), quantity).quantity;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
          if (reduced !== undefined) {
            expect(reduced).toBeGreaterThanOrEqual(1);
            expect(reduced).toBeLessThan(current);
          } else {
            expect(quantity < 1 || quantity > current - 1).toBe(true);
          }
          let added: number | undefined;
          try {
            added = current + checkChangeOrder('add', active(current), quantity).quantity;
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
          }
          if (added !== undefined) expect(added).toBeLessThanOrEqual(MAX_QUANTITY);
          else expect(quantity < 1 || current + quantity > MAX_QUANTITY).toBe(true);
        },
      ),
    );
  });
});
