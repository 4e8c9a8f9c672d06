// The test harness's view of the PostgreSQL server: the admin connection, database names,
// and creating / dropping databases. Used by the global setup (main vitest process) and by
// `createTestDatabase` (workers), so it must not import vitest.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Names the harness creates: `keiyaku_tpl_<created, base 36 seconds>_<random>` and `keiyaku_test_...`. */
const HARNESS_DATABASE = /^keiyaku_(tpl|test)_([0-9a-z]+)_[0-9a-z]+$/;

/** Databases of killed runs older than this are swept at the next run's start. */
const STALE_AFTER_SECONDS = 6 * 60 * 60;

export function adminUrl(): string {
  return process.env.TEST_DATABASE_ADMIN_URL || DEFAULT_ADMIN_URL;
}

/** The admin URL with its database replaced by `name`. */
export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The admin URL without credentials, for messages. */
export function describeServer(): string {
  const url = new URL(adminUrl());
  url.password = '';
  return url.toString();
}

export function harnessDatabaseName(kind: 'tpl' | 'test'): string {
  const created = Math.floor(Date.now() / 1000).toString(36);
  return `keiyaku_${kind}_${created}_${randomBytes(5).toString('hex')}`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function connectAdmin(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5000 });
  // A server going away must fail the current query, not crash the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Null when the server answers, else why it does not. */
export async function unreachableReason(): Promise<string | null> {
  try {
    const client = await connectAdmin();
    await client.query('select 1');
    await client.end();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  }
}

export function postgresErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error; current; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CREATE DATABASE, retried while the source is briefly "being accessed by other users"
 * (55006): a backend of a just-closed connection may still be exiting.
 */
export async function createDatabase(client: pg.Client, name: string, options: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`create database ${quoteIdentifier(name)} ${options}`);
      return;
    } catch (error) {
      const inUse =
        postgresErrorCode(error) === '55006' || /being accessed by other users/.test(String(error));
      if (!inUse || attempt >= 10) throw error;
      await sleep(100 * attempt);
    }
  }
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
}

/** Ends every session connected to `name` and waits until none is left. */
export async function disconnectAll(client: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { rows } = await client.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    if (rows.length === 0) return;
    if (attempt >= 50) throw new Error(`sessions on ${name} did not end`);
    await sleep(100);
  }
}

/** Drops harness databases left behind by runs that were killed long ago. */
export async function sweepStaleDatabases(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>(
    "select datname from pg_database where datname like 'keiyaku\\_%'",
  );
  const now = Math.floor(Date.now() / 1000);
  const swept: string[] = [];
  for (const { datname } of rows) {
    const match = HARNESS_DATABASE.exec(datname);
    if (!match) continue;
    const created = Number.parseInt(match[2]!, 36);
    if (now - created < STALE_AFTER_SECONDS) continue;
    await dropDatabase(client, datname).then(
      () => swept.push(datname),
      () => {},
    );
  }
  return swept;
}
