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
  };
}
