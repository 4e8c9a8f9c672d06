// Billing months (`YYYY-MM`) and the local dates they span (billing.md: all business dates
// are local dates in the tenant's time zone). Pure: "today" is always a parameter.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isBillingMonth(value: string): boolean {
  return MONTH.test(value);
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

// Plain integer arithmetic, not Temporal: a billing run calls these for every line item and
// month (a million times), where the polyfill's object per call cost most of the run.
const yearOf = (month: string) => Number(month.slice(0, 4));
const monthNumberOf = (month: string) => Number(month.slice(5, 7));
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

// A run asks for the last day of the same few months for every line item: remembered.
const lastDays = new Map<string, string>();

export function lastDay(month: string): string {
  let day = lastDays.get(month);
  if (day === undefined) {
    // Day 0 of the next month is the last day of this one (proleptic Gregorian, as Temporal).
    const days = new Date(Date.UTC(yearOf(month), monthNumberOf(month), 0)).getUTCDate();
    day = `${month}-${two(days)}`;
    if (lastDays.size < 10_000) lastDays.set(month, day);
  }
  return day;
}

/** The billing month a date falls in. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, months: number): string {
  const index = yearOf(month) * 12 + monthNumberOf(month) - 1 + months;
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${two(index - year * 12 + 1)}`;
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
