// What a customer record must satisfy (domain.md §2): address with a valid postal code and
// one of the 47 prefectures, a phone number of 10 or 11 digits, a sell-to address for a
// sales account, custom attribute values per the tenant's definitions. Pure: data in,
// normalised values or field errors out.

import type { DomainFieldError } from '../../platform/domain-error.js';
import { type AttributeDefinition, checkAttributeValues } from '../attributes/index.js';
import { phoneDigitsOf } from './name-folding.rules.js';

/** The 47 prefectures (都道府県) in JIS X 0401 order. */
export const PREFECTURES = [
  '北海道',
  '青森県',
  '岩手県',
  '宮城県',
  '秋田県',
  '山形県',
  '福島県',
  '茨城県',
  '栃木県',
  '群馬県',
  '埼玉県',
  '千葉県',
  '東京都',
  '神奈川県',
  '新潟県',
  '富山県',
  '石川県',
  '福井県',
  '山梨県',
  '長野県',
  '岐阜県',
  '静岡県',
  '愛知県',
  '三重県',
  '滋賀県',
  '京都府',
  '大阪府',
  '兵庫県',
  '奈良県',
  '和歌山県',
  '鳥取県',
  '島根県',
  '岡山県',
  '広島県',
  '山口県',
  '徳島県',
  '香川県',
  '愛媛県',
  '高知県',
  '福岡県',
  '佐賀県',
  '長崎県',
  '熊本県',
  '大分県',
  '宮崎県',
  '鹿児島県',
  '沖縄県',
] as const;
export type Prefecture = (typeof PREFECTURES)[number];

export const isPrefecture = (value: string): value is Prefecture =>
  (PREFECTURES as readonly string[]).includes(value);

export const CUSTOMER_KINDS = ['organization', 'person'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export const LIFECYCLES = ['prospect', 'account'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface Address {
  postalCode: string;
  prefecture: string;
  city: string;
  line1: string;
  line2: string | null;
}

export interface AddressInput {
  postalCode: string;
  prefecture: string;
  city: string;
  line1: string;
  line2?: string | null | undefined;
}

/** Dashes people type in numbers (長音符 ー from a Japanese IME, en dash, minus ...) read as '-'. */
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70]/gu;

const normalizeText = (value: string) => value.normalize('NFKC').replace(DASHES, '-').trim();

/** '1234567', '123-4567', '１２３－４５６７' -> '123-4567'; null when it is no postal code. */
export function normalizePostalCode(value: string): string | null {
  const match = /^(\d{3})-?(\d{4})$/.exec(normalizeText(value));
  return match ? `${match[1]}-${match[2]}` : null;
}

export interface Checked<T> {
  value: T;
  errors: DomainFieldError[];
}

export function checkAddress(input: AddressInput, path = '/address'): Checked<Address> {
  const errors: DomainFieldError[] = [];
  const postalCode = normalizePostalCode(input.postalCode);
  if (!postalCode) {
    errors.push({
      path: `${path}/postalCode`,
      message: {
        ja: '郵便番号は「123-4567」の形式(7桁の数字)で入力してください。',
        en: 'must be a postal code of 7 digits (123-4567).',
      },
    });
  }
  const prefecture = input.prefecture.normalize('NFKC').trim();
  if (!isPrefecture(prefecture)) {
    errors.push({
      path: `${path}/prefecture`,
      message: { ja: '都道府県を選択してください。', en: 'must be one of the 47 prefectures.' },
    });
  }
  const city = input.city.trim();
  const line1 = input.line1.trim();
  const required = { ja: '必須項目です。', en: 'is required.' };
  if (city === '') errors.push({ path: `${path}/city`, message: required });
  if (line1 === '') errors.push({ path: `${path}/line1`, message: required });
  const line2 = input.line2?.trim() || null;
  return { value: { postalCode: postalCode ?? input.postalCode, prefecture, city, line1, line2 }, errors };
}

/** The phone as stored (NFKC, dashes unified) and its digits; 10 or 11 digits (landline, mobile). */
export function checkPhone(input: string, path = '/phone'): Checked<{ phone: string; digits: string }> {
  const phone = normalizeText(input);
  const digits = phoneDigitsOf(phone);
  const errors: DomainFieldError[] = [];
  if (!/^[0-9+\-() ]+$/.test(phone) || digits.length < 10 || digits.length > 11) {
    errors.push({
      path,
      message: {
        ja: '電話番号は10桁または11桁の数字で入力してください(例: 03-1234-5678)。',
        en: 'must be a phone number of 10 or 11 digits (e.g. 03-1234-5678).',
      },
    });
  }
  return { value: { phone, digits }, errors };
}

/** A sales account (販売アカウント) needs its sell-to address; a prospect does not. */
export function needsSellToAddress(lifecycle: Lifecycle, address: Address | null): boolean {
  return lifecycle === 'account' && address === null;
}

/**
 * The attribute values to store after a write: `change` merged over `stored` (null or ''
 * unsets a value), checked against the active definitions. Required attributes are required
 * of sales accounts only (a prospect is qualified when it becomes an account, domain.md §2).
 * Stored values of retired definitions are kept as they are.
 */
export function attributesAfterChange(
  definitions: readonly AttributeDefinition[],
  stored: Record<string, unknown>,
  change: Record<string, unknown> | undefined,
  lifecycle: Lifecycle,
): Checked<Record<string, unknown>> {
  const active = new Set(definitions.map((definition) => definition.key));
  const entries = Object.entries(stored);
  const retained = Object.fromEntries(entries.filter(([key]) => !active.has(key)));
  // Spread, not Object.assign: a key such as "__proto__" stays a plain (refused) key.
  const merged = { ...Object.fromEntries(entries.filter(([key]) => active.has(key))), ...change };
  // A key of a retired definition given again is not known any more: checked (and refused) below.
  for (const key of Object.keys(change ?? {})) delete retained[key];
  const asked =
    lifecycle === 'account'
      ? definitions
      : definitions.map((definition) => ({ ...definition, required: false }));
  const checked = checkAttributeValues(asked, merged);
  return { value: { ...retained, ...checked.values }, errors: checked.errors };
}
