// Reading the dev outbox through the API (as an admin would in the app) and following the
// links in the mails.
import type { ApiClient } from './app.js';

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

/** Every mail in the tenant's dev outbox, newest first, following the cursor. */
export async function outbox(admin: ApiClient): Promise<OutboxMail[]> {
  const mails: OutboxMail[] = [];
  let cursor: string | null = null;
  do {
    const response = await admin.get(
      `/api/v1/dev-outbox?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (response.statusCode !== 200) throw new Error(`dev outbox: ${response.statusCode} ${response.body}`);
    const page = response.json() as { items: OutboxMail[]; nextCursor: string | null };
    mails.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return mails;
}

/** The mails sent to one address, newest first. */
export async function mailsTo(admin: ApiClient, to: string): Promise<OutboxMail[]> {
  return (await outbox(admin)).filter((mail) => mail.to === to);
}

/** The password-setting link in a reset or invitation mail. */
export function resetLinkOf(text: string): URL {
  const match = /(https?:\/\/\S+\/reset-password\?token=\S+)/.exec(text);
  if (!match?.[1]) throw new Error(`no reset link in mail:\n${text}`);
  return new URL(match[1]);
}

/** The token of the password-setting link, as the reset page would send it. */
export function resetTokenOf(text: string): string {
  const token = resetLinkOf(text).searchParams.get('token');
  if (!token) throw new Error('reset link without token');
  return token;
}
