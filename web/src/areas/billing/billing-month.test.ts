import { describe, expect, test } from 'vitest';
import { addMonths, formatMonth, isBillingMonth, previousMonth } from './billing-month';

describe('billing months in the UI', () => {
  test('a run bills the month just ended by default, across a year end', () => {
    expect(previousMonth('2026-05-31')).toBe('2026-04');
    expect(previousMonth('2026-01-01')).toBe('2025-12');
  });

  test('months are added across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 14)).toBe('2028-01');
    expect(addMonths('2026-05', -11)).toBe('2025-06');
  });

  test('only real months pass', () => {
    expect(isBillingMonth('2026-12')).toBe(true);
    expect(isBillingMonth('2026-13')).toBe(false);
    expect(isBillingMonth('2026-1')).toBe(false);
  });

  test('a month reads as 2026年5月 or May 2026', () => {
    expect(formatMonth('2026-05', 'ja-JP')).toBe('2026年5月');
    expect(formatMonth('2026-05', 'en-US')).toBe('May 2026');
    expect(formatMonth(null, 'ja-JP')).toBe('—');
  });
});
