// Decisions about a product's terms (domain.md §4, billing.md): fees that fit the charge
// pattern, a free period of a sensible length, a serial number pattern only for carrier
// products and one that compiles.
import safeRegex from 'safe-regex2';
import type { DomainFieldError } from '../../platform/domain-error.js';

export type PricingPattern = 'initial_and_monthly' | 'monthly_only' | 'initial_only';

export interface Pricing {
  pattern: PricingPattern;
  initialFee: number;
  monthlyFee: number;
  quantityLinkedInitialFee: boolean;
  freePeriod: { unit: 'month' | 'day'; length: number };
  /** billing.md (choices) for this product's line items; null or absent: the tenant's setting. */
  firstMonth?: 'full' | 'free' | null;
  quantityBasis?: 'month_end' | 'max_in_month' | null;
}

export const MAX_FEE = 100_000_000;
export const MAX_FREE_PERIOD = { month: 120, day: 3650 } as const;
export const MAX_SERIAL_NUMBER_PATTERN_LENGTH = 200;

const error = (path: string, ja: string, en: string): DomainFieldError => ({ path, message: { ja, en } });

function checkFee(path: string, fee: number): DomainFieldError | null {
  if (!Number.isSafeInteger(fee) || fee < 0 || fee > MAX_FEE) {
    return error(
      path,
      `0以上${MAX_FEE.toLocaleString('ja-JP')}以下の整数(円)で入力してください。`,
      `must be a whole number of yen from 0 to ${MAX_FEE.toLocaleString('en-US')}.`,
    );
  }
  return null;
}

/** What is wrong with the pricing, as field errors under `/pricing` (empty when it is right). */
export function checkPricing(pricing: Pricing): DomainFieldError[] {
  const errors: DomainFieldError[] = [];
  const initial = checkFee('/pricing/initialFee', pricing.initialFee);
  const monthly = checkFee('/pricing/monthlyFee', pricing.monthlyFee);
  if (initial) errors.push(initial);
  else if (pricing.pattern === 'monthly_only' && pricing.initialFee !== 0) {
    errors.push(
      error(
        '/pricing/initialFee',
        '課金パターンが「月額のみ」の商品は初期費用を0円にしてください。',
        'must be 0 for a monthly-only product.',
      ),
    );
  }
  if (monthly) errors.push(monthly);
  else if (pricing.pattern === 'initial_only' && pricing.monthlyFee !== 0) {
    errors.push(
      error(
        '/pricing/monthlyFee',
        '課金パターンが「初期のみ」の商品は月額費用を0円にしてください。',
        'must be 0 for an initial-only product.',
      ),
    );
  }
  const { unit, length } = pricing.freePeriod;
  const max = MAX_FREE_PERIOD[unit];
  if (!Number.isSafeInteger(length) || length < 0 || length > max) {
    errors.push(
      error(
        '/pricing/freePeriod/length',
        unit === 'month'
          ? `無料期間は0〜${max}か月で入力してください。`
          : `無料期間は0〜${max}日で入力してください。`,
        `must be from 0 to ${max} ${unit === 'month' ? 'months' : 'days'}.`,
      ),
    );
  }
  return errors;
}

/**
 * A serial number pattern is for carrier products only and must compile as a JavaScript
 * regular expression (it is matched as written: anchor it, e.g. `^P\d{13}$`).
 */
export function checkSerialNumberPattern(
  fulfilment: 'immediate' | 'carrier',
  pattern: string | null,
): DomainFieldError[] {
  if (pattern === null) return [];
  if (fulfilment !== 'carrier') {
    return [
      error(
        '/serialNumberPattern',
        'シリアルNOのパターンはキャリア商品(取次・開通連絡あり)にのみ設定できます。',
        'can be set for carrier products only.',
      ),
    ];
  }
  try {
    new RegExp(pattern, 'u');
  } catch {
    return [
      error(
        '/serialNumberPattern',
        '正しい正規表現を入力してください(例: ^P\\d{13}$)。',
        'must be a valid regular expression (e.g. ^P\\d{13}$).',
      ),
    ];
  }
  // Patterns run on the server for every completion: a nested repetition such as ^(a+)+$
  // can take exponential time on a crafted serial number and stall every tenant (ReDoS).
  if (!safeRegex(pattern)) {
    return [
      error(
        '/serialNumberPattern',
        '繰り返しを入れ子にした正規表現は使えません(例: (a+)+ は不可。(\\d{3}-)? は (\\d\\d\\d-)? と書いてください)。',
        'must not nest repetitions: (a+)+ is refused; write (\\d{3}-)? as (\\d\\d\\d-)?.',
      ),
    ];
  }
  return [];
}

/** Whether a serial number matches the product's pattern (no pattern: any non-blank one). */
export function serialNumberMatches(pattern: string | null, serialNumber: string): boolean {
  if (serialNumber.trim() === '') return false;
  if (pattern === null) return true;
  return new RegExp(pattern, 'u').test(serialNumber);
}

export type ProductStatus = 'draft' | 'published';

/**
 * 作成中 -> 公開中 is the only move of a product's status (seed: 「このテンプレートを公開しますか?」);
 * a published product stays published (it may still be edited). Null when the move is allowed.
 */
export function publishRefusal(status: ProductStatus): 'product_already_published' | null {
  return status === 'published' ? 'product_already_published' : null;
}
