import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { defaultChargeStartDate } from '../catalog/index.js';
import { addMonths, laterOf, monthsBetween } from './billing-month.rules.js';
import {
  type BillableLineItem,
  type BillingPolicy,
  type Charge,
  type ChargeTerms,
  type CompletedChange,
  chargeKey,
  chargesForRun,
  DEFAULT_POLICY,
  policyFor,
  quantityForMonth,
} from './charges.rules.js';
import { invoiceTotals } from './invoice-totals.rules.js';

const P1 = (quantityLinkedInitialFee: boolean): ChargeTerms => ({
  pricingPattern: 'initial_and_monthly',
  initialFee: 3000,
  monthlyFee: 1000,
  quantityLinkedInitialFee,
  agency: false,
});
const P2: ChargeTerms = {
  pricingPattern: 'monthly_only',
  initialFee: 0,
  monthlyFee: 5000,
  quantityLinkedInitialFee: false,
  agency: false,
};
const P3: ChargeTerms = {
  pricingPattern: 'initial_only',
  initialFee: 10000,
  monthlyFee: 0,
  quantityLinkedInitialFee: true,
  agency: false,
};

let sequence = 0;
const change = (kind: CompletedChange['kind'], quantity: number, completedOn: string): CompletedChange => {
  sequence += 1;
  return { orderItemId: `oi-${sequence}`, orderId: `o-${sequence}`, kind, quantity, completedOn };
};

function lineItem(
  terms: ChargeTerms,
  chargeStartDate: string,
  changes: CompletedChange[],
  endDate: string | null = null,
): Omit<BillableLineItem, 'lastBilledMonth' | 'billedInitialOrderItemIds'> {
  sequence += 1;
  return { id: `li-${sequence}`, terms, taxRate: 10, chargeStartDate, endDate, changes };
}

/** What the database remembers between runs: the lines billed, keyed as rule 7 keys them. */
class Ledger {
  readonly lines = new Map<string, Charge>();

  run(
    items: Omit<BillableLineItem, 'lastBilledMonth' | 'billedInitialOrderItemIds'>[],
    month: string,
    policy: BillingPolicy = DEFAULT_POLICY,
  ): Charge[] {
    const added: Charge[] = [];
    for (const item of items) {
      for (const charge of chargesForRun(this.stateOf(item), month, policy)) {
        const key = chargeKey(charge);
        if (this.lines.has(key)) continue; // the unique key refuses it
        this.lines.set(key, charge);
        added.push(charge);
      }
    }
    return added;
  }

  stateOf(item: Omit<BillableLineItem, 'lastBilledMonth' | 'billedInitialOrderItemIds'>): BillableLineItem {
    let lastBilledMonth: string | null = null;
    const billedInitialOrderItemIds = new Set<string>();
    for (const line of this.lines.values()) {
      if (line.lineItemId !== item.id) continue;
      if (line.chargeKind === 'initial' && line.orderItemId) billedInitialOrderItemIds.add(line.orderItemId);
      if (
        line.chargeKind === 'monthly' &&
        (lastBilledMonth === null || line.serviceMonth > lastBilledMonth)
      ) {
        lastBilledMonth = line.serviceMonth;
      }
    }
    return { ...item, lastBilledMonth, billedInitialOrderItemIds };
  }
}

const brief = (charges: Charge[]) =>
  charges.map((c) => ({ kind: c.chargeKind, month: c.serviceMonth, quantity: c.quantity, amount: c.amount }));
const taxOptions = { rounding: 'floor', pricesIncludeTax: false } as const;

