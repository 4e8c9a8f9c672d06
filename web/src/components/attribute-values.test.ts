import type { TFunction } from 'i18next';
import { describe, expect, test } from 'vitest';
import {
  type AttributeFieldDefinition,
  attributeFormValues,
  attributeRequestValues,
  validateAttributeValues,
} from './attribute-values';

const t = ((key: string) => key) as unknown as TFunction;

const definition = (
  key: string,
  type: AttributeFieldDefinition['type'],
  extra: Partial<AttributeFieldDefinition> = {},
): AttributeFieldDefinition => ({
  key,
  labelJa: key,
  labelEn: null,
  type,
  required: false,
  options: [],
  position: 0,
  ...extra,
});

const options = [
  { value: 'a', labelJa: 'エー' },
  { value: 'b', labelJa: 'ビー' },
];
const definitions = [
  definition('memo', 'text', { required: true }),
  definition('seats', 'number'),
  definition('since', 'date'),
  definition('vip', 'boolean'),
  definition('plan', 'select', { options }),
  definition('tags', 'multi_select', { options }),
];

describe('custom attribute values in a form', () => {
  test('stored values become form values; unset ones are empty', () => {
    expect(attributeFormValues(definitions, { memo: 'x', seats: 3, tags: ['a'], unknown: 1 })).toEqual({
      memo: 'x',
      seats: 3,
      since: '',
      vip: false,
      plan: null,
      tags: ['a'],
    });
  });

  test('a request leaves unset values out, or sends null for a PATCH', () => {
    const values = attributeFormValues(definitions, { memo: '  hello ', seats: 2 });
    expect(attributeRequestValues(definitions, values)).toEqual({ memo: 'hello', seats: 2, vip: false });
    expect(attributeRequestValues(definitions, { ...values, memo: '' }, { unsetAsNull: true })).toEqual({
      memo: null,
      seats: 2,
      since: null,
      vip: false,
      plan: null,
      tags: null,
    });
  });

  test('checks required, dates and options as the server does', () => {
    const values = { ...attributeFormValues(definitions), since: '2026-02-30', plan: 'z', tags: ['a', 'q'] };
    expect(validateAttributeValues(t, definitions, values)).toEqual({
      'attributes.memo': 'validation.required',
      'attributes.since': 'validation.date',
      'attributes.plan': 'validation.option',
      'attributes.tags': 'validation.option',
    });
    expect(
      validateAttributeValues(t, definitions, {
        ...values,
        memo: 'ok',
        since: '2026-02-28',
        plan: 'b',
        tags: [],
      }),
    ).toEqual({});
  });
});
