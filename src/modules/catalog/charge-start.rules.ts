// The default charge start date of a line item (billing.md rule 1): the completion date plus
// the product's free period. Months clamp to the end of the target month
// (2026-01-31 + 1 month = 2026-02-28); days are added plainly.
import { Temporal } from 'temporal-polyfill';

export interface FreePeriod {
  unit: 'month' | 'day';
  length: number;
}

export function defaultChargeStartDate(completedOn: string, freePeriod: FreePeriod): string {
  const completed = Temporal.PlainDate.from(completedOn, { overflow: 'reject' });
  const duration = freePeriod.unit === 'month' ? { months: freePeriod.length } : { days: freePeriod.length };
  // 'constrain' is Temporal's default and gives the month-end clamp of rule 1.
  return completed.add(duration, { overflow: 'constrain' }).toString();
}
