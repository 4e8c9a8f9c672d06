// Instants from the API (ISO 8601) shown in the UI language's conventions and the tenant's
// time zone (api.md: dates are in the tenant time zone), the browser's until it is known.
import { intlLocale } from '../i18n';

const formatters = new Map<string, Intl.DateTimeFormat>();
let displayTimeZone: string | undefined;

/** Called with `me.tenant.timeZone` once the signed-in user is known. */
export function setDisplayTimeZone(timeZone: string | undefined): void {
  displayTimeZone = timeZone;
}

function formatter(locale: string, options: Intl.DateTimeFormatOptions, name: string): Intl.DateTimeFormat {
  const key = `${locale}|${displayTimeZone ?? ''}|${name}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(
      locale,
      displayTimeZone ? { ...options, timeZone: displayTimeZone } : options,
    );
    formatters.set(key, found);
  }
  return found;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }, 'dateTime').format(date);
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(intlLocale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' }, 'time').format(
    date,
  );
}

/** A calendar date of the API (`YYYY-MM-DD`, already in the tenant time zone), shown as is. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return date;
  const utc = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(utc);
}

/** Today in the tenant's time zone (the browser's until it is known), as `YYYY-MM-DD`. */
export function todayInTenant(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(displayTimeZone ? { timeZone: displayTimeZone } : {}),
  }).formatToParts(now);
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The day after a `YYYY-MM-DD` date. */
export function nextDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  const next = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + 1));
  return next.toISOString().slice(0, 10);
}
