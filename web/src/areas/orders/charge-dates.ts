// The default charge start date (課金開始日) the server gives a completed new order item:
// the completion date plus the product's free period, a month-end date clamped to the end of
// a shorter month (billing.md rule 1). Shown before confirming 注文完了, so the person sees
// the date the server will store unless they enter another.

export interface FreePeriod {
  unit: 'month' | 'day';
  length: number;
}

function parse(date: string): [number, number, number] | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const iso = (value: Date) => value.toISOString().slice(0, 10);

/** `YYYY-MM-DD` + the free period; undefined when the date is not a valid date. */
export function addFreePeriod(date: string, freePeriod: FreePeriod): string | undefined {
  const parts = parse(date);
  if (!parts) return undefined;
  const [year, month, day] = parts;
  const start = new Date(Date.UTC(year, month - 1, day));
  if (start.getUTCFullYear() !== year || start.getUTCMonth() !== month - 1 || start.getUTCDate() !== day) {
    return undefined;
  }
  if (freePeriod.unit === 'day') {
    return iso(new Date(Date.UTC(year, month - 1, day + freePeriod.length)));
  }
  const targetMonth = month - 1 + freePeriod.length;
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  return iso(new Date(Date.UTC(year, targetMonth, Math.min(day, lastDay))));
}

/** Whether a is before b (both `YYYY-MM-DD`). */
export const isBeforeDate = (a: string, b: string) => a < b;

export const isPlainDate = (value: string) =>
  parse(value) !== undefined && addFreePeriod(value, { unit: 'day', length: 0 }) === value;
