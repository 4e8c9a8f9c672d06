// Searching text as people type it in Japan: full-width Latin and half-width kana alike
// (ＦＴＴＨ finds ftth, ｶﾅ finds カナ). Both sides are NFKC-folded, the column by PostgreSQL's
// `normalize(…, NFKC)` (an expression a trigram index can hold, as contracts_name_trgm does),
// the query here; LIKE wildcards in the query are matched literally.
import { type AnyColumn, ilike, type SQL, sql } from 'drizzle-orm';

/** `%query%`, NFKC-folded, with `\`, `%` and `_` escaped. */
export function widthFoldedPattern(query: string): string {
  return `%${query.normalize('NFKC').replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** The column, NFKC-folded, contains the pattern of widthFoldedPattern (any case). */
export function widthFoldedLike(column: AnyColumn | SQL, pattern: string): SQL {
  return ilike(sql`normalize(${column}, NFKC)`, pattern);
}
