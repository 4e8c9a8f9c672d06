import { describe, expect, test } from 'vitest';
import { DomainError } from './domain-error.js';
import { decodeCursor, encodeCursor, pageOf } from './pagination.js';

const id = (n: number) => `01a20995-0a51-73f7-8c41-${String(n).padStart(12, '0')}`;

describe('cursor pagination', () => {
  test('a page of limit+1 rows says there is more and points at its last row', () => {
    const rows = [1, 2, 3].map((n) => ({ id: id(n) }));
    const page = pageOf(rows, 2, (row) => row.id);
    expect(page.items).toEqual([id(1), id(2)]);
    expect(decodeCursor(page.nextCursor ?? undefined)).toBe(id(2));
  });

  test('the last page has no cursor', () => {
    const page = pageOf([{ id: id(1) }], 2, (row) => row.id);
    expect(page.nextCursor).toBeNull();
  });

  test('cursors round-trip; forged ones are a validation error', () => {
    expect(decodeCursor(encodeCursor(id(7)))).toBe(id(7));
    expect(decodeCursor(undefined)).toBeUndefined();
    expect(() => decodeCursor('bm90LWEtdXVpZA')).toThrow(DomainError);
    expect(() => decodeCursor("'; drop table users; --")).toThrow(DomainError);
  });
});
