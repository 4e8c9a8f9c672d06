// Every environment variable the product reads, parsed and typed in one place.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** PostgreSQL server; when absent the embedded PGlite in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Base URL people reach the product at; used in links sent by mail. */
  publicUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** Seed the demo tenant on start (default: on for the embedded database). */
  seedDemo: boolean;
  /** 会社ID the login page offers when the browser has none remembered (the demo tenant by default). */
  defaultTenant: string | null;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  /** Run the job worker in this process. */
  jobsEnabled: boolean;
  cookieSecure: boolean;
  /** Behind a reverse proxy: client addresses (rate limits, logs) from X-Forwarded-For. */
  trustProxy: boolean;
  loginRateLimitPerMinute: number;
  /** A billing run whose worker sent no heartbeat for this long is resumed by another worker. */
  billingResumeAfterSeconds: number;
}

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = integer('PORT', env.PORT, 3000);
  const databaseUrl = env.DATABASE_URL || undefined;
  const publicUrl = (env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/$/, '');
  return {
    port,
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || 'data'),
    publicUrl,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'Keiyaku <no-reply@keiyaku.local>',
    logLevel: env.LOG_LEVEL || 'info',
    seedDemo: flag(env.SEED_DEMO, databaseUrl === undefined),
    defaultTenant: env.DEFAULT_TENANT || (flag(env.SEED_DEMO, databaseUrl === undefined) ? 'demo' : null),
    sessionTtlHours: integer('SESSION_TTL_HOURS', env.SESSION_TTL_HOURS, 12),
    bodyLimitBytes: integer('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES, 1024 * 1024),
    jobsEnabled: flag(env.JOBS_ENABLED, true),
    cookieSecure: flag(env.COOKIE_SECURE, publicUrl.startsWith('https://')),
    trustProxy: flag(env.TRUST_PROXY, false),
    loginRateLimitPerMinute: integer('LOGIN_RATE_LIMIT_PER_MINUTE', env.LOGIN_RATE_LIMIT_PER_MINUTE, 10),
    billingResumeAfterSeconds: Math.max(
      1,
      integer('BILLING_RESUME_AFTER_SECONDS', env.BILLING_RESUME_AFTER_SECONDS, 60),
    ),
  };
}
