import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DomainError } from '../../platform/domain-error.js';
import { checkChangeOrder } from './order-placement.rules.js';
import {
  type CompletionPaths,
  cancelItem,
  cancelReasonOf,
  completeItem,
  type ItemTerms,
  type ItemToComplete,
  type LineItemState,
  type OrderKind,
  type OrderStatus,
  orderCompletedOn,
  orderStatusOf,
  signedQuantity,
} from './order-status.rules.js';

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

const IMMEDIATE: ItemTerms = {
  fulfilment: 'immediate',
  freePeriod: { unit: 'month', length: 1 },
  serialNumberPattern: null,
};
const CARRIER: ItemTerms = {
  fulfilment: 'carrier',
  freePeriod: { unit: 'day', length: 0 },
  serialNumberPattern: '^P\\d{13}$',
};
const PATHS: CompletionPaths = { chargeStartDate: '/chargeStartDate', serialNumber: '/serialNumber' };

const ordered: LineItemState = {
  status: 'ordered',
  quantity: 0,
  completedOn: null,
  chargeStartDate: null,
  endDate: null,
  serialNumber: null,
};
const activeLineItem = (quantity: number): LineItemState => ({
  ...ordered,
  status: 'active',
  quantity,
  completedOn: '2026-04-10',
  chargeStartDate: '2026-05-10',
});

const item = (kind: OrderKind, quantity: number, terms = IMMEDIATE): ItemToComplete => ({
  kind,
  quantity,
  status: 'processing',
  terms,
});

describe('completing a new order item (注文完了)', () => {
  test('the line item goes active with the quantity; the charge start date defaults to completion + free period', () => {
    const result = completeItem({
      orderedOn: '2026-04-01',
      item: item('new', 2),
      lineItem: ordered,
      lastChangeOn: null,
      completion: { completedOn: '2026-04-10' },
      paths: PATHS,
    });
    expect(result.item).toEqual({
      status: 'completed',
      completedOn: '2026-04-10',
      chargeStartDate: '2026-05-10',
      serialNumber: null,
    });
    expect(result.lineItem).toEqual({
      status: 'active',
      quantity: 2,
      completedOn: '2026-04-10',
      chargeStartDate: '2026-05-10',
      endDate: null,
      serialNumber: null,
    });
  });

  test('billing.md example F: 30 days from 2026-01-31 is 2026-03-02; 1 month is 2026-02-28', () => {
    const complete = (freePeriod: ItemTerms['freePeriod']) =>
      completeItem({
        orderedOn: '2026-01-31',
        item: item('new', 1, { ...IMMEDIATE, freePeriod }),
        lineItem: ordered,
        lastChangeOn: null,
        completion: { completedOn: '2026-01-31' },
        paths: PATHS,
      }).lineItem.chargeStartDate;
    expect(complete({ unit: 'day', length: 30 })).toBe('2026-03-02');
    expect(complete({ unit: 'month', length: 1 })).toBe('2026-02-28');
  });

  test('staff may set the charge start date, also before the completion (billing.md example D)', () => {
    const result = completeItem({
      orderedOn: '2026-07-01',
      item: item('new', 1),
      lineItem: ordered,
      lastChangeOn: null,
      completion: { completedOn: '2026-09-25', chargeStartDate: '2026-07-15' },
      paths: PATHS,
    });
    expect(result.lineItem.chargeStartDate).toBe('2026-07-15');
    expect(result.item.chargeStartDate).toBe('2026-07-15');
  });

  test('a completion date before the order date is refused; the same day is fine', () => {
    const complete = (completedOn: string) =>
      completeItem({
        orderedOn: '2026-04-10',
        item: item('new', 1),
        lineItem: ordered,
        lastChangeOn: null,
        completion: { completedOn },
        paths: PATHS,
      });
    expect(codeOf(() => complete('2026-04-09'))).toBe('completion_before_order_date');
    expect(refusal(() => complete('2026-04-09')).errors?.[0]?.path).toBe('/completedOn');
    expect(complete('2026-04-10').item.completedOn).toBe('2026-04-10');
  });

  test('a carrier product needs a serial number matching its pattern', () => {
    const complete = (serialNumber: string | undefined, paths = PATHS) =>
      completeItem({
        orderedOn: '2026-04-01',
        item: item('new', 1, CARRIER),
        lineItem: ordered,
        lastChangeOn: null,
        completion: { completedOn: '2026-04-10', serialNumber },
        paths,
      });
    expect(codeOf(() => complete(undefined))).toBe('serial_number_required');
    expect(codeOf(() => complete('   '))).toBe('serial_number_required');
    expect(codeOf(() => complete('P123'))).toBe('serial_number_invalid');
    expect(
      refusal(() => complete('X1234567890123', { ...PATHS, serialNumber: '/serialNumbers/abc' })).errors?.[0]
        ?.path,
    ).toBe('/serialNumbers/abc');
    const done = complete(' P1234567890123 ');
    expect(done.lineItem.serialNumber).toBe('P1234567890123');
    // The carrier's completion date is the completion; no free period: charges from that day.
    expect(done.lineItem.chargeStartDate).toBe('2026-04-10');
  });

  test('a carrier product without a pattern takes any serial number; an immediate one may have one', () => {
    const result = completeItem({
      orderedOn: '2026-04-01',
      item: item('new', 1, { ...CARRIER, serialNumberPattern: null }),
      lineItem: ordered,
      lastChangeOn: null,
      completion: { completedOn: '2026-04-10', serialNumber: 'anything-1' },
      paths: PATHS,
    });
    expect(result.lineItem.serialNumber).toBe('anything-1');
    const immediate = completeItem({
      orderedOn: '2026-04-01',
      item: item('new', 1),
      lineItem: ordered,
      lastChangeOn: null,
      completion: { completedOn: '2026-04-10', serialNumber: 'SN-1' },
      paths: PATHS,
    });
    expect(immediate.lineItem.serialNumber).toBe('SN-1');
  });

  test('an item completed or cancelled already is refused', () => {
    for (const status of ['completed', 'cancelled'] as const) {
      expect(
        codeOf(() =>
          completeItem({
            orderedOn: '2026-04-01',
            item: { ...item('new', 1), status },
            lineItem: ordered,
            lastChangeOn: null,
            completion: { completedOn: '2026-04-10' },
            paths: PATHS,
          }),
        ),
      ).toBe('order_item_not_processing');
    }
  });
});

