// Mail over SMTP (issue 3 item 7): with SMTP_URL set, mail is delivered by nodemailer to the
// SMTP server and the dev outbox stays empty. The server here is an in-process smtp-server
// on a random port that records what it receives.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type ApiClient,
  anonymous,
  createTestApp,
  createTestTenant,
  loginAs,
  type TestApp,
  type TestTenant,
} from '../../test/app.js';
import { resetTokenOf } from '../../test/mail.js';
import { until } from '../../test/poll.js';

interface Received {
  mailFrom: string;
  rcptTo: string[];
  headers: Record<string, string>;
  text: string;
}

const received: Received[] = [];
let smtp: SMTPServer;
let app: TestApp;

/** RFC 2047 encoded words (=?UTF-8?B?...?= and =?UTF-8?Q?...?=) to text. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
    );
}

/** A single-part text message as nodemailer writes it. */
function parseMessage(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  const body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let text: string;
  if (encoding === 'base64') text = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  else if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
    text = Buffer.from(bytes, 'latin1').toString('utf8');
  } else text = body;
  return { headers, text: text.replace(/\r\n/g, '\n') };
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = session.envelope;
        received.push({
          mailFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
          rcptTo: envelope.rcptTo.map((rcpt) => rcpt.address),
          ...parseMessage(Buffer.concat(chunks).toString('latin1')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  app = await createTestApp({
    config: { smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Keiyaku <no-reply@keiyaku.test>' },
  });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

async function setup(): Promise<{ tenant: TestTenant; admin: ApiClient }> {
  const tenant = await createTestTenant(app.database);
  const admin = await loginAs(app, tenant.slug, tenant.adminEmail, tenant.adminPassword);
  return { tenant, admin };
}

const mailTo = (address: string) =>
  until(`a mail to ${address} at the SMTP server`, () =>
    received.find((mail) => mail.rcptTo.includes(address)),
  );

describe('mail over SMTP', () => {
  test('a password reset mail is delivered over SMTP with the link, and nothing goes to the outbox', async () => {
    const { tenant, admin } = await setup();
    expect(app.mailer.mode).toBe('smtp');

    const requested = await anonymous(app).post('/api/v1/auth/password-reset', {
      tenant: tenant.slug,
      email: tenant.adminEmail,
    });
    expect(requested.statusCode).toBe(202);
    await app.background.settled();

    const mail = await mailTo(tenant.adminEmail);
    expect(mail.rcptTo).toEqual([tenant.adminEmail]);
    expect(mail.mailFrom).toBe('no-reply@keiyaku.test');
    expect(mail.headers.to).toContain(tenant.adminEmail);
    expect(mail.headers.from).toContain('no-reply@keiyaku.test');
    expect(mail.headers.subject).toBe('【Keiyaku】パスワードの再設定');
    expect(mail.text).toContain('60分以内');
    expect(mail.text).toMatch(/http:\/\/keiyaku\.test\/reset-password\?token=\S+/);

    // The link in the delivered mail works.
    const token = resetTokenOf(mail.text);
    const confirmed = await anonymous(app).post('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'delivered-by-smtp-1',
    });
    expect(confirmed.statusCode).toBe(204);
    // (The reset ended the admin's sessions: log in again with the new password.)
    expect((await admin.get('/api/v1/auth/me')).statusCode).toBe(401);
    const again = await loginAs(app, tenant.slug, tenant.adminEmail, 'delivered-by-smtp-1');

    // The dev outbox holds nothing.
    const outbox = await again.get('/api/v1/dev-outbox');
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json().items).toEqual([]);
    const { rows } = await app.testDatabase.database.executeSql('select count(*)::int as n from mail_outbox');
    expect(rows[0]?.n).toBe(0);
  });

  test('me.devOutbox is false when mail goes out over SMTP', async () => {
    const { admin } = await setup();
    expect(admin.me?.devOutbox).toBe(false);
    const me = await admin.get('/api/v1/auth/me');
    expect(me.json().devOutbox).toBe(false);
  });

  test('the invitation of a new user is delivered over SMTP in the user language', async () => {
    const { tenant, admin } = await setup();
    const email = `invited@${tenant.slug}.example`;
    const created = await admin.post('/api/v1/users', {
      email,
      name: 'Jane Doe',
      roles: ['billing'],
      locale: 'en',
    });
    expect(created.statusCode).toBe(201);
    const mail = await mailTo(email);
    expect(mail.headers.subject).toBe('[Keiyaku] Set your password');
    expect(mail.text).toContain('Jane Doe,');
    expect(mail.text).toContain('An account has been created for you');
    const token = resetTokenOf(mail.text);
    expect(
      (
        await anonymous(app).post('/api/v1/auth/password-reset/confirm', {
          token,
          password: 'jane-chose-this-1',
        })
      ).statusCode,
    ).toBe(204);
    await loginAs(app, tenant.slug, email, 'jane-chose-this-1');
  });
});

describe('SMTP server unreachable', () => {
  let down: TestApp;
  beforeAll(async () => {
    // A port nobody listens on.
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.server.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    down = await createTestApp({ config: { smtpUrl: `smtp://127.0.0.1:${port}` } });
  }, 60_000);
  afterAll(async () => {
    await down?.close();
  });

  test('the forgot-password answer stays the same 202 for a known email: nothing to learn, never a 500', async () => {
    const tenant = await createTestTenant(down.database);
    const known = await anonymous(down).post('/api/v1/auth/password-reset', {
      tenant: tenant.slug,
      email: tenant.adminEmail,
    });
    const unknown = await anonymous(down).post('/api/v1/auth/password-reset', {
      tenant: tenant.slug,
      email: 'nobody@nowhere.example',
    });
    expect(unknown.statusCode).toBe(202);
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(known.body).toBe(unknown.body);
  });

  test('creating a user whose invitation cannot be sent never answers 500 with the user half-created', async () => {
    const tenant = await createTestTenant(down.database);
    const admin = await loginAs(down, tenant.slug, tenant.adminEmail, tenant.adminPassword);
    const email = `unreachable@${tenant.slug}.example`;
    const created = await admin.post('/api/v1/users', { email, name: '招待 待ち', roles: [] });
    const listed = (await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`)).json().items;
    // Either the user exists and the answer says so (the invitation can be sent again with
    // the reset button), or the answer is an error and nothing was written.
    if (listed.length === 1) expect(created.statusCode).toBe(201);
    else expect(created.statusCode).toBe(503);
    expect(created.statusCode).not.toBe(500);
  });
});
