// The cart of a new order (新規注文): the products put in with their quantities and
// attribute values, the contract name and (staff) the order date. Kept in sessionStorage per
// customer, so a reload or a detour through another page does not lose it; emptied when the
// order is placed.
import { useCallback, useEffect, useState } from 'react';
import type { AttributeFormValues } from '../../components/attribute-values';
import type { OrderableProduct } from './ordering-types';

export interface CartItem {
  /** Identifies the line in the cart (the same product may be bought twice). */
  key: string;
  productId: string;
  quantity: number;
  attributes: AttributeFormValues;
}

export interface Cart {
  items: CartItem[];
  contractName: string;
  /** Staff only: the order date, when back-dated (else today). */
  orderedOn: string;
}

export const emptyCart: Cart = { items: [], contractName: '', orderedOn: '' };

const storageKey = (customerId: string) => `keiyaku.cart.${customerId}`;

function readCart(customerId: string): Cart {
  try {
    const stored = sessionStorage.getItem(storageKey(customerId));
    if (!stored) return emptyCart;
    const parsed = JSON.parse(stored) as Partial<Cart>;
    return {
      items: Array.isArray(parsed.items)
        ? parsed.items.filter(
            (item): item is CartItem =>
              !!item &&
              typeof item.key === 'string' &&
              typeof item.productId === 'string' &&
              typeof item.quantity === 'number',
          )
        : [],
      contractName: typeof parsed.contractName === 'string' ? parsed.contractName : '',
      orderedOn: typeof parsed.orderedOn === 'string' ? parsed.orderedOn : '',
    };
  } catch {
    return emptyCart;
  }
}

function writeCart(customerId: string, cart: Cart): void {
  try {
    if (cart.items.length === 0 && !cart.contractName && !cart.orderedOn) {
      sessionStorage.removeItem(storageKey(customerId));
    } else {
      sessionStorage.setItem(storageKey(customerId), JSON.stringify(cart));
    }
  } catch {
    // Without storage the cart lasts as long as the page.
  }
}

/** A key for a cart line or an Idempotency-Key (crypto.randomUUID needs a secure context). */
export function randomKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    try {
      return crypto.randomUUID();
    } catch {
      // Not a secure context: fall through.
    }
  }
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}

export function useCart(customerId: string) {
  const [cart, setCart] = useState<Cart>(() => readCart(customerId));
  useEffect(() => writeCart(customerId, cart), [customerId, cart]);
  const update = useCallback((change: (cart: Cart) => Cart) => setCart((current) => change(current)), []);
  const clear = useCallback(() => setCart(emptyCart), []);
  return { cart, update, clear };
}

export type UseCart = ReturnType<typeof useCart>;

const hasInitial = (product: OrderableProduct) => product.pricing.pattern !== 'monthly_only';
const hasMonthly = (product: OrderableProduct) => product.pricing.pattern !== 'initial_only';

/** 初期費用 of one cart line: x quantity when quantity-linked, else once (billing.md rule 5). */
export function initialAmount(product: OrderableProduct, quantity: number): number | null {
  if (!hasInitial(product)) return null;
  return product.pricing.initialFee * (product.pricing.quantityLinkedInitialFee ? quantity : 1);
}

/** 月額費用 of one cart line: monthly fee x quantity. */
export function monthlyAmount(product: OrderableProduct, quantity: number): number | null {
  if (!hasMonthly(product)) return null;
  return product.pricing.monthlyFee * quantity;
}

export const MAX_QUANTITY = 100_000;

export function isValidQuantity(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_QUANTITY;
}
