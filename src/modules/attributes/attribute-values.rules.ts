// Custom attribute values checked against their definitions (domain.md §2: "values are
// validated against the definitions on every write"). Empty values (null, '', []) mean
// "not set"; a required attribute must be set; unknown keys are refused.
import { Temporal } from 'temporal-polyfill';
import type { DomainFieldError } from '../../platform/domain-error.js';
import type { AttributeOption, AttributeType } from './schema.js';

export interface AttributeDefinition {
  id: string;
  key: string;
  labelJa: string;
  labelEn: string | null;
  type: AttributeType;
  required: boolean;
  options: AttributeOption[];
  position: number;
}

export const MAX_TEXT_LENGTH = 1000;

export interface AttributeCheck {
  /** The values to store: normalised (trimmed text, unique multi-select values), unset ones left out. */
  values: Record<string, unknown>;
  errors: DomainFieldError[];
}

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    Temporal.PlainDate.from(value, { overflow: 'reject' });
    return true;
  } catch {
    return false;
  }
}

function checkOne(
  definition: AttributeDefinition,
  value: unknown,
): { value?: unknown; error?: DomainFieldError['message'] } {
  const allowed = new Set(definition.options.map((option) => option.value));
  switch (definition.type) {
    case 'text': {
      if (typeof value !== 'string')
        return { error: { ja: '文字列で入力してください。', en: 'must be text.' } };
      const text = value.trim();
      if ([...text].length > MAX_TEXT_LENGTH) {
        return {
          error: {
            ja: `${MAX_TEXT_LENGTH}文字以内で入力してください。`,
            en: `must be at most ${MAX_TEXT_LENGTH} characters.`,
          },
        };
      }
      return { value: text };
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { error: { ja: '数値を入力してください。', en: 'must be a number.' } };
      }
      return { value };
    case 'date':
      if (typeof value !== 'string' || !isDate(value)) {
        return {
          error: { ja: '日付はYYYY-MM-DDの形式で入力してください。', en: 'must be a date (YYYY-MM-DD).' },
        };
      }
      return { value };
    case 'boolean':
      if (typeof value !== 'boolean')
        return { error: { ja: 'はい/いいえで指定してください。', en: 'must be true or false.' } };
      return { value };
    case 'select':
      if (typeof value !== 'string' || !allowed.has(value)) {
        return { error: { ja: '選択肢から選んでください。', en: 'must be one of the options.' } };
      }
      return { value };
    case 'multi_select': {
      if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && allowed.has(item))) {
        return { error: { ja: '選択肢から選んでください。', en: 'must be a list of the options.' } };
      }
      return { value: [...new Set(value as string[])] };
    }
  }
}

/**
 * Checks `input` against the active definitions of one entity. With `partial`, required
 * attributes missing from `input` are not reported (a PATCH that leaves them as they are).
 */
export function checkAttributeValues(
  definitions: readonly AttributeDefinition[],
  input: Record<string, unknown> | undefined,
  options: { partial?: boolean; path?: string } = {},
): AttributeCheck {
  const path = options.path ?? '/attributes';
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const values: Record<string, unknown> = {};
  const errors: DomainFieldError[] = [];
  for (const key of Object.keys(input ?? {})) {
    if (!byKey.has(key)) {
      errors.push({
        path: `${path}/${key}`,
        message: { ja: '不明な属性です。', en: 'is not a defined attribute.' },
      });
    }
  }
  for (const definition of [...definitions].sort((a, b) => a.position - b.position)) {
    const given = input !== undefined && Object.hasOwn(input, definition.key);
    const value = input?.[definition.key];
    if (isEmpty(value)) {
      if (definition.required && (given || !options.partial)) {
        errors.push({
          path: `${path}/${definition.key}`,
          message: { ja: '必須項目です。', en: 'is required.' },
        });
      }
      continue;
    }
    const checked = checkOne(definition, value);
    if (checked.error) errors.push({ path: `${path}/${definition.key}`, message: checked.error });
    else values[definition.key] = checked.value;
  }
  return { values, errors };
}
