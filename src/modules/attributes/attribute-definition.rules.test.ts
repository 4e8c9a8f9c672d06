import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  checkOptions,
  generateKey,
  KEY_PATTERN,
  normaliseOptions,
  slugOf,
} from './attribute-definition.rules.js';

describe('attribute keys', () => {
  test('a slug of the English label, else the Japanese one, else attr_<n>', () => {
    expect(generateKey({ labelEn: 'Contract holder', labelJa: '契約者' }, new Set())).toBe('contract_holder');
    expect(generateKey({ labelEn: null, labelJa: 'ＳＩＭ番号' }, new Set())).toBe('sim');
    expect(generateKey({ labelJa: '設置場所' }, new Set(['a', 'b']))).toBe('attr_3');
    expect(generateKey({ labelJa: '設置場所' }, new Set(['attr_3', 'x']))).toBe('attr_4');
    expect(generateKey({ labelEn: '2nd line', labelJa: '二回線目' }, new Set())).toBe('attr_1');
  });

  test('a taken slug gets a number', () => {
    expect(generateKey({ labelEn: 'Plan', labelJa: 'プラン' }, new Set(['plan']))).toBe('plan_2');
    expect(generateKey({ labelEn: 'Plan', labelJa: 'プラン' }, new Set(['plan', 'plan_2']))).toBe('plan_3');
  });

  test('slugs', () => {
    expect(slugOf('  Install -- Address!  ')).toBe('install_address');
    expect(slugOf('回線')).toBeNull();
    expect(slugOf('')).toBeNull();
    expect(slugOf('x'.repeat(100))).toHaveLength(59);
  });

  test('property: a generated key matches the key pattern and is not taken', () => {
    const pattern = new RegExp(KEY_PATTERN);
    fc.assert(
      fc.property(
        fc.option(fc.string({ maxLength: 80 })),
        fc.string({ maxLength: 80 }),
        fc.uniqueArray(fc.constantFrom('plan', 'plan_2', 'attr_1', 'attr_2', 'attr_3', 'a', 'x'), {
          maxLength: 7,
        }),
        (labelEn, labelJa, taken) => {
          const key = generateKey({ labelEn, labelJa }, new Set(taken));
          expect(key).toMatch(pattern);
          expect(taken).not.toContain(key);
        },
      ),
    );
  });
});

describe('attribute options', () => {
  const option = (value: string, labelJa = value) => ({ value, labelJa });

  test('select types need at least one option with unique, non-blank values', () => {
    expect(checkOptions('select', [option('a'), option('b')])).toEqual([]);
    expect(checkOptions('multi_select', []).map((e) => e.path)).toEqual(['/options']);
    expect(
      checkOptions('select', [option('a'), option(' a '), option(' ', 'x'), option('c', ' ')]).map(
        (e) => e.path,
      ),
    ).toEqual(['/options/1/value', '/options/2/value', '/options/3/labelJa']);
  });

  test('other types take no options', () => {
    expect(checkOptions('text', [])).toEqual([]);
    expect(checkOptions('number', [option('a')]).map((e) => e.path)).toEqual(['/options']);
  });

  test('options are trimmed, blank English labels become null', () => {
    expect(normaliseOptions([{ value: ' a ', labelJa: ' あ ', labelEn: ' ' }])).toEqual([
      { value: 'a', labelJa: 'あ', labelEn: null },
    ]);
  });
});
