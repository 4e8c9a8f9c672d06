// keysetPages: reading after the last key until a short page.
import { describe, expect, test } from 'vitest';
import { keysetPages } from './query-pages.js';

describe('keysetPages', () => {
  test('reads after the last key until a short page', async () => {
    const data = Array.from({ length: 7 }, (_, i) => i + 1);
    const calls: (number | undefined)[] = [];
    const pages: number[][] = [];
    const read = async (after: number | undefined, size: number) => {
      calls.push(after);
      return data.filter((value) => after === undefined || value > after).slice(0, size);
    };
    for await (const page of keysetPages(3, read, (value) => value)) pages.push(page);
    expect(pages).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(calls).toEqual([undefined, 3, 6]);
  });

  test('an exact multiple of the page size ends with one empty read, yielding no empty page', async () => {
    const pages: number[][] = [];
    const read = async (after: number | undefined) =>
      after === undefined ? [1, 2] : after === 2 ? [3, 4] : [];
    for await (const page of keysetPages(2, read, (value) => value)) pages.push(page);
    expect(pages).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
