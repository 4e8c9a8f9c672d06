import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, test } from 'vitest';
import { DomainError } from '../../platform/domain-error.js';
import {
  AGREEMENT_STATUSES,
  type AgreementStatus,
  agreementProductIds,
  checkProductsForStatus,
  isDueToStart,
  orderableProductIds,
  scheduleSale,
  startSelling,
} from './agreement-status.rules.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

const TODAY = '2026-04-10';

describe('販売開始 (start selling)', () => {
  test('a draft goes on sale today', () => {
    expect(startSelling('draft', TODAY)).toEqual({ status: 'on_sale', saleStartDate: TODAY });
  });

  test('a scheduled or on-sale agreement cannot be started again', () => {
    expect(codeOf(() => startSelling('scheduled', TODAY))).toBe('agreement_not_draft');
    expect(codeOf(() => startSelling('on_sale', TODAY))).toBe('agreement_not_draft');
  });
});

describe('予約 (schedule)', () => {
  test('a draft is scheduled for a date after today', () => {
    expect(scheduleSale('draft', '2026-04-11', TODAY)).toEqual({
      status: 'scheduled',
      saleStartDate: '2026-04-11',
    });
    expect(scheduleSale('draft', '2027-01-01', TODAY).status).toBe('scheduled');
  });

  test('today or a past date is refused (today is 販売開始)', () => {
    expect(codeOf(() => scheduleSale('draft', TODAY, TODAY))).toBe('sale_start_date_invalid');
    expect(codeOf(() => scheduleSale('draft', '2026-04-09', TODAY))).toBe('sale_start_date_invalid');
    expect(codeOf(() => scheduleSale('draft', '2025-12-31', TODAY))).toBe('sale_start_date_invalid');
  });

  test('the refusal points at the field', () => {
    try {
      scheduleSale('draft', TODAY, TODAY);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainError).errors?.[0]?.path).toBe('/saleStartDate');
    }
  });

  test('only a draft can be scheduled; the status check comes before the date check', () => {
    expect(codeOf(() => scheduleSale('scheduled', '2026-05-01', TODAY))).toBe('agreement_not_draft');
    expect(codeOf(() => scheduleSale('on_sale', '2026-05-01', TODAY))).toBe('agreement_not_draft');
    expect(codeOf(() => scheduleSale('on_sale', '2020-01-01', TODAY))).toBe('agreement_not_draft');
  });

  test('property: a date is accepted exactly when it is after today', () => {
    const day = fc.integer({ min: -800, max: 800 });
    fc.assert(
      fc.property(day, day, (a, b) => {
        const base = Temporal.PlainDate.from('2026-01-01');
        const today = base.add({ days: a }).toString();
        const date = base.add({ days: b }).toString();
        const accepted = codeOf(() => scheduleSale('draft', date, today)) === undefined;
        expect(accepted).toBe(b > a);
      }),
    );
  });
});

describe('the daily job: scheduled -> on sale', () => {
  test('due on its date and after it (a missed day is caught up), not before', () => {
    const scheduled = { status: 'scheduled' as const, saleStartDate: TODAY };
    expect(isDueToStart(scheduled, '2026-04-09')).toBe(false);
    expect(isDueToStart(scheduled, TODAY)).toBe(true);
    expect(isDueToStart(scheduled, '2026-04-12')).toBe(true);
  });

  test('drafts and agreements already on sale are never touched', () => {
    expect(isDueToStart({ status: 'draft', saleStartDate: null }, TODAY)).toBe(false);
    expect(isDueToStart({ status: 'draft', saleStartDate: '2026-01-01' }, TODAY)).toBe(false);
    expect(isDueToStart({ status: 'on_sale', saleStartDate: '2026-01-01' }, TODAY)).toBe(false);
    expect(isDueToStart({ status: 'scheduled', saleStartDate: null }, TODAY)).toBe(false);
  });

  test('property: no transition leads anywhere but the three moves of the seed', () => {
    const status = fc.constantFrom<AgreementStatus>(...AGREEMENT_STATUSES);
    fc.assert(
      fc.property(status, fc.integer({ min: 1, max: 400 }), (from, ahead) => {
        const later = Temporal.PlainDate.from(TODAY).add({ days: ahead }).toString();
        const started = codeOf(() => startSelling(from, TODAY));
        const scheduled = codeOf(() => scheduleSale(from, later, TODAY));
        if (from === 'draft') {
          expect([started, scheduled]).toEqual([undefined, undefined]);
        } else {
          expect([started, scheduled]).toEqual(['agreement_not_draft', 'agreement_not_draft']);
        }
        expect(isDueToStart({ status: from, saleStartDate: later }, TODAY)).toBe(false);
      }),
    );
  });
});

describe('products of an agreement', () => {
  const draftProduct = { id: 'p1', code: 'FIBER-1', status: 'draft' as const };
  const published = { id: 'p2', code: 'MOBILE-1', status: 'published' as const };
  const path = (id: string) => `/productIds/${id}`;

  test('a draft agreement may list draft products', () => {
    expect(() => checkProductsForStatus('draft', [draftProduct, published], path)).not.toThrow();
  });

  test('a scheduled or on-sale agreement lists only published products, each draft one named', () => {
    for (const status of ['scheduled', 'on_sale'] as const) {
      expect(() => checkProductsForStatus(status, [published], path)).not.toThrow();
      try {
        checkProductsForStatus(status, [published, draftProduct], path);
        expect.unreachable();
      } catch (error) {
        expect((error as DomainError).code).toBe('product_not_published');
        expect((error as DomainError).errors).toEqual([
          {
            path: '/productIds/p1',
            message: {
              ja: '商品 FIBER-1 は作成中です。公開してから販売してください。',
              en: 'product FIBER-1 is a draft; publish it before selling it.',
            },
          },
        ]);
      }
    }
  });

  test('at least one product, duplicates listed once', () => {
    expect(codeOf(() => agreementProductIds([]))).toBe('agreement_products_required');
    expect(agreementProductIds(['a', 'b', 'a'])).toEqual(['a', 'b']);
  });
});

describe('what a customer may order', () => {
  test('published products of on-sale agreements, once each', () => {
    const ids = orderableProductIds([
      { agreementStatus: 'on_sale', productId: 'a', productStatus: 'published' },
      { agreementStatus: 'on_sale', productId: 'b', productStatus: 'draft' },
      { agreementStatus: 'draft', productId: 'c', productStatus: 'published' },
      { agreementStatus: 'scheduled', productId: 'd', productStatus: 'published' },
      { agreementStatus: 'on_sale', productId: 'a', productStatus: 'published' },
      { agreementStatus: 'scheduled', productId: 'e', productStatus: 'published' },
      { agreementStatus: 'on_sale', productId: 'e', productStatus: 'published' },
    ]);
    expect([...ids].sort()).toEqual(['a', 'e']);
  });

  test('no agreements, nothing to order', () => {
    expect(orderableProductIds([]).size).toBe(0);
  });
});
