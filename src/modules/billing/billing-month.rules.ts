// Billing months (`YYYY-MM`) and the local dates they span (billing.md: all business dates
// are local dates in the tenant's time zone). Pure: "today" is always a parameter.
import { Temporal } from 'temporal-polyfill';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isBillingMonth(value: string): boolean {
  return MONTH.test(value);
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  const ym = Temporal.PlainYearMonth.from(month);
  return ym.toPlainDate({ day: ym.daysInMonth }).toString();
}

/** The billing month a date falls in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  return Temporal.PlainYearMonth.from(month).add({ months }).toString();
}

/** Months as `YYYY-MM` compare as strings; these name the intent. */
export const dateBefore = (a: string, b: string) => a < b;

/** The later / earlier of two dates or months (ISO strings sort as they compare). */
export const laterOf = (a: string, b: string) => (a > b ? a : b);
export const earlierOf = (a: string, b: string) => (a < b ? a : b);

/** Every month from `from` to `to`, both included (empty when from > to). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** A run for month M may bill only once M has ended in the tenant's time zone. */
export function monthHasEnded(month: string, today: string): boolean {
  return lastDay(month) < today;
}
