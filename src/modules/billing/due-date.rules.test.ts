import { describe, expect, test } from 'vitest';
import { monthHasEnded } from './billing-month.rules.js';
import { dueDateOf, isBusinessDay, issueDateOf, shiftToBusinessDay } from './due-date.rules.js';

describe('issue and due dates', () => {
  test('the invoice of M is issued on the first day of M+1, later when issued later', () => {
    expect(issueDateOf('2026-05', '2026-06-01')).toBe('2026-06-01');
    expect(issueDateOf('2026-05', '2026-05-20')).toBe('2026-06-01');
    expect(issueDateOf('2026-05', '2026-06-15')).toBe('2026-06-15');
    expect(issueDateOf('2026-12', '2027-01-01')).toBe('2027-01-01');
  });

  test('default terms: the end of the month after the issue date', () => {
    // 2026-07-31 is a Friday.
    expect(dueDateOf('2026-06-01', 'end_of_next_month', 'next_business_day')).toBe('2026-07-31');
    expect(dueDateOf('2026-06-01', 'end_of_month_after_next', 'next_business_day')).toBe('2026-08-31');
  });

  test('a weekend or a public holiday moves the due date to the next business day', () => {
    // 2026-05-31 is a Sunday: Monday 2026-06-01.
    expect(dueDateOf('2026-04-01', 'end_of_next_month', 'next_business_day')).toBe('2026-06-01');
    expect(dueDateOf('2026-04-01', 'end_of_next_month', 'previous_business_day')).toBe('2026-05-29');
    expect(dueDateOf('2026-04-01', 'end_of_next_month', 'none')).toBe('2026-05-31');
    // Golden week 2026: 05-03 Sun (憲法記念日), 05-04 みどりの日, 05-05 こどもの日, 05-06 振替休日.
    expect(isBusinessDay('2026-05-04')).toBe(false);
    expect(shiftToBusinessDay('2026-05-02', 'next_business_day')).toBe('2026-05-07');
    // New Year's Day 2027 is a Friday; the following Monday is a business day.
    expect(shiftToBusinessDay('2027-01-01', 'next_business_day')).toBe('2027-01-04');
  });

  test('a run for a month is allowed only once the month has ended', () => {
    expect(monthHasEnded('2026-05', '2026-05-31')).toBe(false);
    expect(monthHasEnded('2026-05', '2026-06-01')).toBe(true);
    expect(monthHasEnded('2026-02', '2026-03-01')).toBe(true);
  });
});
