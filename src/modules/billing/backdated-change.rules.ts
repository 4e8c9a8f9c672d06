// billing.md rule 7: a month once billed is never recomputed; a change back-dated into it
// affects only later months, and the product warns the user, who may add a manual
// adjustment. Which billed months a completion would have changed, had they not been
// billed: pure, from the order's kind, the completion date, the line item's charge start and
// last billed month, and the quantity basis.

import { addMonths, firstDay, laterOf, monthOf } from './billing-month.rules.js';
import type { CompletedChange, QuantityBasis } from './charges.rules.js';

export type ChangeKind = CompletedChange['kind'];

export interface BilledMonthsAffected {
  /** The first and last billed month the change reaches back into (`YYYY-MM`). */
  from: string;
  to: string;
}

export interface BilledLineItem {
  chargeStartDate: string | null;
  lastBilledMonth: string | null;
}

/**
 * The billed months a completion on `completedOn` falls into, or null when it reaches none:
 * - add: the quantity is higher from the completion date, so the completion's month (under
 *   either basis: its month-end quantity and its largest) and every later billed month;
 * - reduce: the same under `month_end`; under `max_in_month` the completion's month keeps
 *   its largest quantity unless the reduce is in effect from its first chargeable day, so
 *   from the next month otherwise;
 * - terminate: service ends on the completion date, so the billed months after it (the
 *   completion's own month is charged in full either way: no proration);
 * - new: its line item is billed only once the order is completed (a back-dated charge start
 *   is caught up by the next run, example D), so nothing.
 * Months before the charge start's month were never charged: never reached.
 */
export function billedMonthsAffected(
  kind: ChangeKind,
  completedOn: string,
  lineItem: BilledLineItem,
  basis: QuantityBasis,
): BilledMonthsAffected | null {
  const { chargeStartDate, lastBilledMonth } = lineItem;
  if (lastBilledMonth === null || chargeStartDate === null || kind === 'new') return null;
  const month = monthOf(completedOn);
  let from = month;
  if (kind === 'terminate') from = addMonths(month, 1);
  else if (kind === 'reduce' && basis === 'max_in_month') {
    const firstChargeable = laterOf(chargeStartDate, firstDay(month));
    if (completedOn > firstChargeable) from = addMonths(month, 1);
  }
  from = laterOf(from, monthOf(chargeStartDate));
  return from <= lastBilledMonth ? { from, to: lastBilledMonth } : null;
}
