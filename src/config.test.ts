import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import type { Database } from './platform/db/database.js';
import { createMailer } from './platform/mail/mailer.js';

/** The mailer the app builds from a config (src/app.ts); no database is touched until a send. */
function mailerOf(config: ReturnType<typeof loadConfig>) {
  return createMailer({ database: {} as Database, smtpUrl: config.smtpUrl, from: config.mailFrom });
}

describe('configuration from the environment', () => {
  it('defaults to port 3000 and the embedded database in ./data with the demo tenant', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.seedDemo).toBe(true);
    expect(config.defaultTenant).toBe('demo');
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('honours PORT, DATABASE_URL and DATA_DIR; a server database seeds no demo unless asked', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://db/keiyaku', DATA_DIR: '/tmp/k' });
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBe('postgres://db/keiyaku');
    expect(config.dataDir).toBe('/tmp/k');
    expect(config.seedDemo).toBe(false);
    expect(config.defaultTenant).toBeNull();
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/keiyaku', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('sends mail through SMTP_URL from MAIL_FROM when SMTP_URL is set', () => {
    const config = loadConfig({
      SMTP_URL: 'smtp://mailer:secret@smtp.example.jp:587',
      MAIL_FROM: 'Keiyaku 請求 <billing@example.jp>',
    });
    expect(config.smtpUrl).toBe('smtp://mailer:secret@smtp.example.jp:587');
    expect(config.mailFrom).toBe('Keiyaku 請求 <billing@example.jp>');
    const mailer = mailerOf(config);
    expect(mailer.mode).toBe('smtp');
    mailer.close();
  });

  it('without SMTP_URL (unset or empty) mail goes to the dev outbox, from the default sender', () => {
    for (const env of [{}, { SMTP_URL: '' }]) {
      const config = loadConfig(env);
      expect(config.smtpUrl).toBeUndefined();
      expect(config.mailFrom).toBe('Keiyaku <no-reply@keiyaku.local>');
      expect(mailerOf(config).mode).toBe('outbox');
    }
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
