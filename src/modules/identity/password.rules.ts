// Password policy: long enough to resist guessing, never the email itself.
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export function isAcceptablePassword(password: string, email: string): boolean {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) return false;
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) return false;
  return true;
}

/** Emails are compared case-insensitively and stored lowercased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
