import { describe, expect, test } from 'vitest';
import { billedMonthsAffected } from './backdated-change.rules.js';

const billedThroughJuly = { chargeStartDate: '2026-01-10', lastBilledMonth: '2026-07' };

describe('billedMonthsAffected (billing.md rule 7)', () => {
  test('an add or reduce completed in a billed month reaches that month and every later billed one', () => {
    expect(billedMonthsAffected('add', '2026-05-20', billedThroughJuly, 'month_end')).toEqual({
      from: '2026-05',
      to: '2026-07',
    });
    expect(billedMonthsAffected('add', '2026-05-20', billedThroughJuly, 'max_in_month')).toEqual({
      from: '2026-05',
      to: '2026-07',
    });
    expect(billedMonthsAffected('reduce', '2026-07-01', billedThroughJuly, 'month_end')).toEqual({
      from: '2026-07',
      to: '2026-07',
    });
  });
  test('under max_in_month a reduce keeps its month at the larger quantity unless in effect from its first day', () => {
    expect(billedMonthsAffected('reduce', '2026-05-20', billedThroughJuly, 'max_in_month')).toEqual({
      from: '2026-06',
      to: '2026-07',
    });
    expect(billedMonthsAffected('reduce', '2026-05-01', billedThroughJuly, 'max_in_month')).toEqual({
      from: '2026-05',
      to: '2026-07',
    });
    expect(billedMonthsAffected('reduce', '2026-07-02', billedThroughJuly, 'max_in_month')).toBeNull();
    // In the charge start's month the first chargeable day is the charge start itself.
    expect(billedMonthsAffected('reduce', '2026-01-10', { ...billedThroughJuly }, 'max_in_month')).toEqual({
      from: '2026-01',
      to: '2026-07',
    });
  });
  test('a change completed after the last billed month reaches nothing', () => {
    expect(billedMonthsAffected('add', '2026-08-01', billedThroughJuly, 'month_end')).toBeNull();
    expect(billedMonthsAffected('reduce', '2026-08-31', billedThroughJuly, 'month_end')).toBeNull();
  });
  test('a termination reaches only the billed months after its end (its own month is charged in full)', () => {
    expect(billedMonthsAffected('terminate', '2026-05-20', billedThroughJuly, 'month_end')).toEqual({
      from: '2026-06',
      to: '2026-07',
    });
    expect(billedMonthsAffected('terminate', '2026-07-31', billedThroughJuly, 'month_end')).toBeNull();
    expect(
      billedMonthsAffected(
        'terminate',
        '2026-12-31',
        { chargeStartDate: '2026-01-10', lastBilledMonth: '2027-01' },
        'month_end',
      ),
    ).toEqual({ from: '2027-01', to: '2027-01' });
  });
  test('months before the charge start were never charged: not reached', () => {
    expect(
      billedMonthsAffected(
        'add',
        '2026-02-10',
        { chargeStartDate: '2026-04-01', lastBilledMonth: '2026-05' },
        'month_end',
      ),
    ).toEqual({ from: '2026-04', to: '2026-05' });
  });
  test('a new order, or a line item never billed, reaches nothing', () => {
    expect(billedMonthsAffected('new', '2026-01-10', billedThroughJuly, 'month_end')).toBeNull();
    expect(
      billedMonthsAffected(
        'add',
        '2026-01-10',
        { chargeStartDate: '2026-01-10', lastBilledMonth: null },
        'month_end',
      ),
    ).toBeNull();
  });
});
