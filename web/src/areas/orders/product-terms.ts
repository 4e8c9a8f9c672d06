// A product's terms as the order screens show them (fees, free period), from the product
// as orderable or as a line item's price snapshot.
import type { TFunction } from 'i18next';
import { formatYen } from '../../components/money';

interface Terms {
  pattern: 'initial_and_monthly' | 'monthly_only' | 'initial_only';
  initialFee: number;
  monthlyFee: number;
  quantityLinkedInitialFee: boolean;
  freePeriod: { unit: 'month' | 'day'; length: number };
}

export function initialFeeText(t: TFunction, terms: Terms): string {
  if (terms.pattern === 'monthly_only') return '—';
  const fee = formatYen(terms.initialFee);
  return terms.quantityLinkedInitialFee ? t('orders.terms.perUnit', { fee }) : fee;
}

export function monthlyFeeText(t: TFunction, terms: Terms): string {
  if (terms.pattern === 'initial_only') return '—';
  return t('orders.terms.perUnitMonthly', { fee: formatYen(terms.monthlyFee) });
}

export function freePeriodText(t: TFunction, freePeriod: Terms['freePeriod']): string {
  if (freePeriod.length === 0) return t('orders.terms.noFreePeriod');
  return t(freePeriod.unit === 'month' ? 'orders.terms.freeMonths' : 'orders.terms.freeDays', {
    count: freePeriod.length,
  });
}
