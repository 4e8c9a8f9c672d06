import { describe, expect, test } from 'vitest';
import { type AttributeDefinition, checkAttributeValues } from './attribute-values.rules.js';

const definition = (
  key: string,
  type: AttributeDefinition['type'],
  extra: Partial<AttributeDefinition> = {},
) => ({
  id: key,
  key,
  labelJa: key,
  labelEn: null,
  type,
  required: false,
  options: [
    { value: 'a', labelJa: 'A' },
    { value: 'b', labelJa: 'B' },
  ],
  position: 0,
  ...extra,
});

const all = [
  definition('note', 'text'),
  definition('seats', 'number', { required: true }),
  definition('opened', 'date'),
  definition('vip', 'boolean'),
  definition('plan', 'select'),
  definition('options', 'multi_select'),
];

describe('custom attribute values', () => {
  test('valid values are normalised; empty ones are left out', () => {
    const result = checkAttributeValues(all, {
      note: '  回線メモ  ',
      seats: 3,
      opened: '2026-02-28',
      vip: false,
      plan: 'a',
      options: ['b', 'a', 'b'],
    });
    expect(result.errors).toEqual([]);
    expect(result.values).toEqual({
      note: '回線メモ',
      seats: 3,
      opened: '2026-02-28',
      vip: false,
      plan: 'a',
      options: ['b', 'a'],
    });
    expect(checkAttributeValues(all, { seats: 1, note: '', plan: null, options: [] }).values).toEqual({
      seats: 1,
    });
  });

  test('each type refuses the wrong kind of value, naming the attribute', () => {
    const result = checkAttributeValues(all, {
      note: 5,
      seats: '3',
      opened: '2026-02-30',
      vip: 'yes',
      plan: 'c',
      options: ['a', 'z'],
    });
    expect(result.errors.map((error) => error.path)).toEqual([
      '/attributes/note',
      '/attributes/seats',
      '/attributes/opened',
      '/attributes/vip',
      '/attributes/plan',
      '/attributes/options',
    ]);
  });

  test('required attributes must be set, except when a partial update leaves them alone', () => {
    expect(checkAttributeValues(all, {}).errors).toEqual([
      { path: '/attributes/seats', message: { ja: '必須項目です。', en: 'is required.' } },
    ]);
    expect(checkAttributeValues(all, {}, { partial: true }).errors).toEqual([]);
    expect(checkAttributeValues(all, { seats: null }, { partial: true }).errors).toHaveLength(1);
  });

  test('unknown keys are refused', () => {
    const result = checkAttributeValues(all, { seats: 1, colour: 'red' });
    expect(result.errors).toEqual([
      { path: '/attributes/colour', message: { ja: '不明な属性です。', en: 'is not a defined attribute.' } },
    ]);
  });

  test('text longer than 1000 characters is refused', () => {
    expect(checkAttributeValues(all, { seats: 1, note: 'あ'.repeat(1001) }).errors).toHaveLength(1);
    expect(checkAttributeValues(all, { seats: 1, note: 'あ'.repeat(1000) }).errors).toHaveLength(0);
  });
});
