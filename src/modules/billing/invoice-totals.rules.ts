// Invoice totals by the Japanese qualified invoice rules (billing.md "Tax"): per invoice and
// per rate a taxable subtotal, then the tax rounded once, never per line. With tax-inclusive
// prices the tax per rate is round(inclusive total x rate / (100 + rate)).
export type TaxRounding = 'floor' | 'half_up' | 'ceil';

export interface TaxablePart {
  rate: number;
  /** The sum of the rate's line amounts, as priced (tax-exclusive or tax-inclusive). */
  taxableAmount: number;
  tax: number;
}

export interface InvoiceTotals {
  /** Tax-exclusive amount. */
  subtotal: number;
  taxTotal: number;
  total: number;
  taxes: TaxablePart[];
}

export interface TaxOptions {
  rounding: TaxRounding;
  pricesIncludeTax: boolean;
}

/**
 * numerator / denominator rounded to a whole yen. Negative amounts (credit notes) round
 * their magnitude, so a credit note's tax mirrors the invoice it corrects.
 */
export function roundDivision(numerator: number, denominator: number, rounding: TaxRounding): number {
  const sign = numerator < 0 ? -1 : 1;
  const magnitude = Math.abs(numerator);
  const whole = Math.floor(magnitude / denominator);
  const remainder = magnitude - whole * denominator;
  let rounded = whole;
  if (rounding === 'ceil' && remainder > 0) rounded += 1;
  if (rounding === 'half_up' && remainder * 2 >= denominator) rounded += 1;
  return sign * rounded;
}

export function taxFor(taxableAmount: number, rate: number, options: TaxOptions): number {
  if (rate === 0) return 0;
  return options.pricesIncludeTax
    ? roundDivision(taxableAmount * rate, 100 + rate, options.rounding)
    : roundDivision(taxableAmount * rate, 100, options.rounding);
}

export function invoiceTotals(
  lines: readonly { amount: number; taxRate: number }[],
  options: TaxOptions,
): InvoiceTotals {
  const byRate = new Map<number, number>();
  for (const line of lines) byRate.set(line.taxRate, (byRate.get(line.taxRate) ?? 0) + line.amount);
  const taxes = [...byRate.entries()]
    .sort(([a], [b]) => b - a)
    .map(([rate, taxableAmount]) => ({ rate, taxableAmount, tax: taxFor(taxableAmount, rate, options) }));
  const lineSum = taxes.reduce((sum, part) => sum + part.taxableAmount, 0);
  const taxTotal = taxes.reduce((sum, part) => sum + part.tax, 0);
  return options.pricesIncludeTax
    ? { subtotal: lineSum - taxTotal, taxTotal, total: lineSum, taxes }
    : { subtotal: lineSum, taxTotal, total: lineSum + taxTotal, taxes };
}
