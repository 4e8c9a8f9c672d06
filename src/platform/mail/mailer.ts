// Outgoing mail. With SMTP_URL set, nodemailer sends it; without, it goes to the dev outbox
// (a table admins read in the app), so password reset works on a fresh install.
import { and, desc, eq, lt } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Database } from '../db/database.js';
import { newId } from '../ids/id.js';
import { type Page, pageOf } from '../pagination.js';
import { mailOutbox } from './schema.js';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  readonly mode: 'smtp' | 'outbox';
  send(tenantId: string, mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(options: {
  database: Database;
  smtpUrl: string | undefined;
  from: string;
}): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      mode: 'smtp',
      async send(_tenantId, mail) {
        await transport.sendMail({ from: options.from, ...mail });
      },
      close: () => transport.close(),
    };
  }
  return {
    mode: 'outbox',
    async send(tenantId, mail) {
      await options.database.inTenant(tenantId, (tx) =>
        tx.insert(mailOutbox).values({
          tenantId,
          id: newId(),
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html ?? null,
        }),
      );
    },
    close: () => {},
  };
}

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: string;
}

export async function listOutbox(
  database: Database,
  tenantId: string,
  query: { limit: number; cursor?: string | undefined },
): Promise<Page<OutboxMail>> {
  return database.inTenant(tenantId, async (tx) => {
    const rows = await tx
      .select()
      .from(mailOutbox)
      .where(
        and(eq(mailOutbox.tenantId, tenantId), query.cursor ? lt(mailOutbox.id, query.cursor) : undefined),
      )
      .orderBy(desc(mailOutbox.id))
      .limit(query.limit + 1);
    return pageOf(rows, query.limit, (row) => ({
      id: row.id,
      to: row.to,
      subject: row.subject,
      text: row.text,
      createdAt: row.createdAt.toISOString(),
    }));
  });
}

/** Dev mail older than 30 days is removed by the cleanup job. */
export async function purgeOldOutbox(database: Database, tenantId: string, now: Date): Promise<number> {
  const limit = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
  const rows = await database.inTenant(tenantId, (tx) =>
    tx
      .delete(mailOutbox)
      .where(and(eq(mailOutbox.tenantId, tenantId), lt(mailOutbox.createdAt, limit)))
      .returning({ id: mailOutbox.id }),
  );
  return rows.length;
}
