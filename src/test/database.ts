// A fresh PostgreSQL database for one test file, cloned from the template that the global
// setup migrated once. Tests run against the real schema, row-level security included.
import { afterAll, beforeAll, inject } from 'vitest';
import { type Database, openPostgres } from '../platform/db/database.js';
import {
  connectAdmin,
  createDatabase,
  databaseUrl,
  dropDatabase,
  harnessDatabaseName,
  quoteIdentifier,
} from './postgres-server.js';

export interface TestDatabase {
  /** Connection URL (as the admin user, a superuser: use `database.inTenant` for RLS). */
  url: string;
  database: Database;
  /** Closes the pool and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Pool size of `database` (default 10). */
  max?: number;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const template = inject('templateDatabase');
  if (!template) throw new Error(inject('templateDatabaseMissingReason') || 'no template database');
  const name = harnessDatabaseName('test');
  const admin = await connectAdmin();
  try {
    await createDatabase(admin, name, `template ${quoteIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const database = openPostgres(url, { max: options.max ?? 10 });
  let dropped: Promise<void> | undefined;
  return {
    url,
    database,
    drop() {
      dropped ??= (async () => {
        await database.close().catch(() => {});
        const client = await connectAdmin();
        try {
          await dropDatabase(client, name);
        } finally {
          await client.end();
        }
      })();
      return dropped;
    },
  };
}

/**
 * Registers beforeAll / afterAll hooks that create and drop a database for the calling
 * test file; returns a getter valid inside tests and later hooks.
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(options);
  });
  afterAll(async () => {
    await current?.drop();
  });
  return () => {
    if (!current) throw new Error('useTestDatabase(): the database exists only inside tests and hooks');
    return current;
  };
}
