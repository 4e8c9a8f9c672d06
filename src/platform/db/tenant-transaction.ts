// A tenant transaction on PostgreSQL in one round trip fewer: `BEGIN` and the tenant's
// `set_config` (tenant id and role, as enterTenant sets them) go to the server as one simple
// query, where drizzle's own `transaction()` would send `begin` alone and the settings
// after it. Every tenant transaction of every request saves a round trip (about a quarter of
// a millisecond of CPU on each side in this VM, docs/benchmarks.md "orders").
//
// The transaction object is drizzle's own (NodePgTransaction over a session on the pooled
// client): queries, savepoints (`tx.transaction`) and `tx.rollback()` behave as under
// `db.transaction`. It is built from drizzle's node-postgres session classes, which the
// pinned drizzle-orm version exports; the whole test suite runs through it.

import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres/session';
import type { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Db, Tx } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `BEGIN` and the tenant's settings as one simple query (which takes no parameters: the id
 * is written in, so it must be a UUID). Also begins copy-out.ts's read-only transactions.
 */
export function beginTenantSql(
  tenantId: string,
  appRole: string,
  options: { readOnly?: boolean } = {},
): string {
  if (!UUID.test(tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(tenantId)}`);
  return `begin${options.readOnly ? ' read only' : ''}; select set_config('app.tenant_id', '${tenantId}', true), set_config('role', '${appRole}', true)`;
}

export function tenantTransactionOf(pool: pg.Pool, db: Db, appRole: string) {
  const { dialect, session } = db as unknown as {
    dialect: PgDialect;
    session: { schema: undefined; options: Record<string, unknown> };
  };
  return async <T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const begin = beginTenantSql(tenantId, appRole);
    const client = await pool.connect();
    const txSession = new NodePgSession(client, dialect, session.schema, session.options);
    const tx = new NodePgTransaction(dialect, txSession, session.schema) as unknown as Tx;
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(tx);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A connection whose rollback failed is closed, not handed to the next transaction.
      client.release(broken || undefined);
    }
  };
}