describe('worked examples of billing.md', () => {
  test('A: quantity-linked initial fee for the new order and the add order', () => {
    const csd = defaultChargeStartDate('2026-04-10', { unit: 'month', length: 1 });
    expect(csd).toBe('2026-05-10');
    const item = lineItem(P1(true), csd, [change('new', 2, '2026-04-10'), change('add', 3, '2026-06-20')]);
    const ledger = new Ledger();
    expect(ledger.run([item], '2026-04')).toEqual([]);
    expect(brief(ledger.run([item], '2026-05'))).toEqual([
      { kind: 'initial', month: '2026-05', quantity: 2, amount: 6000 },
      { kind: 'monthly', month: '2026-05', quantity: 2, amount: 2000 },
    ]);
    const june = ledger.run([item], '2026-06');
    expect(brief(june)).toEqual([
      { kind: 'initial', month: '2026-06', quantity: 3, amount: 9000 },
      { kind: 'monthly', month: '2026-06', quantity: 5, amount: 5000 },
    ]);
    expect(invoiceTotals(june, taxOptions)).toMatchObject({ subtotal: 14000, taxTotal: 1400, total: 15400 });
  });

  test('B: initial fee not quantity-linked: once, x 1, for the new order only', () => {
    const item = lineItem(P1(false), '2026-05-10', [
      change('new', 2, '2026-04-10'),
      change('add', 3, '2026-06-20'),
    ]);
    const ledger = new Ledger();
    expect(ledger.run([item], '2026-04')).toEqual([]);
    expect(brief(ledger.run([item], '2026-05'))).toEqual([
      { kind: 'initial', month: '2026-05', quantity: 1, amount: 3000 },
      { kind: 'monthly', month: '2026-05', quantity: 2, amount: 2000 },
    ]);
    expect(brief(ledger.run([item], '2026-06'))).toEqual([
      { kind: 'monthly', month: '2026-06', quantity: 5, amount: 5000 },
    ]);
  });

  const exampleC = () =>
    lineItem(
      P2,
      '2026-01-15',
      [change('new', 10, '2026-01-15'), change('reduce', 4, '2026-02-10')],
      '2026-03-20',
    );

  test('C: reduce from its completion date, terminate ends after the last day of service', () => {
    const item = exampleC();
    const ledger = new Ledger();
    expect(brief(ledger.run([item], '2026-01'))).toEqual([
      { kind: 'monthly', month: '2026-01', quantity: 10, amount: 50000 },
    ]);
    expect(ledger.run([item], '2026-02').map((c) => c.amount)).toEqual([30000]);
    expect(ledger.run([item], '2026-03').map((c) => c.amount)).toEqual([30000]);
    expect(ledger.run([item], '2026-04')).toEqual([]);
  });

  test('C with max_in_month: February bills the 10 in effect before the reduce', () => {
    const item = exampleC();
    const policy: BillingPolicy = { firstMonth: 'full', quantityBasis: 'max_in_month' };
    const ledger = new Ledger();
    expect(ledger.run([item], '2026-01', policy).map((c) => c.amount)).toEqual([50000]);
    expect(ledger.run([item], '2026-02', policy).map((c) => c.amount)).toEqual([50000]);
    expect(ledger.run([item], '2026-03', policy).map((c) => c.amount)).toEqual([30000]);
    expect(ledger.run([item], '2026-04', policy)).toEqual([]);
  });

  test('D: a late completion with a back-dated CSD is caught up, one line per service month', () => {
    const item = lineItem(P2, '2026-07-15', [change('new', 1, '2026-09-25')]);
    const ledger = new Ledger();
    // The runs for 2026-07 and 2026-08 happened before the completion: the item was not billable.
    expect(ledger.run([], '2026-07')).toEqual([]);
    expect(ledger.run([], '2026-08')).toEqual([]);
    expect(brief(ledger.run([item], '2026-09'))).toEqual([
      { kind: 'monthly', month: '2026-07', quantity: 1, amount: 5000 },
      { kind: 'monthly', month: '2026-08', quantity: 1, amount: 5000 },
      { kind: 'monthly', month: '2026-09', quantity: 1, amount: 5000 },
    ]);
    expect(ledger.run([item], '2026-09')).toEqual([]);
  });

  test('E: initial only, quantity-linked: the new order and the add order, no monthly lines', () => {
    const item = lineItem(P3, '2026-05-31', [change('new', 3, '2026-05-31'), change('add', 1, '2026-08-01')]);
    const ledger = new Ledger();
    expect(brief(ledger.run([item], '2026-05'))).toEqual([
      { kind: 'initial', month: '2026-05', quantity: 3, amount: 30000 },
    ]);
    expect(ledger.run([item], '2026-06')).toEqual([]);
    expect(ledger.run([item], '2026-07')).toEqual([]);
    expect(brief(ledger.run([item], '2026-08'))).toEqual([
      { kind: 'initial', month: '2026-08', quantity: 1, amount: 10000 },
    ]);
    expect(ledger.run([item], '2026-12')).toEqual([]);
  });

  test('F: a free period of 30 days against one of 1 month', () => {
    const terms: ChargeTerms = { ...P2, monthlyFee: 2000 };
    const days = defaultChargeStartDate('2026-01-31', { unit: 'day', length: 30 });
    expect(days).toBe('2026-03-02');
    const byDays = lineItem(terms, days, [change('new', 1, '2026-01-31')]);
    const ledger = new Ledger();
    expect(ledger.run([byDays], '2026-02')).toEqual([]);
    expect(ledger.run([byDays], '2026-03').map((c) => c.amount)).toEqual([2000]);

    const month = defaultChargeStartDate('2026-01-31', { unit: 'month', length: 1 });
    expect(month).toBe('2026-02-28');
    const byMonth = lineItem(terms, month, [change('new', 1, '2026-01-31')]);
    expect(new Ledger().run([byMonth], '2026-02').map((c) => c.amount)).toEqual([2000]);
  });

  test('H: tax per rate on the invoice, rounded once', () => {
    const lines = [
      { amount: 1234, taxRate: 10 },
      { amount: 999, taxRate: 10 },
      { amount: 567, taxRate: 8 },
    ];
    expect(invoiceTotals(lines, taxOptions)).toEqual({
      subtotal: 2800,
      taxTotal: 268,
      total: 3068,
      taxes: [
        { rate: 10, taxableAmount: 2233, tax: 223 },
        { rate: 8, taxableAmount: 567, tax: 45 },
      ],
    });
    const perLine = Math.floor(123.4) + Math.floor(99.9);
    expect(perLine).toBe(222); // the wrong answer the rule avoids
  });

  test('I: tax-inclusive prices', () => {
    expect(
      invoiceTotals([{ amount: 1100, taxRate: 10 }], { rounding: 'floor', pricesIncludeTax: true }),
    ).toEqual({
      subtotal: 1000,
      taxTotal: 100,
      total: 1100,
      taxes: [{ rate: 10, taxableAmount: 1100, tax: 100 }],
    });
  });

  test('J: an add order completed before the CSD: its initial charge comes in the CSD month', () => {
    const item = lineItem(P1(true), '2026-05-10', [
      change('new', 1, '2026-04-10'),
      change('add', 1, '2026-04-25'),
    ]);
    const ledger = new Ledger();
    expect(ledger.run([item], '2026-04')).toEqual([]);
    expect(brief(ledger.run([item], '2026-05'))).toEqual([
      { kind: 'initial', month: '2026-05', quantity: 1, amount: 3000 },
      { kind: 'initial', month: '2026-05', quantity: 1, amount: 3000 },
      { kind: 'monthly', month: '2026-05', quantity: 2, amount: 2000 },
    ]);
  });
});

