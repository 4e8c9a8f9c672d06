import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  checkPricing,
  checkSerialNumberPattern,
  MAX_FEE,
  type Pricing,
  publishRefusal,
  serialNumberMatches,
} from './product.rules.js';

const pricing = (extra: Partial<Pricing> = {}): Pricing => ({
  pattern: 'initial_and_monthly',
  initialFee: 3000,
  monthlyFee: 1000,
  quantityLinkedInitialFee: false,
  freePeriod: { unit: 'month', length: 1 },
  ...extra,
});

const paths = (p: Pricing) => checkPricing(p).map((e) => e.path);

describe('pricing', () => {
  test('fees that fit the charge pattern', () => {
    expect(paths(pricing())).toEqual([]);
    expect(paths(pricing({ pattern: 'monthly_only', initialFee: 0 }))).toEqual([]);
    expect(paths(pricing({ pattern: 'initial_only', monthlyFee: 0 }))).toEqual([]);
    expect(paths(pricing({ initialFee: 0, monthlyFee: 0 }))).toEqual([]);
  });

  test('monthly only takes no initial fee; initial only takes no monthly fee', () => {
    expect(paths(pricing({ pattern: 'monthly_only' }))).toEqual(['/pricing/initialFee']);
    expect(paths(pricing({ pattern: 'initial_only' }))).toEqual(['/pricing/monthlyFee']);
  });

  test('fees are whole yen from 0 to 100,000,000', () => {
    expect(paths(pricing({ initialFee: -1, monthlyFee: 0.5 }))).toEqual([
      '/pricing/initialFee',
      '/pricing/monthlyFee',
    ]);
    expect(paths(pricing({ initialFee: MAX_FEE, monthlyFee: MAX_FEE }))).toEqual([]);
    expect(paths(pricing({ monthlyFee: MAX_FEE + 1 }))).toEqual(['/pricing/monthlyFee']);
    expect(paths(pricing({ monthlyFee: Number.NaN }))).toEqual(['/pricing/monthlyFee']);
  });

  test('free period: 0..120 months or 0..3650 days', () => {
    expect(paths(pricing({ freePeriod: { unit: 'month', length: 120 } }))).toEqual([]);
    expect(paths(pricing({ freePeriod: { unit: 'month', length: 121 } }))).toEqual([
      '/pricing/freePeriod/length',
    ]);
    expect(paths(pricing({ freePeriod: { unit: 'day', length: 3650 } }))).toEqual([]);
    expect(paths(pricing({ freePeriod: { unit: 'day', length: 3651 } }))).toEqual([
      '/pricing/freePeriod/length',
    ]);
    expect(paths(pricing({ freePeriod: { unit: 'day', length: -1 } }))).toEqual([
      '/pricing/freePeriod/length',
    ]);
  });

  test('each error has a Japanese and an English message', () => {
    const [error] = checkPricing(pricing({ pattern: 'monthly_only' }));
    expect(error?.message).toEqual({
      ja: '課金パターンが「月額のみ」の商品は初期費用を0円にしてください。',
      en: 'must be 0 for a monthly-only product.',
    });
  });

  test('property: accepted pricing has fees in range that fit the pattern', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('initial_and_monthly' as const, 'monthly_only' as const, 'initial_only' as const),
        fc.integer({ min: -10, max: MAX_FEE + 10 }),
        fc.integer({ min: -10, max: MAX_FEE + 10 }),
        fc.constantFrom('month' as const, 'day' as const),
        fc.integer({ min: -5, max: 4000 }),
        (pattern, initialFee, monthlyFee, unit, length) => {
          const p = pricing({ pattern, initialFee, monthlyFee, freePeriod: { unit, length } });
          if (checkPricing(p).length > 0) return;
          expect(initialFee).toBeGreaterThanOrEqual(0);
          expect(monthlyFee).toBeLessThanOrEqual(MAX_FEE);
          if (pattern === 'monthly_only') expect(initialFee).toBe(0);
          if (pattern === 'initial_only') expect(monthlyFee).toBe(0);
          expect(length).toBeLessThanOrEqual(unit === 'month' ? 120 : 3650);
        },
      ),
    );
  });
});

describe('serial number pattern', () => {
  test('only for carrier products, and it must compile', () => {
    expect(checkSerialNumberPattern('carrier', '^P\\d{13}$')).toEqual([]);
    expect(checkSerialNumberPattern('carrier', null)).toEqual([]);
    expect(checkSerialNumberPattern('immediate', null)).toEqual([]);
    expect(checkSerialNumberPattern('immediate', '^P\\d{13}$').map((e) => e.path)).toEqual([
      '/serialNumberPattern',
    ]);
    expect(checkSerialNumberPattern('carrier', '^P(\\d{13}$').map((e) => e.path)).toEqual([
      '/serialNumberPattern',
    ]);
    expect(checkSerialNumberPattern('carrier', '[z-a]')).toHaveLength(1);
  });

  test('nested repetitions (exponential matching, ReDoS) are refused; common patterns pass', () => {
    for (const pattern of ['^(a+)+$', '^(\\d+)*$', '^(P\\d{3})+$']) {
      expect(checkSerialNumberPattern('carrier', pattern), pattern).toHaveLength(1);
    }
    for (const pattern of [
      '^P\\d{13}$',
      '^(\\d\\d\\d-)?\\d{4}$',
      '^[A-Z]{2}[0-9]{8,10}$',
      '^(090|080|070)\\d{8}$',
    ]) {
      expect(checkSerialNumberPattern('carrier', pattern), pattern).toEqual([]);
    }
  });

  test('matching', () => {
    expect(serialNumberMatches('^P\\d{13}$', 'P1234567890123')).toBe(true);
    expect(serialNumberMatches('^P\\d{13}$', 'P123')).toBe(false);
    expect(serialNumberMatches(null, 'anything')).toBe(true);
    expect(serialNumberMatches(null, '  ')).toBe(false);
  });

  test('property: never throws on any string', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), (pattern) => {
        const errors = checkSerialNumberPattern('carrier', pattern);
        if (errors.length === 0) expect(() => serialNumberMatches(pattern, 'P1')).not.toThrow();
      }),
    );
  });
});

describe('product status', () => {
  test('publishes a draft once; a published product is not published again', () => {
    expect(publishRefusal('draft')).toBeNull();
    expect(publishRefusal('published')).toBe('product_already_published');
  });
});
