// Custom attribute values between the API (`attributes: { [key]: value }`) and a form, and
// the checks the server makes on every write (required, type, options), so the person
// sees them under the field before saving. Used by the customer form and the order form.
import type { TFunction } from 'i18next';
import type { AttributeType } from '../api/types';

/** What the form needs of a definition: customer definitions and products' attributes alike. */
export interface AttributeFieldDefinition {
  key: string;
  labelJa: string;
  labelEn: string | null;
  type: AttributeType;
  required: boolean;
  options: { value: string; labelJa: string; labelEn?: string | null }[];
  position: number;
}

/** One value as a form holds it: text and dates as strings, numbers as number or '', ... */
export type AttributeFormValue = string | number | boolean | string[] | null;
export type AttributeFormValues = Record<string, AttributeFormValue>;

export const MAX_ATTRIBUTE_TEXT_LENGTH = 1000;

export function byPosition<T extends { position: number; key: string }>(definitions: readonly T[]): T[] {
  return [...definitions].sort((a, b) => a.position - b.position || a.key.localeCompare(b.key));
}

function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The form values of stored attributes (unset ones empty: '', null, [] or false). */
export function attributeFormValues(
  definitions: readonly AttributeFieldDefinition[],
  stored: Record<string, unknown> | null | undefined = {},
): AttributeFormValues {
  const values: AttributeFormValues = {};
  for (const definition of definitions) {
    const value = stored?.[definition.key];
    switch (definition.type) {
      case 'text':
      case 'date':
        values[definition.key] = typeof value === 'string' ? value : '';
        break;
      case 'number':
        values[definition.key] = typeof value === 'number' ? value : '';
        break;
      case 'boolean':
        values[definition.key] = value === true;
        break;
      case 'select':
        values[definition.key] = typeof value === 'string' ? value : null;
        break;
      case 'multi_select':
        values[definition.key] = Array.isArray(value)
          ? value.filter((item): item is string => typeof item === 'string')
          : [];
        break;
    }
  }
  return values;
}

function isEmpty(value: AttributeFormValue | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * The values to send. Unset values are left out, or sent as null with `unsetAsNull` (a PATCH,
 * where attributes are merged and null removes one).
 */
export function attributeRequestValues(
  definitions: readonly AttributeFieldDefinition[],
  values: AttributeFormValues,
  options: { unsetAsNull?: boolean } = {},
): Record<string, unknown> {
  const request: Record<string, unknown> = {};
  for (const definition of definitions) {
    const value = values[definition.key];
    if (isEmpty(value)) {
      if (options.unsetAsNull) request[definition.key] = null;
      continue;
    }
    switch (definition.type) {
      case 'text':
      case 'date':
        request[definition.key] = String(value).trim();
        break;
      case 'number':
        request[definition.key] = typeof value === 'number' ? value : Number(value);
        break;
      case 'boolean':
        request[definition.key] = value === true;
        break;
      case 'select':
        request[definition.key] = value;
        break;
      case 'multi_select':
        request[definition.key] = [...new Set(value as string[])];
        break;
    }
  }
  return request;
}

/** Field errors as the server would give them, keyed by form path (`attributes.<key>`). */
export function validateAttributeValues(
  t: TFunction,
  definitions: readonly AttributeFieldDefinition[],
  values: AttributeFormValues | undefined,
  path = 'attributes',
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const definition of definitions) {
    const value = values?.[definition.key];
    const field = `${path}.${definition.key}`;
    if (isEmpty(value)) {
      if (definition.required) errors[field] = t('validation.required');
      continue;
    }
    const allowed = new Set(definition.options.map((option) => option.value));
    switch (definition.type) {
      case 'text':
        if ([...String(value).trim()].length > MAX_ATTRIBUTE_TEXT_LENGTH) {
          errors[field] = t('validation.maxLength', { count: MAX_ATTRIBUTE_TEXT_LENGTH });
        }
        break;
      case 'number':
        if (!Number.isFinite(typeof value === 'number' ? value : Number(value))) {
          errors[field] = t('validation.number');
        }
        break;
      case 'date':
        if (!isDate(String(value))) errors[field] = t('validation.date');
        break;
      case 'select':
        if (typeof value !== 'string' || !allowed.has(value)) errors[field] = t('validation.option');
        break;
      case 'multi_select':
        if (!Array.isArray(value) || !value.every((item) => allowed.has(item))) {
          errors[field] = t('validation.option');
        }
        break;
      case 'boolean':
        break;
    }
  }
  return errors;
}
