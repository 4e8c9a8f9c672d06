// Reading a large result (an export of a million rows) page by page in constant memory,
// pulled only as fast as the reader consumes it:
// - on PostgreSQL through one cursor (DECLARE ... FETCH n) in one tenant transaction: the
//   result is one snapshot, planned to give its first rows soon (cursor_tuple_fraction left
//   at 0.1: index order, no sort of the whole result first), so the database reads while
//   the pages already fetched are written;
// - on PGlite (one connection: a transaction held open while a client downloads would stop
//   every other request) by keyset, each page its own short tenant transaction.
import { type SQL, sql } from 'drizzle-orm';
import type { Database, Tx } from './database.js';

export interface PagedQuery<Row> {
  /** `select ... from ... where <tenant filter> ...`: a WHERE clause and no ORDER BY. */
  select: SQL;
  /** The unique sort key, in order (e.g. invoice id, then line id). */
  keys: readonly { column: SQL; type: 'uuid' | 'text' }[];
  /** The key of a row, in the order of `keys`. */
  keyOf: (row: Row) => readonly string[];
  /** A result row (as the driver answers it) as the caller's row. */
  row: (raw: Record<string, unknown>) => Row;
}

export interface PageOptions {
  size?: number;
  /** By default `cursor` on PostgreSQL and `keyset` on PGlite; tests compare the two. */
  reader?: 'cursor' | 'keyset';
}

export const DEFAULT_PAGE_SIZE = 5000;

/** A slow reader stops the cursor's transaction after this long without a FETCH. */
const IDLE_TIMEOUT = '5min';

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows;

export function queryPages<Row>(
  database: Database,
  tenantId: string,
  query: PagedQuery<Row>,
  options: PageOptions = {},
): AsyncGenerator<Row[]> {
  const size = options.size ?? DEFAULT_PAGE_SIZE;
  const reader = options.reader ?? (database.kind === 'postgres' ? 'cursor' : 'keyset');
  const orderBy = sql.join(
    query.keys.map((key) => key.column),
    sql`, `,
  );
  if (reader === 'cursor') {
    return cursorPages(database, tenantId, sql`${query.select} order by ${orderBy}`, size, query.row);
  }
  return keysetPages<Row, readonly string[]>(
    size,
    (after, limit) =>
      database.inTenant(tenantId, async (tx) => {
        const values = after?.map(
          (value, index) => sql`${value}::${sql.raw(query.keys[index]?.type ?? 'text')}`,
        );
        const first = query.keys[0];
        // The first key alone lets an index range start at the last page's end.
        const afterLast =
          values && first
            ? sql`and ${first.column} >= ${values[0]} and (${orderBy}) > (${sql.join(values, sql`, `)})`
            : sql``;
        const result = await tx.execute(sql`${query.select} ${afterLast} order by ${orderBy} limit ${limit}`);
        return rowsOf(result).map(query.row);
      }),
    query.keyOf,
  );
}

/**
 * Pages of rows by keyset: `read(after)` returns up to `size` rows after the last row's key
 * (undefined for the first page); reading ends with a page shorter than `size`.
 */
export async function* keysetPages<Row, Key>(
  size: number,
  read: (after: Key | undefined, size: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
): AsyncGenerator<Row[]> {
  let after: Key | undefined;
  for (;;) {
    const page = await read(after, size);
    if (page.length > 0) yield page;
    if (page.length < size) return;
    after = keyOf(page[page.length - 1] as Row);
  }
}

/** One value handed from one side to the other, waiting for it when it is not there yet. */
class Mailbox<T> {
  #values: T[] = [];
  #waiting: ((value: T) => void) | undefined;

  put(value: T): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting(value);
    else this.#values.push(value);
  }

  take(): Promise<T> {
    if (this.#values.length > 0) return Promise.resolve(this.#values.shift() as T);
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }
}

type Delivery<Row> = { rows: Row[] } | { done: true } | { error: unknown };

/**
 * The transaction runs in `inTenant`'s callback while the generator hands its pages out:
 * the callback fetches a page only when the reader asks for one, and ends (commits the
 * read-only transaction) when the result is read or the reader stops.
 */
async function* cursorPages<Row>(
  database: Database,
  tenantId: string,
  query: SQL,
  size: number,
  row: (raw: Record<string, unknown>) => Row,
): AsyncGenerator<Row[]> {
  const requests = new Mailbox<boolean>();
  const deliveries = new Mailbox<Delivery<Row>>();
  const fetchAll = async (tx: Tx) => {
    // A plan for the whole result (cursor_tuple_fraction = 1: hash joins, then a sort of
    // every row) would send nothing until the sort is done; the default plans for first rows.
    await tx.execute(sql`select set_config('idle_in_transaction_session_timeout', ${IDLE_TIMEOUT}, true)`);
    await tx.execute(sql`declare keiyaku_pages no scroll cursor for ${query}`);
    for (;;) {
      if (!(await requests.take())) return;
      const rows = rowsOf(await tx.execute(sql`fetch ${sql.raw(String(size))} from keiyaku_pages`));
      deliveries.put({ rows: rows.map(row) });
      if (rows.length < size) return;
    }
  };
  const transaction = database.inTenant(tenantId, fetchAll).then(
    () => deliveries.put({ done: true }),
    (error: unknown) => deliveries.put({ error }),
  );
  try {
    requests.put(true);
    for (;;) {
      const delivery = await deliveries.take();
      if ('error' in delivery) throw delivery.error;
      if ('done' in delivery) return;
      // One page ahead: the database reads the next page while this one is written.
      if (delivery.rows.length === size) requests.put(true);
      if (delivery.rows.length > 0) yield delivery.rows;
    }
  } finally {
    requests.put(false);
    await transaction;
  }
}
