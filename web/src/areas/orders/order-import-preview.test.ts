import { describe, expect, test } from 'vitest';
import { firstOf, rowProblemOf, SHOWN_IMPORT_ROWS } from './order-import-preview';

describe('firstOf', () => {
  test('lists at most 200 rows and counts the rest', () => {
    const rows = Array.from({ length: 20_000 }, (_, index) => index + 1);
    const { shown, more } = firstOf(rows);
    expect(SHOWN_IMPORT_ROWS).toBe(200);
    expect(shown).toHaveLength(200);
    expect(shown[0]).toBe(1);
    expect(shown.at(-1)).toBe(200);
    expect(more).toBe(19_800);
  });

  test('lists every row when there are few', () => {
    expect(firstOf([1, 2])).toEqual({ shown: [1, 2], more: 0 });
    expect(firstOf([])).toEqual({ shown: [], more: 0 });
    expect(firstOf(Array.from({ length: 200 }, () => 0)).more).toBe(0);
    expect(firstOf(Array.from({ length: 201 }, () => 0)).more).toBe(1);
  });

  test('takes another limit', () => {
    expect(firstOf(['a', 'b', 'c'], 2)).toEqual({ shown: ['a', 'b'], more: 1 });
    expect(firstOf(['a'], 0)).toEqual({ shown: [], more: 1 });
  });
});

describe('rowProblemOf', () => {
  test('names the column a message leaves out', () => {
    expect(
      rowProblemOf({ path: '/rows/13/課金開始日', message: '13行目: 完了日のない行には指定できません。' }),
    ).toEqual({ message: '13行目: 完了日のない行には指定できません。', column: '課金開始日' });
    expect(
      rowProblemOf({ path: '/rows/2/属性:回線種別', message: '2行目: 選択肢から選んでください。' }).column,
    ).toBe('属性:回線種別');
  });

  test('leaves a message alone that names its row and column, in either language', () => {
    expect(
      rowProblemOf({
        path: '/rows/13/課金開始日',
        message: '13行目(課金開始日): 完了日のない行には指定できません。',
      }).column,
    ).toBeNull();
    expect(
      rowProblemOf({
        path: '/rows/3/数量',
        message: 'Row 3 (quantity): must be a whole number from 1 to 100000.',
      }).column,
    ).toBeNull();
  });

  test('leaves a message alone that names its column already', () => {
    expect(
      rowProblemOf({ path: '/rows/2/商品コード', message: '2行目: 商品コード X-1 の商品が見つかりません。' })
        .column,
    ).toBeNull();
    expect(
      rowProblemOf({ path: '/rows/0/顧客コード', message: '見出し行に「顧客コード」の列がありません。' })
        .column,
    ).toBeNull();
  });

  test('has no column for an error of the whole file', () => {
    expect(rowProblemOf({ path: '/rows/0/', message: 'CSVが空です。' }).column).toBeNull();
    expect(rowProblemOf({ path: '/csv', message: 'CSVとして読めません。' }).column).toBeNull();
  });
});
