// Runs once per `vitest run`, in the main process: builds one migrated template database
// that every test file clones (CREATE DATABASE ... TEMPLATE is far faster than migrating
// per file), hands its name to the workers, and drops it at the end.
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../platform/db/database.js';
import {
  connectAdmin,
  createDatabase,
  databaseUrl,
  describeServer,
  disconnectAll,
  dropDatabase,
  harnessDatabaseName,
  quoteIdentifier,
  sweepStaleDatabases,
  unreachableReason,
} from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database, or '' when PostgreSQL is unreachable (outside CI only). */
    templateDatabase: string;
    /** Why there is no template, for the error `createTestDatabase` throws. */
    templateDatabaseMissingReason: string;
  }
}

const isCi = () => ['1', 'true', 'yes'].includes((process.env.CI ?? '').toLowerCase());

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const unreachable = await unreachableReason();
  if (unreachable) {
    const message =
      `PostgreSQL is not reachable at ${describeServer()} (${unreachable}). ` +
      'Integration and API tests need it: start it (`pg_ctlcluster <version> main start`, or run `.ci/run`) ' +
      'or point TEST_DATABASE_ADMIN_URL at a server where this user may create databases.';
    if (isCi()) throw new Error(message);
    console.warn(`\n*** ${message}\n*** Tests that need a database will fail.\n`);
    project.provide('templateDatabase', '');
    project.provide('templateDatabaseMissingReason', message);
    return async () => {};
  }

  const template = harnessDatabaseName('tpl');
  const admin = await connectAdmin();
  try {
    const swept = await sweepStaleDatabases(admin);
    if (swept.length > 0) console.warn(`Dropped ${swept.length} stale test database(s) of earlier runs.`);
    // A UTF-8 ctype: pg_trgm only indexes characters the ctype classes as letters (quality.md).
    await createDatabase(
      admin,
      template,
      "encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8' template template0",
    );
    const database = openPostgres(databaseUrl(template), { max: 1 });
    try {
      await database.migrate();
    } finally {
      await database.close();
    }
    // Nobody may connect to the template any more, so cloning it never meets a session.
    await admin.query(`alter database ${quoteIdentifier(template)} allow_connections false`);
    await disconnectAll(admin, template);
  } catch (error) {
    await dropDatabase(admin, template).catch(() => {});
    await admin.end();
    throw error;
  }
  await admin.end();

  project.provide('templateDatabase', template);
  project.provide('templateDatabaseMissingReason', '');

  return async () => {
    const client = await connectAdmin();
    try {
      await dropDatabase(client, template);
    } finally {
      await client.end();
    }
  };
}
