import { describe, expect, test } from 'vitest';
import { addFreePeriod, isPlainDate } from './charge-dates';

describe('addFreePeriod', () => {
  test('adds days and months, clamping a month end', () => {
    expect(addFreePeriod('2026-01-15', { unit: 'month', length: 1 })).toBe('2026-02-15');
    expect(addFreePeriod('2026-01-31', { unit: 'month', length: 1 })).toBe('2026-02-28');
    expect(addFreePeriod('2028-01-31', { unit: 'month', length: 1 })).toBe('2028-02-29');
    expect(addFreePeriod('2026-11-30', { unit: 'month', length: 3 })).toBe('2027-02-28');
    expect(addFreePeriod('2026-12-25', { unit: 'day', length: 10 })).toBe('2027-01-04');
    expect(addFreePeriod('2026-05-01', { unit: 'month', length: 0 })).toBe('2026-05-01');
  });

  test('gives nothing for a date that is not one', () => {
    expect(addFreePeriod('2026-02-30', { unit: 'day', length: 1 })).toBeUndefined();
    expect(addFreePeriod('', { unit: 'day', length: 1 })).toBeUndefined();
    expect(isPlainDate('2026-02-28')).toBe(true);
    expect(isPlainDate('2026-13-01')).toBe(false);
  });
});
