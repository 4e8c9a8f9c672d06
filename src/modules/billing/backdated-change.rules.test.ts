import { describe, expect, test } from 'vitest';
import { billedMonthsAffected } from './backdated-change.rules.js';

describe('billedMonthsAffected (billing.md rule 7)', () => {
  test('an add or reduce completed in a billed month reaches that month and every later billed one', () => {
    expect(billedMonthsAffected('add', '2026-05-20', '2026-07')).toEqual({ from: '2026-05', to: '2026-07' });
    expect(billedMonthsAffected('reduce', '2026-07-01', '2026-07')).toEqual({
      from: '2026-07',
      to: '2026-07',
    });
  });
  test('a change completed after the last billed month reaches nothing', () => {
    expect(billedMonthsAffected('add', '2026-08-01', '2026-07')).toBeNull();
    expect(billedMonthsAffected('reduce', '2026-08-31', '2026-07')).toBeNull();
  });
  test('a termination reaches only the billed months after its end (its own month is charged in full)', () => {
    expect(billedMonthsAffected('terminate', '2026-05-20', '2026-07')).toEqual({
      from: '2026-06',
      to: '2026-07',
    });
    expect(billedMonthsAffected('terminate', '2026-07-31', '2026-07')).toBeNull();
    expect(billedMonthsAffected('terminate', '2026-12-31', '2027-01')).toEqual({
      from: '2027-01',
      to: '2027-01',
    });
  });
  test('a new order, or a line item never billed, reaches nothing', () => {
    expect(billedMonthsAffected('new', '2026-01-10', '2026-07')).toBeNull();
    expect(billedMonthsAffected('add', '2026-01-10', null)).toBeNull();
  });
});
