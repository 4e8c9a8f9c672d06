// What an order copies from the product (billing.md rule 8): later product edits change
// later orders only.
export interface PriceSnapshot {
  productCode: string;
  productName: string;
  taxCategory: 'standard' | 'reduced' | 'exempt';
  fulfilment: 'immediate' | 'carrier';
  agency: boolean;
  pricingPattern: 'initial_and_monthly' | 'monthly_only' | 'initial_only';
  initialFee: number;
  monthlyFee: number;
  quantityLinkedInitialFee: boolean;
  freePeriod: { unit: 'month' | 'day'; length: number };
  /** The product's billing (choices) when the order was placed; null or absent (snapshots
   * older than the setting): the tenant's setting. */
  firstMonth?: 'full' | 'free' | null;
  quantityBasis?: 'month_end' | 'max_in_month' | null;
}

/** The fields of a product row the snapshot is taken from. */
export interface PricedProduct {
  code: string;
  name: string;
  taxCategory: PriceSnapshot['taxCategory'];
  fulfilment: PriceSnapshot['fulfilment'];
  agency: boolean;
  pricingPattern: PriceSnapshot['pricingPattern'];
  initialFee: number;
  monthlyFee: number;
  quantityLinkedInitialFee: boolean;
  freePeriodUnit: 'month' | 'day';
  freePeriodLength: number;
  billingFirstMonth: 'full' | 'free' | null;
  billingQuantityBasis: 'month_end' | 'max_in_month' | null;
}

/** The snapshot an order copies from a product row (a new object: later edits do not reach it). */
export function snapshotOf(product: PricedProduct): PriceSnapshot {
  return {
    productCode: product.code,
    productName: product.name,
    taxCategory: product.taxCategory,
    fulfilment: product.fulfilment,
    agency: product.agency,
    pricingPattern: product.pricingPattern,
    initialFee: product.initialFee,
    monthlyFee: product.monthlyFee,
    quantityLinkedInitialFee: product.quantityLinkedInitialFee,
    freePeriod: { unit: product.freePeriodUnit, length: product.freePeriodLength },
    firstMonth: product.billingFirstMonth,
    quantityBasis: product.billingQuantityBasis,
  };
}
