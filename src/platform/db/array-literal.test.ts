import { describe, expect, test } from 'vitest';
import { plainArrayLiteral } from './array-literal.js';

describe('plainArrayLiteral', () => {
  test('joins ids, numbers, months and NULLs into one literal', () => {
    expect(
      plainArrayLiteral(['0195f13a-b46e-739b-9ef5-9da15617aeac', null, '2026-11', 'monthly', 1200, -5, 0]),
    ).toBe('{0195f13a-b46e-739b-9ef5-9da15617aeac,NULL,2026-11,monthly,1200,-5,0}');
    expect(plainArrayLiteral([])).toBe('{}');
    expect(plainArrayLiteral([null])).toBe('{NULL}');
  });
  test.each([
    ['a comma', 'a,b'],
    ['a brace', 'a}'],
    ['a quote', 'say "hi"'],
    ['a backslash', 'a\\b'],
    ['a space', 'a b'],
    ['a tab', 'a\tb'],
    ['an empty string', ''],
    ['the word NULL', 'null'],
  ])('refuses a value with %s (it would change the elements)', (_, value) => {
    expect(() => plainArrayLiteral(['ok', value])).toThrow(/needs quoting/);
  });
  test('refuses numbers PostgreSQL would not read back', () => {
    expect(() => plainArrayLiteral([Number.NaN])).toThrow(/finite/);
    expect(() => plainArrayLiteral([Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });
});
