// Placing an order (新規注文 / 追加注文 / 削減注文 / 解約注文, domain.md §5;
// docs/rules/ordering.md): the order date, what each kind needs, and the one-processing-order
// rule. Pure: the caller loads the products, the on-sale set and the line item, and passes
// today (the tenant's date).
import { DomainError, type DomainFieldError } from '../../platform/domain-error.js';
import { type AttributeDefinition, checkAttributeValues } from '../attributes/index.js';
import type { LineItemStatus, OrderKind } from './order-status.rules.js';
import {
  isBefore,
  isValidQuantity,
  quantityAfterChange,
  quantityError,
  refuseInvalidQuantity,
} from './quantity.rules.js';

/** The most products one new order (one checkout) may hold. */
export const MAX_ORDER_ITEMS = 100;

/** The longest 契約名 (contract name). */
export const MAX_CONTRACT_NAME_LENGTH = 200;

/** Who places the order: staff on behalf of a customer, or the customer's portal user. */
export type Channel = 'staff' | 'portal';

/**
 * The order date: today unless staff back-date it (orders on paper, migration). Never in
 * the future; a portal user's order is always dated today and may not name a date.
 */
export function orderDateOf(requested: string | undefined, today: string, channel: Channel): string {
  if (requested === undefined) return today;
  if (channel === 'portal') {
    throw new DomainError('order_date_not_allowed', {
      errors: [
        {
          path: '/orderedOn',
          message: { ja: '指定できません(本日の日付になります)。', en: 'cannot be set; it is today.' },
        },
      ],
    });
  }
  if (isBefore(today, requested)) {
    throw new DomainError('order_date_in_future', {
      errors: [
        {
          path: '/orderedOn',
          message: {
            ja: `本日(${today})以前の日付を指定してください。`,
            en: `must be ${today} or earlier.`,
          },
        },
      ],
    });
  }
  return requested;
}

// ── new orders ────────────────────────────────────────────────────────────────

export interface RequestedItem {
  productId: string;
  quantity: number;
  attributes?: Record<string, unknown> | undefined;
}

/** What placing needs of a product: it exists (is in the map), is published, and what it asks. */
export interface ProductToOrder {
  status: 'draft' | 'published';
  attributeDefinitions: readonly AttributeDefinition[];
}

export interface CheckedItem {
  productId: string;
  quantity: number;
  /** The attribute values to store (normalised, unset ones left out). */
  attributes: Record<string, unknown>;
}

const PRODUCT_REFUSALS = ['product_not_found', 'product_not_published', 'agreement_not_on_sale'] as const;
type ProductRefusal = (typeof PRODUCT_REFUSALS)[number];

const PRODUCT_MESSAGES: Record<ProductRefusal, DomainFieldError['message']> = {
  product_not_found: { ja: '指定された商品が見つかりません。', en: 'is not a product of this tenant.' },
  product_not_published: { ja: '公開中の商品ではありません。', en: 'is not published.' },
  agreement_not_on_sale: {
    ja: 'この顧客の販売中の基本契約に含まれていない商品です。',
    en: 'is not in an on-sale master agreement of this customer.',
  },
};

/**
 * A new order's items: 1 to MAX_ORDER_ITEMS of them, whole quantities from 1 to
 * MAX_QUANTITY; every product in the tenant, published, and in one of the customer's
 * on-sale agreements; attribute values valid for the product. Every refused item is named
 * (`/items/<i>/...`); when products are refused for several reasons, the code is the first
 * of not found, not published, not on sale. The same product may appear twice (two line
 * items, e.g. two lines each with its own serial number).
 */
export function checkNewOrderItems(
  items: readonly RequestedItem[],
  products: ReadonlyMap<string, ProductToOrder>,
  onSale: ReadonlySet<string>,
): CheckedItem[] {
  if (items.length === 0 || items.length > MAX_ORDER_ITEMS) {
    throw new DomainError('validation_failed', {
      errors: [
        {
          path: '/items',
          message: {
            ja: `商品を1件以上${MAX_ORDER_ITEMS}件以内で指定してください。`,
            en: `must hold 1 to ${MAX_ORDER_ITEMS} products.`,
          },
        },
      ],
    });
  }
  const quantityErrors = items.flatMap((item, index) =>
    isValidQuantity(item.quantity) ? [] : [quantityError(`/items/${index}/quantity`)],
  );
  if (quantityErrors.length > 0) throw new DomainError('validation_failed', { errors: quantityErrors });

  const refusals = items.flatMap((item, index): { code: ProductRefusal; index: number }[] => {
    const product = products.get(item.productId);
    if (!product) return [{ code: 'product_not_found', index }];
    if (product.status !== 'published') return [{ code: 'product_not_published', index }];
    if (!onSale.has(item.productId)) return [{ code: 'agreement_not_on_sale', index }];
    return [];
  });
  const firstCode = PRODUCT_REFUSALS.find((code) => refusals.some((refusal) => refusal.code === code));
  if (firstCode) {
    throw new DomainError(firstCode, {
      errors: refusals.map((refusal) => ({
        path: `/items/${refusal.index}/productId`,
        message: PRODUCT_MESSAGES[refusal.code],
      })),
    });
  }

  const errors: DomainFieldError[] = [];
  const checked = items.map((item, index) => {
    const definitions = products.get(item.productId)?.attributeDefinitions ?? [];
    const result = checkAttributeValues(definitions, item.attributes, { path: `/items/${index}/attributes` });
    errors.push(...result.errors);
    return { productId: item.productId, quantity: item.quantity, attributes: result.values };
  });
  if (errors.length > 0) throw new DomainError('validation_failed', { errors });
  return checked;
}

// ── add / reduce / terminate ──────────────────────────────────────────────────

/** The line item as an add, reduce or terminate order sees it. */
export interface LineItemToChange {
  status: LineItemStatus;
  quantity: number;
  /** Whether it has an order item still processing (注文処理中). */
  hasProcessingOrder: boolean;
}

export type ChangeKind = Exclude<OrderKind, 'new'>;

/**
 * Whether an add, reduce or terminate order may be placed on the line item, and the order
 * item's quantity: add +q (the result at most MAX_QUANTITY), reduce -q keeping at least 1,
 * terminate the whole quantity in use. Refused while the line item has a processing order
 * (checked first: a line item whose new order is still processing is "in progress" rather
 * than "not active"), and unless it is active.
 */
export function checkChangeOrder(
  kind: ChangeKind,
  lineItem: LineItemToChange,
  quantity: number | undefined,
): { quantity: number } {
  if (lineItem.hasProcessingOrder) {
    throw new DomainError('line_item_has_processing_order', {
      errors: [
        {
          path: '/lineItemId',
          message: {
            ja: 'この明細には処理中の注文があります。完了またはキャンセルしてから注文してください。',
            en: 'has an order in progress; complete or cancel it first.',
          },
        },
      ],
    });
  }
  if (lineItem.status !== 'active') {
    throw new DomainError('line_item_not_active', {
      errors: [
        { path: '/lineItemId', message: { ja: '利用中の明細ではありません。', en: 'is not active.' } },
      ],
    });
  }
  if (kind === 'terminate') return { quantity: lineItem.quantity };
  const q = refuseInvalidQuantity(quantity);
  quantityAfterChange(kind, lineItem.quantity, q);
  return { quantity: q };
}
