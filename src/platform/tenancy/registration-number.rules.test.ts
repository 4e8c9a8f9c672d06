import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isValidRegistrationNumber } from './registration-number.rules.js';

function withCheckDigit(base12: string): string {
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base12[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `T${9 - (sum % 9)}${base12}`;
}

describe('適格請求書発行事業者登録番号', () => {
  test('accepts real corporate numbers with T (国税庁 7000012050002)', () => {
    expect(isValidRegistrationNumber('T7000012050002')).toBe(true);
    expect(isValidRegistrationNumber('T7123456789012')).toBe(true);
  });

  test('refuses a wrong check digit', () => {
    expect(isValidRegistrationNumber('T1000012050002')).toBe(false);
    expect(isValidRegistrationNumber('T1234567890123')).toBe(false);
  });

  test('refuses other shapes', () => {
    for (const value of [
      '7000012050002',
      't7000012050002',
      'T700001205000',
      'T70000120500021',
      'T7000012O50002',
      '',
      'T',
    ]) {
      expect(isValidRegistrationNumber(value)).toBe(false);
    }
  });

  test('property: exactly one check digit is valid for every 12-digit base', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{12}$/), (base) => {
        const valid = withCheckDigit(base);
        expect(isValidRegistrationNumber(valid)).toBe(true);
        const others = [...'0123456789'].filter((d) => `T${d}${base}` !== valid);
        for (const digit of others) expect(isValidRegistrationNumber(`T${digit}${base}`)).toBe(false);
      }),
    );
  });
});
