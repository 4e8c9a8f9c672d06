// Issue and due dates (billing.md "Invoices"): an invoice of month M is issued on the first
// day of M+1 (or on the day it is issued, when that is later: a supplementary invoice); it
// is due per the billing account's payment terms, and a due date on a weekend or a Japanese
// public holiday moves to the next business day (choice `dueDateShift`).
import holidayJp from '@holiday-jp/holiday_jp';
import { Temporal } from 'temporal-polyfill';
import { addMonths, firstDay, lastDay, monthOf } from './billing-month.rules.js';

export type PaymentTerms = 'end_of_next_month' | 'end_of_month_after_next';
export type DueDateShift = 'next_business_day' | 'previous_business_day' | 'none';

const holidays: Readonly<Record<string, unknown>> = holidayJp.holidays;

export function isBusinessDay(date: string): boolean {
  const day = Temporal.PlainDate.from(date).dayOfWeek; // 1 = Monday ... 7 = Sunday
  return day < 6 && !(date in holidays);
}

export function shiftToBusinessDay(date: string, shift: DueDateShift): string {
  if (shift === 'none') return date;
  const step = shift === 'next_business_day' ? 1 : -1;
  let day = Temporal.PlainDate.from(date);
  while (!isBusinessDay(day.toString())) day = day.add({ days: step });
  return day.toString();
}

/** The issue date of an invoice of `billingMonth` issued on `today`. */
export function issueDateOf(billingMonth: string, today: string): string {
  const regular = firstDay(addMonths(billingMonth, 1));
  return today > regular ? today : regular;
}

export function dueDateOf(issueDate: string, terms: PaymentTerms, shift: DueDateShift): string {
  const months = terms === 'end_of_next_month' ? 1 : 2;
  return shiftToBusinessDay(lastDay(addMonths(monthOf(issueDate), months)), shift);
}
