// The life of a master agreement (基本契約, domain.md §4; docs/rules/agreements.md):
// draft (作成中) -> on_sale (販売中) by 販売開始 today, or draft -> scheduled (販売予定) by 予約
// with a later date, which the daily job turns on_sale when the date arrives. Only a draft
// changes status by hand. `today` is the tenant's date (YYYY-MM-DD), passed in.
import { Temporal } from 'temporal-polyfill';
import { DomainError } from '../../platform/domain-error.js';

export const AGREEMENT_STATUSES = ['draft', 'scheduled', 'on_sale'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export type ProductStatus = 'draft' | 'published';

export interface StatusChange {
  status: AgreementStatus;
  saleStartDate: string;
}

const compareDates = (a: string, b: string) =>
  Temporal.PlainDate.compare(Temporal.PlainDate.from(a), Temporal.PlainDate.from(b));

/** 販売開始: a draft goes on sale with today as its sale start date. */
export function startSelling(current: AgreementStatus, today: string): StatusChange {
  if (current !== 'draft') throw new DomainError('agreement_not_draft');
  return { status: 'on_sale', saleStartDate: today };
}

/** 予約: a draft waits for a sale start date after today (today itself is 販売開始). */
export function scheduleSale(current: AgreementStatus, saleStartDate: string, today: string): StatusChange {
  if (current !== 'draft') throw new DomainError('agreement_not_draft');
  if (compareDates(saleStartDate, today) <= 0) {
    throw new DomainError('sale_start_date_invalid', {
      errors: [
        {
          path: '/saleStartDate',
          message: {
            ja: '明日以降の日付を指定してください。本日から販売する場合は「販売開始」を使ってください。',
            en: 'must be after today; use start selling to sell from today.',
          },
        },
      ],
    });
  }
  return { status: 'scheduled', saleStartDate };
}

/**
 * Whether the daily job puts this agreement on sale: scheduled, and its date has come (a
 * date already past counts too, so a day the job did not run is caught up).
 */
export function isDueToStart(
  agreement: { status: AgreementStatus; saleStartDate: string | null },
  today: string,
): boolean {
  return (
    agreement.status === 'scheduled' &&
    agreement.saleStartDate !== null &&
    compareDates(agreement.saleStartDate, today) <= 0
  );
}

/**
 * Products an agreement may hold in a status: a draft may list draft (作成中) products, to
 * be published before it goes on sale; a scheduled or on-sale agreement only published
 * ones. `checked` are the products to verify (all of them when the status changes, the
 * added ones on an edit). Throws `product_not_published` naming each offending product.
 */
export function checkProductsForStatus(
  status: AgreementStatus,
  checked: readonly { id: string; code: string; status: ProductStatus }[],
  pathOf: (productId: string) => string,
): void {
  if (status === 'draft') return;
  const unpublished = checked.filter((product) => product.status !== 'published');
  if (unpublished.length === 0) return;
  throw new DomainError('product_not_published', {
    errors: unpublished.map((product) => ({
      path: pathOf(product.id),
      message: {
        ja: `商品 ${product.code} は作成中です。公開してから販売してください。`,
        en: `product ${product.code} is a draft; publish it before selling it.`,
      },
    })),
  });
}

/** The product ids of an agreement after an edit: at least one, each once. */
export function agreementProductIds(productIds: readonly string[]): string[] {
  const unique = [...new Set(productIds)];
  if (unique.length === 0) {
    throw new DomainError('agreement_products_required', {
      errors: [
        {
          path: '/productIds',
          message: { ja: '商品を1つ以上選択してください。', en: 'select at least one product.' },
        },
      ],
    });
  }
  return unique;
}

/** What a customer may order: the published products of its on-sale agreements, once each. */
export function orderableProductIds(
  rows: readonly { agreementStatus: AgreementStatus; productId: string; productStatus: ProductStatus }[],
): Set<string> {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.agreementStatus === 'on_sale' && row.productStatus === 'published') ids.add(row.productId);
  }
  return ids;
}