describe('completing add, reduce and terminate items', () => {
  const complete = (kind: OrderKind, quantity: number, lineItem: LineItemState, completedOn = '2026-06-20') =>
    completeItem({
      orderedOn: '2026-04-01',
      item: item(kind, quantity),
      lineItem,
      lastChangeOn: '2026-04-10',
      completion: { completedOn },
      paths: PATHS,
    });

  test('add +q, reduce -q, terminate ends it on the completion date keeping the last quantity', () => {
    expect(complete('add', 3, activeLineItem(2)).lineItem.quantity).toBe(5);
    expect(complete('reduce', 4, activeLineItem(10)).lineItem.quantity).toBe(6);
    const terminated = complete('terminate', 6, activeLineItem(6), '2026-06-30').lineItem;
    expect(terminated).toMatchObject({ status: 'terminated', endDate: '2026-06-30', quantity: 6 });
  });

  test('a reduce must still leave 1 at completion', () => {
    expect(codeOf(() => complete('reduce', 2, activeLineItem(2)))).toBe('reduce_below_one');
  });

  test("not before the line item's last completed change", () => {
    expect(codeOf(() => complete('add', 1, activeLineItem(2), '2026-04-09'))).toBe(
      'completion_before_line_item_change',
    );
    expect(complete('add', 1, activeLineItem(2), '2026-04-10').lineItem.quantity).toBe(3);
  });

  test('charge start date and serial number are for new order items only', () => {
    const error = refusal(() =>
      completeItem({
        orderedOn: '2026-06-01',
        item: item('add', 1),
        lineItem: activeLineItem(1),
        lastChangeOn: null,
        completion: { completedOn: '2026-06-20', chargeStartDate: '2026-07-01', serialNumber: 'x' },
        paths: PATHS,
      }),
    );
    expect(error.code).toBe('completion_field_not_applicable');
    expect(error.errors?.map((e) => e.path)).toEqual(['/chargeStartDate', '/serialNumber']);
  });

  test('the line item must be active', () => {
    expect(codeOf(() => complete('add', 1, { ...activeLineItem(2), status: 'terminated' }))).toBe(
      'line_item_not_active',
    );
  });
});

