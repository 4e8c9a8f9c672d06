// The one way code reaches PostgreSQL: a server through `pg`, or the embedded PGlite.
// `inTenant` is the only door for tenant data: it opens a transaction, sets the tenant
// with SET LOCAL (so a pooled connection never carries it over) and switches to the
// `keiyaku_app` role, which row-level security cannot be bypassed by.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { type SQL, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { copyOutOf } from './copy-out.js';
import { tenantTransactionOf } from './tenant-transaction.js';
import type { Db, Tx } from './types.js';

export type { Db, Tx } from './types.js';

export const APP_ROLE = 'keiyaku_app';

export interface SqlResult {
  rows: Record<string, unknown>[];
}

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly drizzle: Db;
  /** Runs fn in a transaction bound to one tenant, under row-level security. */
  inTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Runs fn in a transaction as the owner role: only for platform work that spans tenants
   * (resolving a tenant by slug, creating a tenant, sweeping expired rows).
   */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * `statement` (a `COPY (...) TO STDOUT ...`) in a read-only tenant transaction under
   * row-level security, as bytes (copy-out.ts). PostgreSQL only: PGlite has none.
   */
  copyOut?: (tenantId: string, statement: SQL) => Readable;
  /** Plain SQL outside drizzle (pg-boss, migrations, health checks). */
  executeSql(text: string, values?: unknown[]): Promise<SqlResult>;
  /** Applies the committed migrations, then secures every tenant table. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** The project root: the nearest folder above this file holding migrations/. */
export function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'migrations', 'meta', '_journal.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`migrations/ not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

const migrationsFolder = () => path.join(projectRoot(), 'migrations');
const SECURE_TABLES = 'select keiyaku_secure_tenant_tables()';

/** Binds the rest of an open transaction to one tenant, under row-level security. */
export async function enterTenant(tx: Tx, tenantId: string): Promise<void> {
  // One round trip: the tenant and the role, both transaction-local (SET LOCAL).
  await tx.execute(
    sql`select set_config('app.tenant_id', ${tenantId}, true), set_config('role', ${APP_ROLE}, true)`,
  );
}

/** The two kinds of transaction, the same over either driver. */
function transactionsOf(db: Db): Pick<Database, 'drizzle' | 'inTenant' | 'system'> {
  return {
    drizzle: db,
    inTenant: (tenantId, fn) =>
      db.transaction(async (tx) => {
        await enterTenant(tx, tenantId);
        return fn(tx);
      }),
    system: (fn) => db.transaction(fn),
  };
}

/**
 * How long a request waits for a connection (a free one of the pool, or a new one to the
 * server) before it fails with 503 instead of hanging while the database is away or every
 * connection is busy.
 */
export const CONNECTION_TIMEOUT_MS = 10_000;

export function openPostgres(
  connectionString: string,
  options: { max?: number; connectionTimeoutMillis?: number } = {},
): Database {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? CONNECTION_TIMEOUT_MS,
  });
  // An idle client losing its server must not crash the process.
  pool.on('error', () => {});
  const db = drizzlePg(pool) as unknown as Db;
  return {
    kind: 'postgres',
    ...transactionsOf(db),
    inTenant: tenantTransactionOf(pool, db, APP_ROLE),
    copyOut: copyOutOf(pool, APP_ROLE),
    async executeSql(text, values) {
      const result = await pool.query(text, values as unknown[] | undefined);
      return { rows: result.rows };
    },
    async migrate() {
      // One migrator at a time across processes starting together.
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock(727274001)');
        await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolder() });
        const { rows } = await client.query('select rolsuper from pg_roles where rolname = current_user');
        if (!rows[0]?.rolsuper) await client.query(`grant ${APP_ROLE} to current_user`);
        await client.query(SECURE_TABLES);
      } finally {
        await client.query('select pg_advisory_unlock(727274001)').catch(() => {});
        await client.end();
      }
    },
    close: () => pool.end(),
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * PGlite is one process's database: a second process opening the same directory would
 * corrupt it. A lock file with the owner's pid refuses that with a clear message.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  try {
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `The embedded database ${dataDir} is in use by process ${owner}. Stop it first (or use DATABASE_URL for a PostgreSQL server that several processes can share).`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

export async function openPglite(dataDir: string | undefined): Promise<Database> {
  let unlock = () => {};
  if (dataDir) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  const client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { pg_trgm } });
  const db = drizzlePglite(client) as unknown as Db;
  return {
    kind: 'pglite',
    ...transactionsOf(db),
    async executeSql(text, values) {
      if (values && values.length > 0) {
        const result = await client.query(text, values as unknown[]);
        return { rows: result.rows as Record<string, unknown>[] };
      }
      // Without parameters the text may hold several statements (pg-boss migrations).
      const results = await client.exec(text);
      const last = results[results.length - 1];
      return { rows: (last?.rows ?? []) as Record<string, unknown>[] };
    },
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: migrationsFolder() });
      await client.exec(SECURE_TABLES);
    },
    async close() {
      await client.close();
      unlock();
    },
  };
}

export async function openDatabase(config: {
  databaseUrl: string | undefined;
  dataDir: string;
}): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  return openPglite(path.join(config.dataDir, 'pglite'));
}
