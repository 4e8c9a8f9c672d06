// What of an import the page lists: an import may hold 20,000 rows (and as many errors), more
// than a page can show usefully, so the first ones are listed with a count of the rest.

/** The most rows (or error messages) the page lists. */
export const SHOWN_IMPORT_ROWS = 200;

/** The first `limit` items and how many more there are. */
export function firstOf<T>(items: readonly T[], limit = SHOWN_IMPORT_ROWS): { shown: T[]; more: number } {
  const count = Math.max(0, Math.floor(limit));
  return { shown: items.slice(0, count), more: Math.max(0, items.length - count) };
}

/**
 * A row error of the server (`{ path: '/rows/<row>/<column>', message }`) with the column it
 * concerns, unless the message names that column already: some messages say what is wrong
 * but not where (「13行目: 完了日のない行には指定できません。」 is about 課金開始日).
 */
export function rowProblemOf(problem: { path: string; message: string }): {
  message: string;
  column: string | null;
} {
  const match = /^\/rows\/\d+\/(.+)$/.exec(problem.path);
  const column = match?.[1]?.trim() || null;
  return {
    message: problem.message,
    column: column && !problem.message.includes(column) ? column : null,
  };
}
