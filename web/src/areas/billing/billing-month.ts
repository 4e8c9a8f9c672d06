// Billing months (`YYYY-MM`, api.md) in the UI: the default month of a run (the month just
// ended in the tenant's time zone), and how a month reads.
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isBillingMonth(value: unknown): value is string {
  return typeof value === 'string' && MONTH.test(value);
}

/** The month before the one of a `YYYY-MM-DD` date: the month a run bills by default. */
export function previousMonth(today: string): string {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** `YYYY-MM` plus (or minus) months. */
export function addMonths(month: string, count: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `2026-05` as `2026年5月` (Japanese) or `May 2026` (English). */
export function formatMonth(month: string | null | undefined, locale: string): string {
  if (!month) return '—';
  const match = MONTH.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(date);
}
