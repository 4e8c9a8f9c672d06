// Several writes of one use case as one statement (data-modifying WITH queries: each runs
// once, the foreign keys are checked at the end of the statement): one round trip on the
// hot paths instead of one per table.
import { type SQLWrapper, sql } from 'drizzle-orm';
import type { Tx } from './database.js';

export async function writeTogether(tx: Tx, statements: readonly SQLWrapper[]): Promise<void> {
  const last = statements[statements.length - 1];
  if (!last) return;
  const before = statements
    .slice(0, -1)
    .map((statement, index) => sql`${sql.raw(`w${index}`)} as (${statement.getSQL()})`);
  await tx.execute(
    before.length > 0 ? sql`with ${sql.join(before, sql`, `)} ${last.getSQL()}` : last.getSQL(),
  );
}