describe('settings and edge cases', () => {
  test('firstMonth free skips the CSD month unless the CSD is its first day', () => {
    const policy: BillingPolicy = { firstMonth: 'free', quantityBasis: 'month_end' };
    const mid = lineItem(P2, '2026-05-10', [change('new', 1, '2026-05-10')]);
    expect(new Ledger().run([mid], '2026-06', policy).map((c) => c.serviceMonth)).toEqual(['2026-06']);
    const first = lineItem(P2, '2026-05-01', [change('new', 1, '2026-05-01')]);
    expect(new Ledger().run([first], '2026-06', policy).map((c) => c.serviceMonth)).toEqual([
      '2026-05',
      '2026-06',
    ]);
  });

  test('agency items bill nothing: every amount is 0 and zero lines are left out', () => {
    const item = lineItem({ ...P1(true), agency: true }, '2026-05-01', [change('new', 1, '2026-05-01')]);
    expect(new Ledger().run([item], '2026-07')).toEqual([]);
  });

  test('a month ending on the terminate date is charged in full; the quantity is the one at the end date', () => {
    const item = lineItem(
      P2,
      '2026-01-01',
      [change('new', 3, '2026-01-01'), change('add', 2, '2026-03-25')],
      '2026-03-20',
    );
    expect(quantityForMonth(item, '2026-03', 'month_end')).toBe(3);
    expect(new Ledger().run([item], '2026-05').map((c) => [c.serviceMonth, c.amount])).toEqual([
      ['2026-01', 15000],
      ['2026-02', 15000],
      ['2026-03', 15000],
    ]);
  });

  test('a back-dated change into a billed month affects only later months (rule 7)', () => {
    const ledger = new Ledger();
    const before = lineItem(P2, '2026-01-01', [change('new', 1, '2026-01-01')]);
    expect(ledger.run([before], '2026-02').map((c) => c.amount)).toEqual([5000, 5000]);
    const after = { ...before, changes: [...before.changes, change('add', 1, '2026-01-15')] };
    expect(ledger.run([after], '2026-03').map((c) => [c.serviceMonth, c.amount])).toEqual([
      ['2026-03', 10000],
    ]);
  });
});

