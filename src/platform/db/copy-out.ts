// `COPY (query) TO STDOUT` under row-level security, as a byte stream: the fastest way out of
// PostgreSQL for a result of a million rows (the server formats the rows; no row becomes a
// JavaScript object). One pooled connection runs a read-only transaction bound to the tenant
// (begun by beginTenantSql, as inTenant begins) for as long as the reader reads;
// back-pressure holds the server when the reader is slow. A reader that goes away, or an error, destroys the
// connection rather than handing a half-read COPY back to the pool. PGlite cannot stream a
// COPY out: callers fall back to reading rows there.
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { beginTenantSql } from './tenant-transaction.js';

const dialect = new PgDialect();

/** A reader that stops reading for this long ends the COPY (and its transaction). */
const STALL_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * COPY takes no bind parameters: the statement's parameters are written in as literals by
 * drizzle (strings quoted with '' doubled), so only values the statement was built with reach
 * the text.
 */
export function copyStatementText(statement: SQL): string {
  return dialect.sqlToQuery(statement.inlineParams()).sql;
}

export function copyOutOf(pool: pg.Pool, appRole: string) {
  return (tenantId: string, statement: SQL): Readable => {
    const out = new PassThrough();
    const text = copyStatementText(statement);
    void (async () => {
      let client: pg.PoolClient | undefined;
      let broken = false;
      let stall: NodeJS.Timeout | undefined;
      const watch = () => {
        clearTimeout(stall);
        stall = setTimeout(
          () => out.destroy(new Error('the reader stopped reading: COPY abandoned')),
          STALL_TIMEOUT_MS,
        );
      };
      try {
        client = await pool.connect();
        await client.query(beginTenantSql(tenantId, appRole, { readOnly: true }));
        const copy = client.query(copyTo(text));
        watch();
        copy.on('data', watch);
        await pipeline(copy, out);
        await client.query('commit');
      } catch (error) {
        broken = true;
        out.destroy(error as Error);
      } finally {
        clearTimeout(stall);
        // A connection left in the middle of a COPY or a transaction is closed, not reused.
        client?.release(broken ? true : undefined);
      }
    })();
    return out;
  };
}
