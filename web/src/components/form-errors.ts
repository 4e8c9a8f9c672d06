// Shows the field messages of a validation problem under the form fields they name.
import type { UseFormReturnType } from '@mantine/form';
import { ApiError } from '../api/client';
import i18n from '../i18n';
import { errorMessage } from './notify';

/** `/body/email`, `body.email` and `/email` all name the field `email`. */
function fieldName(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\//g, '.');
}

/**
 * Puts the problem's field errors on the form; returns whether any field matched (else the
 * caller shows the problem as a notification). `codeFields` names the field that a business
 * rule refusal is about (e.g. `email_taken` -> `email`), so its message shows under it.
 */
export function applyFieldErrors<Values>(
  form: UseFormReturnType<Values>,
  error: unknown,
  codeFields: Record<string, string> = {},
): boolean {
  if (!(error instanceof ApiError)) return false;
  const codeField = codeFields[error.code];
  if (codeField) {
    form.setFieldError(codeField as never, errorMessage(i18n.t, error));
    return true;
  }
  if (error.errors.length === 0) return false;
  const known = new Set(Object.keys(form.getValues() as object));
  const fieldErrors: Record<string, string> = {};
  for (const item of error.errors) {
    const name = fieldName(item.path);
    const top = name.split('.')[0] ?? name;
    if (known.has(top)) fieldErrors[name] = item.message;
  }
  if (Object.keys(fieldErrors).length === 0) return false;
  form.setErrors(fieldErrors);
  return true;
}
