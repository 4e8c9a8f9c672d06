// What of an import the page lists: an import may hold 20,000 rows (and as many errors), more
// than a page can show usefully, so the first ones are listed with a count of the rest.

/** The most rows (or error messages) the page lists. */
export const SHOWN_IMPORT_ROWS = 200;

/** The first `limit` items and how many more there are. */
export function firstOf<T>(items: readonly T[], limit = SHOWN_IMPORT_ROWS): { shown: T[]; more: number } {
  const count = Math.max(0, Math.floor(limit));
  return { shown: items.slice(0, count), more: Math.max(0, items.length - count) };
}

/** 「3行目(数量): …」 / "Row 3 (quantity): …": the server named the row and its column. */
const NAMES_ITS_COLUMN = /^(\d+行目\(|Row \d+ \()/;

/**
 * A row error of the server (`{ path: '/rows/<row>/<column>', message }`) with the column it
 * concerns, unless the message names it already (the order import's messages do, in the
 * request's language: 「13行目(課金開始日): 完了日のない行には指定できません。」).
 */
export function rowProblemOf(problem: { path: string; message: string }): {
  message: string;
  column: string | null;
} {
  const match = /^\/rows\/\d+\/(.+)$/.exec(problem.path);
  const column = match?.[1]?.trim() || null;
  const named =
    column !== null && (NAMES_ITS_COLUMN.test(problem.message) || problem.message.includes(column));
  return { message: problem.message, column: named ? null : column };
}
