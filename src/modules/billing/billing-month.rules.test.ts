// The month arithmetic is plain integers (a run calls it a million times); Temporal is the
// reference it must agree with, for every month of years 1 to 9999.
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, test } from 'vitest';
import { addMonths, lastDay, monthsBetween } from './billing-month.rules.js';

const months = fc
  .record({ year: fc.integer({ min: 1, max: 9998 }), month: fc.integer({ min: 1, max: 12 }) })
  .map(({ year, month }) => Temporal.PlainYearMonth.from({ year, month }).toString());

describe('billing months', () => {
  test('examples: month ends, leap years, year boundaries', () => {
    expect(lastDay('2026-02')).toBe('2026-02-28');
    expect(lastDay('2028-02')).toBe('2028-02-29');
    expect(lastDay('2100-02')).toBe('2100-02-28');
    expect(lastDay('2000-02')).toBe('2000-02-29');
    expect(lastDay('2026-12')).toBe('2026-12-31');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(monthsBetween('2026-03', '2026-02')).toEqual([]);
  });

  test('lastDay agrees with Temporal', () => {
    fc.assert(
      fc.property(months, (month) => {
        const ym = Temporal.PlainYearMonth.from(month);
        expect(lastDay(month)).toBe(ym.toPlainDate({ day: ym.daysInMonth }).toString());
      }),
      { numRuns: 2000 },
    );
  });

  test('addMonths agrees with Temporal', () => {
    fc.assert(
      fc.property(months, fc.integer({ min: -120, max: 120 }), (month, step) => {
        const expected = Temporal.PlainYearMonth.from(month).add({ months: step });
        fc.pre(expected.year >= 1 && expected.year <= 9999);
        expect(addMonths(month, step)).toBe(expected.toString());
      }),
      { numRuns: 2000 },
    );
  });
});
