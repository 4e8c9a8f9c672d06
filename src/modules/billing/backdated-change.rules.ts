// billing.md rule 7: a month once billed is never recomputed; a change back-dated into it
// affects only later months, and the product warns the user, who may add a manual
// adjustment. Which billed months a completion would have changed, had they not been
// billed: pure, from the order's kind, the completion date and the line item's last billed
// month.
import { addMonths, monthOf } from './billing-month.rules.js';

export type ChangeKind = 'new' | 'add' | 'reduce' | 'terminate';

export interface BilledMonthsAffected {
  /** The first and last billed month the change reaches back into (`YYYY-MM`). */
  from: string;
  to: string;
}

/**
 * The billed months a completion on `completedOn` falls into, or null when it reaches none:
 * - add / reduce: the quantity changes from the completion date, so the completion's month
 *   and every later billed month would have had another quantity;
 * - terminate: service ends on the completion date, so the billed months after it would not
 *   have been charged (the completion's own month is charged in full either way: no
 *   proration);
 * - new: its line item has not been billed before its completion (a back-dated charge start
 *   is caught up by the next run, example D), so nothing.
 */
export function billedMonthsAffected(
  kind: ChangeKind,
  completedOn: string,
  lastBilledMonth: string | null,
): BilledMonthsAffected | null {
  if (lastBilledMonth === null || kind === 'new') return null;
  const from = kind === 'terminate' ? addMonths(monthOf(completedOn), 1) : monthOf(completedOn);
  return from <= lastBilledMonth ? { from, to: lastBilledMonth } : null;
}
