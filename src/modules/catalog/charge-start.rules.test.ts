import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, test } from 'vitest';
import { defaultChargeStartDate } from './charge-start.rules.js';

const date = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('default charge start date (billing.md rule 1)', () => {
  test('examples: months clamp to the month end, days add plainly', () => {
    expect(defaultChargeStartDate('2026-01-31', { unit: 'month', length: 1 })).toBe('2026-02-28');
    expect(defaultChargeStartDate('2028-01-31', { unit: 'month', length: 1 })).toBe('2028-02-29');
    expect(defaultChargeStartDate('2026-01-31', { unit: 'day', length: 30 })).toBe('2026-03-02');
    expect(defaultChargeStartDate('2026-04-10', { unit: 'month', length: 1 })).toBe('2026-05-10');
    expect(defaultChargeStartDate('2026-03-31', { unit: 'month', length: 3 })).toBe('2026-06-30');
    expect(defaultChargeStartDate('2026-12-15', { unit: 'month', length: 2 })).toBe('2027-02-15');
    expect(defaultChargeStartDate('2026-12-31', { unit: 'day', length: 1 })).toBe('2027-01-01');
  });

  test('no free period: the completion date itself', () => {
    expect(defaultChargeStartDate('2026-01-15', { unit: 'month', length: 0 })).toBe('2026-01-15');
    expect(defaultChargeStartDate('2026-01-15', { unit: 'day', length: 0 })).toBe('2026-01-15');
  });

  test('an impossible completion date is refused', () => {
    expect(() => defaultChargeStartDate('2026-02-30', { unit: 'day', length: 1 })).toThrow();
  });

  test('property: days are exactly that many days later', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 3650 }), (completedOn, length) => {
        const start = defaultChargeStartDate(completedOn, { unit: 'day', length });
        const between = Temporal.PlainDate.from(completedOn).until(Temporal.PlainDate.from(start), {
          largestUnit: 'days',
        });
        expect(between.days).toBe(length);
      }),
    );
  });

  test('property: months land in the month n later, on the same day or that month’s last day', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 120 }), (completedOn, length) => {
        const completed = Temporal.PlainDate.from(completedOn);
        const start = Temporal.PlainDate.from(defaultChargeStartDate(completedOn, { unit: 'month', length }));
        const expectedMonth = completed.toPlainYearMonth().add({ months: length });
        expect(start.toPlainYearMonth().equals(expectedMonth)).toBe(true);
        expect(start.day).toBe(Math.min(completed.day, start.daysInMonth));
        expect(Temporal.PlainDate.compare(start, completed)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  test('property: never earlier than the completion date, monotone in the free period', () => {
    fc.assert(
      fc.property(
        date,
        fc.constantFrom('month' as const, 'day' as const),
        fc.integer({ min: 0, max: 119 }),
        (completedOn, unit, length) => {
          const a = defaultChargeStartDate(completedOn, { unit, length });
          const b = defaultChargeStartDate(completedOn, { unit, length: length + 1 });
          expect(a >= completedOn).toBe(true);
          expect(b > a).toBe(true);
        },
      ),
    );
  });
});
