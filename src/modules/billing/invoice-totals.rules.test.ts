import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { invoiceTotals, roundDivision, type TaxRounding, taxFor } from './invoice-totals.rules.js';

describe('tax rounding', () => {
  test('floor, half up and ceil of one division', () => {
    expect(roundDivision(22330, 100, 'floor')).toBe(223);
    expect(roundDivision(22330, 100, 'half_up')).toBe(223);
    expect(roundDivision(22350, 100, 'half_up')).toBe(224);
    expect(roundDivision(22301, 100, 'ceil')).toBe(224);
    expect(roundDivision(22300, 100, 'ceil')).toBe(223);
  });

  test('a credit note rounds its magnitude, mirroring the invoice it corrects', () => {
    expect(taxFor(-2233, 10, { rounding: 'floor', pricesIncludeTax: false })).toBe(-223);
    expect(taxFor(-2235, 10, { rounding: 'half_up', pricesIncludeTax: false })).toBe(-224);
  });

  test('exempt lines carry no tax', () => {
    expect(
      invoiceTotals([{ amount: 5000, taxRate: 0 }], { rounding: 'ceil', pricesIncludeTax: false }),
    ).toEqual({
      subtotal: 5000,
      taxTotal: 0,
      total: 5000,
      taxes: [{ rate: 0, taxableAmount: 5000, tax: 0 }],
    });
  });
});

describe('property: every invoice total = lines + per-rate tax', () => {
  const line = fc.record({
    amount: fc.integer({ min: -1_000_000, max: 10_000_000 }),
    taxRate: fc.constantFrom(10, 8, 0),
  });
  const rounding = fc.constantFrom<TaxRounding>('floor', 'half_up', 'ceil');

  test('tax-exclusive', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), rounding, (lines, r) => {
        const totals = invoiceTotals(lines, { rounding: r, pricesIncludeTax: false });
        const lineSum = lines.reduce((sum, l) => sum + l.amount, 0);
        expect(totals.subtotal).toBe(lineSum);
        expect(totals.taxTotal).toBe(totals.taxes.reduce((sum, t) => sum + t.tax, 0));
        expect(totals.total).toBe(lineSum + totals.taxTotal);
        for (const part of totals.taxes) {
          const exact = (part.taxableAmount * part.rate) / 100;
          expect(Math.abs(part.tax - exact)).toBeLessThan(1);
          expect(part.taxableAmount).toBe(
            lines.filter((l) => l.taxRate === part.rate).reduce((s, l) => s + l.amount, 0),
          );
        }
      }),
    );
  });

  test('tax-inclusive', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), rounding, (lines, r) => {
        const totals = invoiceTotals(lines, { rounding: r, pricesIncludeTax: true });
        const lineSum = lines.reduce((sum, l) => sum + l.amount, 0);
        expect(totals.total).toBe(lineSum);
        expect(totals.subtotal + totals.taxTotal).toBe(totals.total);
      }),
    );
  });
});
