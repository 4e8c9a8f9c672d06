// Labels of custom attributes in the UI language, and stored values as a person reads them.
import type { TFunction } from 'i18next';
import { currentLanguage } from '../i18n';
import type { AttributeFieldDefinition } from './attribute-values';

/** The label in the UI language (English falls back to Japanese). */
export function localLabel(item: { labelJa: string; labelEn?: string | null }): string {
  return currentLanguage() === 'en' && item.labelEn ? item.labelEn : item.labelJa;
}

/** A stored value for reading (option labels, はい/いいえ, dates as written). */
export function formatAttributeValue(
  t: TFunction,
  definition: AttributeFieldDefinition,
  value: unknown,
): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && !value.length)) {
    return '—';
  }
  const optionLabel = (item: unknown) => {
    const option = definition.options.find((candidate) => candidate.value === item);
    return option ? localLabel(option) : String(item);
  };
  switch (definition.type) {
    case 'boolean':
      return value === true ? t('common.yes') : t('common.no');
    case 'select':
      return optionLabel(value);
    case 'multi_select':
      return Array.isArray(value) ? value.map(optionLabel).join('、') : String(value);
    case 'number':
      return typeof value === 'number' ? value.toLocaleString('ja-JP') : String(value);
    default:
      return String(value);
  }
}
