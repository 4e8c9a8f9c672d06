// A billing month as a client sends it: a string the request schema lets through, checked
// here so that a value that is no month (`2026-13`, `abc`) answers 422 `billing_month_invalid`
// with the field's path and a message in both languages, before anything is read or written
// (issue 5 "Bad input"). A missing or non-string field stays a 400 of the schema.
import { DomainError } from '../../platform/domain-error.js';
import { isBillingMonth } from './billing-month.rules.js';

export function requireBillingMonth(value: string, path = '/billingMonth'): string {
  if (!isBillingMonth(value)) {
    throw new DomainError('billing_month_invalid', {
      errors: [{ path, message: { ja: 'YYYY-MM形式で指定してください。', en: 'must be YYYY-MM.' } }],
    });
  }
  return value;
}

/** An optional month filter: absent stays absent. */
export function optionalBillingMonth(value: string | undefined, path = '/billingMonth'): string | undefined {
  return value === undefined ? undefined : requireBillingMonth(value, path);
}
