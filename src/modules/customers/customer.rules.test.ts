import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AttributeDefinition } from '../attributes/index.js';
import {
  attributesAfterChange,
  checkAddress,
  checkPhone,
  isPrefecture,
  needsSellToAddress,
  normalizePostalCode,
  PREFECTURES,
} from './customer.rules.js';

describe('prefectures', () => {
  test('are the 47, from 北海道 to 沖縄県, each once', () => {
    expect(PREFECTURES).toHaveLength(47);
    expect(new Set(PREFECTURES).size).toBe(47);
    expect(PREFECTURES[0]).toBe('北海道');
    expect(PREFECTURES[12]).toBe('東京都');
    expect(PREFECTURES[46]).toBe('沖縄県');
    expect(PREFECTURES.filter((p) => p.endsWith('府'))).toEqual(['京都府', '大阪府']);
  });

  test('only a full prefecture name is one', () => {
    expect(isPrefecture('東京都')).toBe(true);
    expect(isPrefecture('東京')).toBe(false);
    expect(isPrefecture('Tokyo')).toBe(false);
  });
});

describe('postal code', () => {
  test.each([
    ['123-4567', '123-4567'],
    ['1234567', '123-4567'],
    [' 100-0001 ', '100-0001'],
    ['１２３－４５６７', '123-4567'],
    ['１２３ー４５６７', '123-4567'],
    ['123-456', null],
    ['12-34567', null],
    ['123-45678', null],
    ['abc-defg', null],
    ['', null],
  ])('%s -> %s', (input, expected) => {
    expect(normalizePostalCode(input)).toBe(expected);
  });

  test('any 7 digits, with or without the hyphen, store as 123-4567', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{7}$/), fc.boolean(), (digits, hyphen) => {
        const input = hyphen ? `${digits.slice(0, 3)}-${digits.slice(3)}` : digits;
        expect(normalizePostalCode(input)).toBe(`${digits.slice(0, 3)}-${digits.slice(3)}`);
      }),
    );
  });
});

describe('address', () => {
  test('a complete address is normalised', () => {
    expect(
      checkAddress({
        postalCode: '1000001',
        prefecture: '東京都',
        city: ' 千代田区 ',
        line1: '千代田1-1',
        line2: '',
      }),
    ).toEqual({
      value: {
        postalCode: '100-0001',
        prefecture: '東京都',
        city: '千代田区',
        line1: '千代田1-1',
        line2: null,
      },
      errors: [],
    });
  });

  test('each wrong part is reported at its path', () => {
    const { errors } = checkAddress({ postalCode: '100', prefecture: '東京', city: ' ', line1: '' });
    expect(errors.map((error) => error.path)).toEqual([
      '/address/postalCode',
      '/address/prefecture',
      '/address/city',
      '/address/line1',
    ]);
  });
});

describe('phone', () => {
  test.each([
    ['03-1234-5678', '03-1234-5678', '0312345678'],
    ['090-1234-5678', '090-1234-5678', '09012345678'],
    ['０３－１２３４－５６７８', '03-1234-5678', '0312345678'],
    ['03ー1234ー5678', '03-1234-5678', '0312345678'],
    ['(03) 1234 5678', '(03) 1234 5678', '0312345678'],
  ])('%s is accepted as %s', (input, phone, digits) => {
    expect(checkPhone(input)).toEqual({ value: { phone, digits }, errors: [] });
  });

  test.each(['03-1234-567', '090-1234-56789', '03-1234-5678 内線12', 'abc', ''])('%s is refused', (input) => {
    expect(checkPhone(input).errors.map((error) => error.path)).toEqual(['/phone']);
  });
});

describe('sell-to address', () => {
  const address = {
    postalCode: '100-0001',
    prefecture: '東京都',
    city: '千代田区',
    line1: '1-1',
    line2: null,
  };
  test('a sales account needs one, a prospect does not', () => {
    expect(needsSellToAddress('account', null)).toBe(true);
    expect(needsSellToAddress('account', address)).toBe(false);
    expect(needsSellToAddress('prospect', null)).toBe(false);
  });
});

describe('attributes after a change', () => {
  const definition = (key: string, overrides: Partial<AttributeDefinition> = {}): AttributeDefinition => ({
    id: key,
    key,
    labelJa: key,
    labelEn: null,
    type: 'text',
    required: false,
    options: [],
    position: 0,
    ...overrides,
  });
  const definitions = [definition('region', { required: true }), definition('employees', { type: 'number' })];

  test('a change is merged over the stored values', () => {
    expect(
      attributesAfterChange(definitions, { region: '関東', employees: 10 }, { employees: 20 }, 'account'),
    ).toEqual({ value: { region: '関東', employees: 20 }, errors: [] });
  });

  test('null unsets a value; a required one of a sales account cannot be unset', () => {
    expect(
      attributesAfterChange(definitions, { region: '関東', employees: 10 }, { employees: null }, 'account'),
    ).toEqual({ value: { region: '関東' }, errors: [] });
    expect(
      attributesAfterChange(definitions, { region: '関東' }, { region: null }, 'account').errors,
    ).toEqual([{ path: '/attributes/region', message: { ja: '必須項目です。', en: 'is required.' } }]);
  });

  test('required attributes are required of sales accounts only', () => {
    expect(attributesAfterChange(definitions, {}, {}, 'account').errors.map((e) => e.path)).toEqual([
      '/attributes/region',
    ]);
    expect(attributesAfterChange(definitions, {}, {}, 'prospect')).toEqual({ value: {}, errors: [] });
  });

  test('types are checked and unknown keys refused, for prospects too', () => {
    const { errors } = attributesAfterChange(
      definitions,
      {},
      { employees: 'many', color: 'red' },
      'prospect',
    );
    expect(errors.map((e) => e.path).sort()).toEqual(['/attributes/color', '/attributes/employees']);
  });

  test('values of retired definitions are kept, but cannot be written again', () => {
    const stored = { region: '関東', legacy: 'old value' };
    expect(attributesAfterChange(definitions, stored, { employees: 5 }, 'account')).toEqual({
      value: { legacy: 'old value', region: '関東', employees: 5 },
      errors: [],
    });
    expect(
      attributesAfterChange(definitions, stored, { legacy: 'new' }, 'account').errors.map((e) => e.path),
    ).toEqual(['/attributes/legacy']);
  });
});
