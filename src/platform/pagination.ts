// Cursor pagination: lists return `{ items, nextCursor }`. The cursor is the last id of the
// page (UUIDv7, so id order is creation order), opaque to clients as base64url.
import { DomainError } from './domain-error.js';
import { isUuid } from './ids/id.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

/** Decodes a client cursor to the id it stands for; a forged one is a 400. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id))
    throw new DomainError('validation_failed', {
      errors: [
        { path: '/cursor', message: { ja: 'カーソルが正しくありません。', en: 'is not a valid cursor.' } },
      ],
    });
  return id;
}

/** Rows were fetched with `limit + 1` to learn whether another page exists. */
export function pageOf<R extends { id: string }, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(last.id) : null };
}
