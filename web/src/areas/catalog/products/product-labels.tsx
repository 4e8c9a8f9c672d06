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
