// PostgreSQL's text and jsonb cannot hold the NUL character (U+0000), and jsonb refuses a
// string with an unpaired surrogate (JSON's "\ud800" alone: no character at all); such a
// string would fail in the database (in the audit entry, say) and answer 500. Every
// request's body, query and path are checked before validation and such input is refused
// as a validation error (400).
import { DomainError, type DomainFieldError } from '../domain-error.js';
import type { App } from './types.js';

const NUL = '\u0000';
const NUL_MESSAGE = {
  ja: 'NUL文字 (U+0000) は使用できません。',
  en: 'must not contain the NUL character (U+0000).',
};
const UNPAIRED = {
  ja: '対になっていないサロゲート文字は使用できません。',
  en: 'must not contain an unpaired surrogate character.',
};
const MAX_ERRORS = 10;
/** A high surrogate not followed by a low one, or a low one not after a high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What makes a string unstorable, or null. */
function unstorable(text: string): typeof NUL_MESSAGE | null {
  if (text.includes(NUL)) return NUL_MESSAGE;
  if (UNPAIRED_SURROGATE.test(text)) return UNPAIRED;
  return null;
}

const pointerOf = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1').replaceAll(NUL, '\\u0000');

/** Paths (JSON pointers below `prefix`) of the strings and keys holding a NUL character or an unpaired surrogate. */
export function unstorableStringErrors(value: unknown, prefix: string): DomainFieldError[] {
  const errors: DomainFieldError[] = [];
  const pending: [unknown, string][] = [[value, prefix]];
  while (pending.length > 0 && errors.length < MAX_ERRORS) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'string') {
      const message = unstorable(current);
      if (message) errors.push({ path: path || '/', message });
    } else if (Array.isArray(current)) {
      for (const [index, item] of current.entries()) pending.push([item, `${path}/${index}`]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const at = `${path}/${pointerOf(key)}`;
        const message = unstorable(key);
        if (message) errors.push({ path: at, message });
        pending.push([item, at]);
      }
    }
  }
  return errors;
}

const NOT_FINITE = {
  ja: '有限の数値を入力してください。',
  en: 'must be a finite number.',
};

/** Paths of numbers that are not finite (`?limit=1e309` coerces to Infinity, which passes `maximum`). */
export function nonFiniteNumberErrors(value: unknown, prefix: string): DomainFieldError[] {
  const errors: DomainFieldError[] = [];
  const pending: [unknown, string][] = [[value, prefix]];
  while (pending.length > 0 && errors.length < MAX_ERRORS) {
    const [current, path] = pending.pop()!;
    if (typeof current === 'number') {
      if (!Number.isFinite(current)) errors.push({ path: path || '/', message: NOT_FINITE });
    } else if (Array.isArray(current)) {
      for (const [index, item] of current.entries()) pending.push([item, `${path}/${index}`]);
    } else if (current !== null && typeof current === 'object' && !Buffer.isBuffer(current)) {
      for (const [key, item] of Object.entries(current)) pending.push([item, `${path}/${pointerOf(key)}`]);
    }
  }
  return errors;
}

export function registerInputGuard(app: App): void {
  // After validation (which coerces query strings to numbers), before the handler.
  app.addHook('preHandler', async (request) => {
    const errors = [
      ...nonFiniteNumberErrors(request.params, '/params'),
      ...nonFiniteNumberErrors(request.query, '/querystring'),
    ];
    if (errors.length > 0)
      throw new DomainError('validation_failed', { errors: errors.slice(0, MAX_ERRORS) });
  });
  app.addHook('preValidation', async (request) => {
    const errors = [
      ...unstorableStringErrors(request.params, '/params'),
      ...unstorableStringErrors(request.query, '/querystring'),
      ...unstorableStringErrors(request.body, ''),
    ];
    if (errors.length > 0)
      throw new DomainError('validation_failed', { errors: errors.slice(0, MAX_ERRORS) });
  });
}
