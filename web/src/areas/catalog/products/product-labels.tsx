// How a product's codes read in the UI: status, charge pattern, tax category, fulfilment.
import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Pricing, ProductStatus } from '../../../api/types';

export const pricingPatterns = ['initial_and_monthly', 'monthly_only', 'initial_only'] as const;
export const taxCategories = ['standard', 'reduced', 'exempt'] as const;
export const fulfilments = ['immediate', 'carrier'] as const;

export function ProductStatusBadge({ status }: { status: ProductStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={status === 'published' ? 'teal' : 'gray'} variant="light" tt="none">
      {t(`products.statuses.${status}`)}
    </Badge>
  );
}

export function freePeriodLabel(t: TFunction, freePeriod: Pricing['freePeriod']): string {
  if (freePeriod.length === 0) return t('products.noFreePeriod');
  return t(freePeriod.unit === 'month' ? 'products.freeMonths' : 'products.freeDays', {
    count: freePeriod.length,
  });
}

export const hasInitialFee = (pattern: Pricing['pattern']) => pattern !== 'monthly_only';
export const hasMonthlyFee = (pattern: Pricing['pattern']) => pattern !== 'initial_only';

/**
 * A product's own billing (choices), each set or left to the tenant's 請求設定: its field and
 * its values with their labels (the billing settings' own).
 */
export const billingChoices = [
  {
    field: 'firstMonth',
    options: [
      { value: 'full', label: 'billingSettings.firstMonths.full' },
      { value: 'free', label: 'billingSettings.firstMonths.free' },
    ],
    testId: 'product-first-month',
  },
  {
    field: 'quantityBasis',
    options: [
      { value: 'month_end', label: 'billingSettings.quantityBases.month_end' },
      { value: 'max_in_month', label: 'billingSettings.quantityBases.max_in_month' },
    ],
    testId: 'product-quantity-basis',
  },
] as const;

/** How a product's billing choice reads: its value's label, or 請求設定に従う when unset. */
export function billingChoiceLabel(
  t: TFunction,
  choice: (typeof billingChoices)[number],
  value: string | null | undefined,
): string {
  const option = choice.options.find((candidate) => candidate.value === value);
  return option ? t(option.label) : t('products.followTenant');
}