describe('cancelling (キャンセル)', () => {
  test("a new order item's cancellation cancels its line item; other kinds leave it", () => {
    expect(cancelItem({ kind: 'new', status: 'processing' }, ordered).lineItem.status).toBe('cancelled');
    const lineItem = activeLineItem(3);
    for (const kind of ['add', 'reduce', 'terminate'] as const) {
      expect(cancelItem({ kind, status: 'processing' }, lineItem).lineItem).toEqual(lineItem);
    }
  });

  test('only a processing item is cancelled', () => {
    expect(codeOf(() => cancelItem({ kind: 'new', status: 'completed' }, ordered))).toBe(
      'order_item_not_processing',
    );
  });

  test('a reason is required', () => {
    expect(cancelReasonOf('  お客様都合  ')).toBe('お客様都合');
    expect(codeOf(() => cancelReasonOf('   '))).toBe('validation_failed');
    expect(codeOf(() => cancelReasonOf('あ'.repeat(501)))).toBe('validation_failed');
  });
});

describe("an order's status from its items", () => {
  const of = (...statuses: OrderStatus[]) => statuses.map((status) => ({ status }));
  test('processing while any item is; completed when all are completed or cancelled; cancelled when all are cancelled', () => {
    expect(orderStatusOf(of('processing', 'completed'))).toBe('processing');
    expect(orderStatusOf(of('completed', 'completed'))).toBe('completed');
    expect(orderStatusOf(of('completed', 'cancelled'))).toBe('completed');
    expect(orderStatusOf(of('cancelled', 'cancelled'))).toBe('cancelled');
  });

  test("a completed order's completion date is its latest item's", () => {
    expect(
      orderCompletedOn([
        { status: 'completed', completedOn: '2026-04-20' },
        { status: 'completed', completedOn: '2026-04-10' },
        { status: 'cancelled', completedOn: null },
      ]),
    ).toBe('2026-04-20');
    expect(
      orderCompletedOn([
        { status: 'completed', completedOn: '2026-04-20' },
        { status: 'processing', completedOn: null },
      ]),
    ).toBeNull();
  });

  test('property: the status is processing iff an item is, cancelled iff all are', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<OrderStatus>('processing', 'completed', 'cancelled'), { minLength: 1 }),
        (statuses) => {
          const status = orderStatusOf(statuses.map((s) => ({ status: s })));
          expect(status === 'processing').toBe(statuses.includes('processing'));
          expect(status === 'cancelled').toBe(statuses.every((s) => s === 'cancelled'));
        },
      ),
    );
  });
});

describe('property: a line item through any sequence of add / reduce orders', () => {
  type Step = {
    kind: 'add' | 'reduce';
    quantity: number;
    outcome: 'complete' | 'cancel';
    placeTwice: boolean;
  };
  const step: fc.Arbitrary<Step> = fc.record({
    kind: fc.constantFrom<'add' | 'reduce'>('add', 'reduce'),
    quantity: fc.integer({ min: -2, max: 12 }),
    outcome: fc.constantFrom<'complete' | 'cancel'>('complete', 'cancel'),
    placeTwice: fc.boolean(),
  });

  test('its quantity is the sum of its completed order items; at most one order processing; never below 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.array(step, { maxLength: 40 }), (initial, steps) => {
        let lineItem = completeItem({
          orderedOn: '2026-01-01',
          item: item('new', initial),
          lineItem: ordered,
          lastChangeOn: null,
          completion: { completedOn: '2026-01-05' },
          paths: PATHS,
        }).lineItem;
        const completed: { kind: OrderKind; quantity: number }[] = [{ kind: 'new', quantity: initial }];
        let processing: { kind: 'add' | 'reduce'; quantity: number } | null = null;
        let day = 5;
        for (const s of steps) {
          const placed = () =>
            checkChangeOrder(s.kind, { ...lineItem, hasProcessingOrder: processing !== null }, s.quantity);
          try {
            processing = { kind: s.kind, quantity: placed().quantity };
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            continue;
          }
          // A second order while one is processing is always refused.
          if (s.placeTwice) expect(codeOf(placed)).toBe('line_item_has_processing_order');
          if (s.outcome === 'complete') {
            day += 1;
            const completedOn = `2026-02-${String(Math.min(day, 28)).padStart(2, '0')}`;
            lineItem = completeItem({
              orderedOn: '2026-01-06',
              item: item(processing.kind, processing.quantity),
              lineItem,
              lastChangeOn: '2026-01-05',
              completion: { completedOn },
              paths: PATHS,
            }).lineItem;
            completed.push(processing);
          } else {
            lineItem = cancelItem({ kind: processing.kind, status: 'processing' }, lineItem).lineItem;
          }
          processing = null;
          expect(lineItem.quantity).toBeGreaterThanOrEqual(1);
          expect(lineItem.status).toBe('active');
        }
        const sum = completed.reduce((total, c) => total + signedQuantity(c.kind, c.quantity), 0);
        expect(lineItem.quantity).toBe(sum);
      }),
    );
  });
});
