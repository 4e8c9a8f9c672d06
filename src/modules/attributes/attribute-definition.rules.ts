// Decisions about attribute definitions themselves (not their values): the key a new
// definition gets, and whether its options fit its type.
import type { DomainFieldError } from '../../platform/domain-error.js';
import type { AttributeOption, AttributeType } from './schema.js';

/** A key is what a value is stored under: lower-case ASCII, digits and `_`, a letter first. */
export const KEY_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
export const MAX_KEY_LENGTH = 63;
export const MAX_OPTIONS = 200;

const SELECT_TYPES: readonly AttributeType[] = ['select', 'multi_select'];
export const hasOptions = (type: AttributeType) => SELECT_TYPES.includes(type);

/**
 * The key slug of a label: ASCII letters and digits lower-cased, other runs as `_`; null
 * when nothing usable remains (a Japanese-only label) or it would not start with a letter.
 */
export function slugOf(label: string | null | undefined): string | null {
  if (!label) return null;
  const slug = label
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, MAX_KEY_LENGTH - 4)
    .replace(/_+$/, '');
  return /^[a-z]/.test(slug) ? slug : null;
}

/**
 * The key of a definition created without one: the slug of its English label, else of its
 * Japanese label, else `attr_<n>` (n = one more than the definitions of the entity); a
 * taken slug gets `_2`, `_3`... Keys are unique per tenant and entity.
 */
export function generateKey(
  labels: { labelEn?: string | null; labelJa: string },
  takenKeys: ReadonlySet<string>,
): string {
  const base = slugOf(labels.labelEn) ?? slugOf(labels.labelJa);
  if (base) {
    if (!takenKeys.has(base)) return base;
    for (let n = 2; ; n++) {
      const candidate = `${base}_${n}`;
      if (!takenKeys.has(candidate)) return candidate;
    }
  }
  for (let n = takenKeys.size + 1; ; n++) {
    const candidate = `attr_${n}`;
    if (!takenKeys.has(candidate)) return candidate;
  }
}

const optionError = (path: string, ja: string, en: string): DomainFieldError => ({
  path,
  message: { ja, en },
});

/**
 * Options are required (at least one) for select and multi select, with unique, non-blank
 * values and a Japanese label; other types take none.
 */
export function checkOptions(type: AttributeType, options: readonly AttributeOption[]): DomainFieldError[] {
  if (!hasOptions(type)) {
    return options.length > 0
      ? [
          optionError(
            '/options',
            '選択肢は単一選択・複数選択の属性にのみ設定できます。',
            'only select and multi select attributes take options.',
          ),
        ]
      : [];
  }
  if (options.length === 0) {
    return [optionError('/options', '選択肢を1つ以上設定してください。', 'needs at least one option.')];
  }
  const errors: DomainFieldError[] = [];
  const seen = new Set<string>();
  options.forEach((option, index) => {
    const value = option.value.trim();
    if (value === '') {
      errors.push(optionError(`/options/${index}/value`, '値を入力してください。', 'must not be blank.'));
    } else if (seen.has(value)) {
      errors.push(
        optionError(`/options/${index}/value`, 'この値は既に使われています。', 'is used by another option.'),
      );
    }
    seen.add(value);
    if (option.labelJa.trim() === '') {
      errors.push(
        optionError(`/options/${index}/labelJa`, '表示名を入力してください。', 'must not be blank.'),
      );
    }
  });
  return errors;
}

/** Options as stored: trimmed, an empty English label as null. */
export function normaliseOptions(options: readonly AttributeOption[]): AttributeOption[] {
  return options.map((option) => ({
    value: option.value.trim(),
    labelJa: option.labelJa.trim(),
    labelEn: option.labelEn?.trim() || null,
  }));
}