// ── properties ─────────────────────────────────────────────────────────────────────────

const month = fc.integer({ min: 0, max: 23 }).map((n) => addMonths('2025-01', n));
const day = fc.integer({ min: 1, max: 28 }).map((d) => String(d).padStart(2, '0'));
const date = fc.tuple(month, day).map(([m, d]) => `${m}-${d}`);
const terms: fc.Arbitrary<ChargeTerms> = fc.record({
  pricingPattern: fc.constantFrom('initial_and_monthly', 'monthly_only', 'initial_only'),
  initialFee: fc.integer({ min: 0, max: 50_000 }),
  monthlyFee: fc.integer({ min: 0, max: 50_000 }),
  quantityLinkedInitialFee: fc.boolean(),
  agency: fc.boolean(),
});
const lineItemArbitrary = fc
  .record({
    terms,
    taxRate: fc.constantFrom(10, 8, 0),
    newOn: date,
    csdShift: fc.integer({ min: -60, max: 60 }),
    later: fc.array(
      fc.record({
        kind: fc.constantFrom('add', 'reduce'),
        quantity: fc.integer({ min: 1, max: 3 }),
        on: date,
      }),
      {
        maxLength: 4,
      },
    ),
    endOn: fc.option(date, { nil: null }),
    // Valid histories only, as ordering guarantees: changes complete after the new order and
    // reduces keep at least 1 (at most 4 reduces of at most 3 each).
    quantity: fc.integer({ min: 13, max: 20 }),
  })
  .map((spec) => {
    const csd = new Date(Date.parse(`${spec.newOn}T00:00:00Z`) + spec.csdShift * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const changes = [
      change('new', spec.quantity, spec.newOn),
      ...spec.later.map((c) => change(c.kind as 'add', c.quantity, laterOf(c.on, spec.newOn))),
    ];
    const item = lineItem(
      spec.terms,
      csd,
      changes,
      spec.endOn !== null && spec.endOn >= csd ? spec.endOn : null,
    );
    return { ...item, taxRate: spec.taxRate };
  });
const policy: fc.Arbitrary<BillingPolicy> = fc.record({
  firstMonth: fc.constantFrom('full', 'free'),
  quantityBasis: fc.constantFrom('month_end', 'max_in_month'),
});

describe('properties', () => {
  test('no (line item, month) and no initial order is billed twice across any sequence of runs', () => {
    fc.assert(
      fc.property(
        fc.array(lineItemArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(month, { minLength: 1, maxLength: 8 }),
        policy,
        (items, runs, p) => {
          const ledger = new Ledger();
          for (const run of runs) {
            // What the engine proposes, before the ledger's unique keys see it: nothing billed
            // by an earlier run, nothing twice in this one, nothing after the run's month.
            for (const item of items) {
              const keys = chargesForRun(ledger.stateOf(item), run, p).map((charge) => {
                expect(charge.serviceMonth <= run).toBe(true);
                return chargeKey(charge);
              });
              expect(new Set(keys).size).toBe(keys.length);
              expect(keys.filter((key) => ledger.lines.has(key))).toEqual([]);
            }
            ledger.run(items, run, p);
          }
        },
      ),
    );
  });

  test('any sequence of runs ending at M bills the same lines as one run for M', () => {
    fc.assert(
      fc.property(
        fc.array(lineItemArbitrary, { minLength: 1, maxLength: 6 }),
        fc.array(month, { maxLength: 6 }),
        policy,
        (items, earlier, p) => {
          const last = [...earlier, '2026-12'].sort().at(-1) as string;
          const stepwise = new Ledger();
          for (const run of [...earlier, last]) stepwise.run(items, run, p);
          const once = new Ledger();
          once.run(items, last, p);
          expect(new Map([...stepwise.lines].sort())).toEqual(new Map([...once.lines].sort()));
        },
      ),
    );
  });

  test('a run split into any batches bills the same as one run', () => {
    fc.assert(
      fc.property(
        fc.array(lineItemArbitrary, { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(3), { minLength: 8, maxLength: 8 }),
        policy,
        (items, batchOf, p) => {
          const whole = new Ledger();
          whole.run(items, '2026-06', p);
          const split = new Ledger();
          for (let batch = 0; batch < 4; batch += 1) {
            split.run(
              items.filter((_, index) => batchOf[index] === batch),
              '2026-06',
              p,
            );
          }
          expect(new Map([...split.lines].sort())).toEqual(new Map([...whole.lines].sort()));
        },
      ),
    );
  });

  test('every monthly line is a chargeable month at a positive quantity and fee x quantity', () => {
    fc.assert(
      fc.property(lineItemArbitrary, policy, (item, p) => {
        for (const charge of new Ledger().run([item], '2026-12', p)) {
          expect(charge.amount).toBe(charge.unitPrice * charge.quantity);
          expect(charge.amount).toBeGreaterThan(0);
          if (charge.chargeKind === 'monthly') {
            expect(monthsBetween(item.chargeStartDate.slice(0, 7), '2026-12')).toContain(charge.serviceMonth);
          }
        }
      }),
    );
  });
});

describe("policyFor: a product's own choices over the tenant's", () => {
  const tenant: BillingPolicy = { firstMonth: 'full', quantityBasis: 'month_end' };
  test("none set: the tenant's policy itself", () => {
    expect(policyFor(tenant, { firstMonth: null, quantityBasis: null })).toBe(tenant);
  });
  test('each choice set replaces only itself', () => {
    expect(policyFor(tenant, { firstMonth: 'free', quantityBasis: null })).toEqual({
      firstMonth: 'free',
      quantityBasis: 'month_end',
    });
    expect(policyFor(tenant, { firstMonth: null, quantityBasis: 'max_in_month' })).toEqual({
      firstMonth: 'full',
      quantityBasis: 'max_in_month',
    });
  });
});
