// The product form's values, their checks (the server's rules of docs/rules/catalog.md, so
// mistakes show under the field before saving) and the request they become.
import type { TFunction } from 'i18next';
import type {
  FreePeriodUnit,
  Fulfilment,
  PricingPattern,
  Product,
  ProductInput,
  TaxCategory,
} from '../../../api/types';
import { hasInitialFee, hasMonthlyFee } from './product-labels';

export const MAX_FEE = 100_000_000;
export const MAX_FREE_PERIOD: Record<FreePeriodUnit, number> = { month: 120, day: 3650 };

export interface ProductFormValues {
  code: string;
  name: string;
  description: string;
  taxCategory: TaxCategory;
  fulfilment: Fulfilment;
  serialNumberPattern: string;
  agency: boolean;
  pricing: {
    pattern: PricingPattern;
    initialFee: number | string;
    monthlyFee: number | string;
    quantityLinkedInitialFee: boolean;
    freePeriod: { unit: FreePeriodUnit; length: number | string };
    /** `tenant` follows the tenant's billing settings (請求設定). */
    firstMonth: 'tenant' | 'full' | 'free';
    quantityBasis: 'tenant' | 'month_end' | 'max_in_month';
  };
}

export const emptyProduct: ProductFormValues = {
  code: '',
  name: '',
  description: '',
  taxCategory: 'standard',
  fulfilment: 'immediate',
  serialNumberPattern: '',
  agency: false,
  pricing: {
    pattern: 'initial_and_monthly',
    initialFee: '',
    monthlyFee: '',
    quantityLinkedInitialFee: false,
    freePeriod: { unit: 'month', length: 0 },
    firstMonth: 'tenant',
    quantityBasis: 'tenant',
  },
};

export function productFormValues(product: Product): ProductFormValues {
  return {
    code: product.code,
    name: product.name,
    description: product.description ?? '',
    taxCategory: product.taxCategory,
    fulfilment: product.fulfilment,
    serialNumberPattern: product.serialNumberPattern ?? '',
    agency: product.agency,
    pricing: {
      pattern: product.pricing.pattern,
      initialFee: product.pricing.initialFee,
      monthlyFee: product.pricing.monthlyFee,
      quantityLinkedInitialFee: product.pricing.quantityLinkedInitialFee,
      freePeriod: { ...product.pricing.freePeriod },
      firstMonth: product.pricing.firstMonth ?? 'tenant',
      quantityBasis: product.pricing.quantityBasis ?? 'tenant',
    },
  };
}

const toInteger = (value: number | string): number =>
  typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);

/** The body of POST /products (and, with `version`, of PATCH): fees a pattern has not are 0. */
export function productRequest(values: ProductFormValues): ProductInput {
  const { pattern } = values.pricing;
  const serialNumberPattern = values.fulfilment === 'carrier' ? values.serialNumberPattern.trim() : '';
  return {
    code: values.code.trim(),
    name: values.name.trim(),
    description: values.description.trim() || null,
    taxCategory: values.taxCategory,
    fulfilment: values.fulfilment,
    serialNumberPattern: serialNumberPattern || null,
    agency: values.agency,
    pricing: {
      pattern,
      initialFee: hasInitialFee(pattern) ? toInteger(values.pricing.initialFee) : 0,
      monthlyFee: hasMonthlyFee(pattern) ? toInteger(values.pricing.monthlyFee) : 0,
      quantityLinkedInitialFee: hasInitialFee(pattern) && values.pricing.quantityLinkedInitialFee,
      freePeriod: {
        unit: values.pricing.freePeriod.unit,
        length: toInteger(values.pricing.freePeriod.length),
      },
      // The billing choices concern monthly charges only.
      firstMonth:
        hasMonthlyFee(pattern) && values.pricing.firstMonth !== 'tenant' ? values.pricing.firstMonth : null,
      quantityBasis:
        hasMonthlyFee(pattern) && values.pricing.quantityBasis !== 'tenant'
          ? values.pricing.quantityBasis
          : null,
    },
  };
}

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

/** Form-level validation: the errors by field path. */
export function validateProduct(t: TFunction) {
  return (values: ProductFormValues): Record<string, string> => {
    const errors: Record<string, string> = {};
    const code = values.code.trim();
    if (!code) errors.code = t('validation.required');
    else if (code.length > 50) errors.code = t('validation.maxLength', { count: 50 });
    else if (!/^[!-~]+$/.test(code)) errors.code = t('products.validation.code');
    const name = values.name.trim();
    if (!name) errors.name = t('validation.required');
    else if (name.length > 200) errors.name = t('validation.maxLength', { count: 200 });
    if (values.description.trim().length > 2000) {
      errors.description = t('validation.maxLength', { count: 2000 });
    }
    const { pattern } = values.pricing;
    const fee = (field: 'initialFee' | 'monthlyFee') => {
      const value = toInteger(values.pricing[field]);
      if (Number.isNaN(value)) return t('validation.required');
      if (!Number.isSafeInteger(value) || value < 0 || value > MAX_FEE) return t('products.validation.fee');
      return null;
    };
    if (hasInitialFee(pattern)) {
      const error = fee('initialFee');
      if (error) errors['pricing.initialFee'] = error;
    }
    if (hasMonthlyFee(pattern)) {
      const error = fee('monthlyFee');
      if (error) errors['pricing.monthlyFee'] = error;
    }
    const { unit } = values.pricing.freePeriod;
    const length = toInteger(values.pricing.freePeriod.length);
    if (!Number.isSafeInteger(length) || length < 0 || length > MAX_FREE_PERIOD[unit]) {
      errors['pricing.freePeriod.length'] = t(
        unit === 'month' ? 'products.validation.freeMonths' : 'products.validation.freeDays',
        { count: MAX_FREE_PERIOD[unit] },
      );
    }
    if (values.fulfilment === 'carrier') {
      const serial = values.serialNumberPattern.trim();
      if (serial.length > 200) errors.serialNumberPattern = t('validation.maxLength', { count: 200 });
      else if (serial && !isValidPattern(serial)) {
        errors.serialNumberPattern = t('products.validation.serialNumberPattern');
      }
    }
    return errors;
  };
}
