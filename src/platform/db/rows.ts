// The rows of a raw `tx.execute(sql...)` result: node-postgres and PGlite both answer `{ rows }`.
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
