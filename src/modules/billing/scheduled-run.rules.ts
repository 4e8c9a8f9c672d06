// The scheduled run (issue 5): at 00:30 on the 1st of each month in the tenant's time zone,
// a run for the month that has just ended. The composition root checks every hour at minute
// 30 (UTC); time zones with a half-hour offset reach 00:30 local at minute 00 or 30, so the
// check asks for the local date being the 1st and the local hour 0.
import type { Temporal } from 'temporal-polyfill';
import { addMonths } from './billing-month.rules.js';

/** The billing month a scheduled run at `now` should bill, or null when it is not yet / no longer time. */
export function scheduledRunMonth(now: Temporal.Instant, timeZone: string): string | null {
  const local = now.toZonedDateTimeISO(timeZone);
  if (local.day !== 1 || local.hour !== 0) return null;
  return addMonths(local.toPlainDate().toPlainYearMonth().toString(), -1);
}
