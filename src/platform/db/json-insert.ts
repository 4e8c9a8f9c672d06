// Many rows inserted with one bound value: the rows as one JSON array, turned back into rows
// of the table by PostgreSQL (json_populate_recordset). For bulk writes (注文一括登録) where a
// multi-row VALUES list would bind tens of thousands of values: building, sending, parsing
// and planning those costs far more than one JSON document. Every row must name the same
// columns (an error otherwise); the columns no row names take their defaults.
import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

const JSON_COLUMN_TYPES = new Set(['PgJson', 'PgJsonb']);

/** The INSERT of `rows` (objects keyed as the drizzle table's properties), or null when there are none. */
export function insertAsJson<T extends PgTable>(
  table: T,
  rows: readonly Partial<T['$inferInsert']>[],
): SQL | null {
  const first = rows[0];
  if (!first) return null;
  const columns = Object.entries(getTableColumns(table) as Record<string, AnyColumn>).filter(
    ([key]) => (first as Record<string, unknown>)[key] !== undefined,
  );
  const keys = (row: object) =>
    Object.entries(row)
      .filter(([, value]) => value !== undefined)
      .map(([key]) => key)
      .sort()
      .join(',');
  const firstKeys = keys(first);
  const documents = rows.map((row) => {
    // One column list for all: a row with other keys would lose values or defaults silently.
    if (keys(row) !== firstKeys)
      throw new Error(`insertAsJson: a row has other columns than the first (${firstKeys})`);
    const document: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = (row as Record<string, unknown>)[key];
      // JSON columns keep their value as nested JSON; the others take their driver form
      // (a timestamp its ISO text), which PostgreSQL reads back by the column's type.
      document[column.name] =
        value === null || value === undefined || JSON_COLUMN_TYPES.has(column.columnType)
          ? (value ?? null)
          : column.mapToDriverValue(value);
    }
    return document;
  });
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  return sql`insert into ${table} (${names}) select ${names} from json_populate_recordset(null::${table}, ${JSON.stringify(documents)}::json)`;
}
