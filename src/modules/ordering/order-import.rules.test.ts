import { describe, expect, test } from 'vitest';
import type { AttributeDefinition } from '../attributes/index.js';
import {
  attributeColumnOf,
  attributeDefinitionOf,
  attributeKeyOf,
  attributeValueOf,
  groupOrders,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  type OrderImportRow,
  readOrderRows,
  rowAttributeValues,
  rowErrorOf,
} from './order-import.rules.js';
import { MAX_ORDER_ITEMS } from './order-placement.rules.js';

const definition = (type: AttributeDefinition['type'], options: AttributeDefinition['options'] = []) =>
  ({
    id: 'd',
    key: 'k',
    labelJa: '属性',
    labelEn: null,
    type,
    required: false,
    options,
    position: 0,
  }) satisfies AttributeDefinition;

const row = (overrides: Partial<OrderImportRow>): OrderImportRow => ({
  row: 1,
  customerCode: 'C-1',
  productCode: 'P-1',
  quantity: 1,
  contractName: null,
  contractKey: null,
  orderedOn: null,
  completedOn: null,
  chargeStartDate: null,
  serialNumber: null,
  attributes: {},
  ...overrides,
});

describe('readOrderRows', () => {
  test('Japanese or English headers in any order, full-width cells folded, empty rows skipped', () => {
    const japanese = readOrderRows([
      ['\uFEFF数量', '顧客コード', '商品コード', '完了日', 'シリアルNO', '属性:回線'],
      ['１,０００', 'Ｃ-0001', 'P-1', '2026/4/1', 'P1234567890123', ' 1ギガ '],
      ['', '', '', '', '', ''],
      ['2', 'C-0002', 'P-2', '', '', ''],
    ]);
    expect(japanese.errors).toEqual([]);
    expect(japanese.rows).toEqual([
      row({
        row: 1,
        customerCode: 'C-0001',
        quantity: 1000,
        completedOn: '2026-04-01',
        serialNumber: 'P1234567890123',
        attributes: { 回線: '1ギガ' },
      }),
      row({ row: 3, customerCode: 'C-0002', productCode: 'P-2', quantity: 2 }),
    ]);
    const english = readOrderRows([
      ['Customer Code', 'productCode', 'QUANTITY', 'contractKey', 'orderedOn', 'attribute:speed'],
      ['C-1', 'P-1', '3', 'A', '2026-01-31', ''],
    ]);
    expect(english.rows).toEqual([row({ quantity: 3, contractKey: 'A', orderedOn: '2026-01-31' })]);
  });

  test('missing columns, bad cells and completion fields without a completion date are errors by row', () => {
    expect(readOrderRows([['顧客コード', '数量']]).errors.map((error) => [error.row, error.column])).toEqual([
      [0, '商品コード'],
    ]);
    expect(readOrderRows([]).errors[0]?.message.ja).toBe('CSVが空です。');
    expect(readOrderRows([['顧客コード', '商品コード', '数量']]).errors[0]?.message.ja).toBe(
      '注文の行がありません。',
    );
    const { rows, errors, refused } = readOrderRows([
      ['顧客コード', '商品コード', '数量', '注文日', '完了日', '課金開始日', 'シリアル番号'],
      ['', 'P-1', '1', '', '', '', ''],
      ['C-1', '', '0', '', '', '', ''],
      ['C-1', 'P-1', '1.5', '2026-02-30', '', '', ''],
      ['C-1', 'P-1', '1', '', '', '2026-04-01', 'P1'],
      ['C-1', 'P-1', '1', '', 'tomorrow', '2026-04-01', ''],
      ['C-1', 'P-1', '100001', '', '', '', ''],
    ]);
    expect(rows).toEqual([]);
    expect(refused.map((codes) => [codes.row, codes.customerCode, codes.productCode])).toEqual([
      [1, '', 'P-1'],
      [2, 'C-1', ''],
      [3, 'C-1', 'P-1'],
      [4, 'C-1', 'P-1'],
      [5, 'C-1', 'P-1'],
      [6, 'C-1', 'P-1'],
    ]);
    expect(errors.map((error) => [error.row, error.column])).toEqual([
      [1, '顧客コード'],
      [2, '商品コード'],
      [2, '数量'],
      [3, '数量'],
      [3, '注文日'],
      [4, '課金開始日'],
      [4, 'シリアル番号'],
      [5, '完了日'],
      [6, '数量'],
    ]);
  });

  test(`at most ${MAX_IMPORT_ROWS} rows`, () => {
    const records = [
      ['顧客コード', '商品コード', '数量'],
      ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, () => ['C-1', 'P-1', '1']),
    ];
    const { rows, errors } = readOrderRows(records);
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message.en).toContain(`At most ${MAX_IMPORT_ROWS} rows`);
    expect(readOrderRows(records.slice(0, MAX_IMPORT_ROWS + 1)).rows).toHaveLength(MAX_IMPORT_ROWS);
  });

  test('a header the import would not read, or a column named twice, is refused', () => {
    const { errors } = readOrderRows([
      ['顧客コード', '商品コード', '数量', '課金開始', 'Quantity', '属性:speed', 'attribute:SPEED', ''],
      ['C-1', 'P-1', '1', '', '', '', '', ''],
    ]);
    expect(errors.map((error) => [error.row, error.column, error.message.ja])).toEqual([
      [0, '課金開始', '見出し「課金開始」は不明な列です(列名を確かめてください。商品属性は「属性:キー」)。'],
      [0, 'Quantity', '見出し「Quantity」は「数量」と同じ列です。'],
      [0, 'attribute:SPEED', '見出し「attribute:SPEED」は「属性:speed」と同じ列です。'],
    ]);
    const wide = readOrderRows([
      [
        '顧客コード',
        '商品コード',
        '数量',
        ...Array.from({ length: MAX_IMPORT_COLUMNS }, (_, i) => `属性:a${i}`),
      ],
    ]);
    expect(wide.errors.map((error) => error.message.en)).toContain(
      `The header row may have at most ${MAX_IMPORT_COLUMNS} columns.`,
    );
    // Empty cells after the last header (a spreadsheet's wider used range) do not count.
    const trailing = readOrderRows([
      ['顧客コード', '商品コード', '数量', ...Array.from({ length: MAX_IMPORT_COLUMNS }, () => '')],
      ['C-1', 'P-1', '1'],
    ]);
    expect(trailing.errors).toEqual([]);
  });

  test('contract names are at most 200 characters; contract keys are width-folded', () => {
    const { rows, errors } = readOrderRows([
      ['顧客コード', '商品コード', '数量', '契約名', '契約キー'],
      ['C-1', 'P-1', '1', 'あ'.repeat(201), 'Ａ'],
      ['C-1', 'P-1', '1', 'あ'.repeat(200), 'Ａ１'],
    ]);
    expect(errors.map((error) => [error.row, error.column])).toEqual([[1, '契約名']]);
    expect(rows.map((r) => r.contractKey)).toEqual(['A1']);
  });

  test('attribute headers', () => {
    expect(attributeKeyOf('属性:line_type')).toBe('line_type');
    expect(attributeKeyOf('属性：回線')).toBe('回線');
    expect(attributeKeyOf('Attribute.speed')).toBe('speed');
    expect(attributeKeyOf('属性:')).toBeNull();
    expect(attributeKeyOf('顧客コード')).toBeNull();
  });
});

describe('groupOrders', () => {
  test('each row alone, or the rows of one contract key together in row order', () => {
    const { orders, errors } = groupOrders([
      row({ row: 1, contractKey: 'A' }),
      row({ row: 2 }),
      row({ row: 3, contractKey: 'A', contractName: '本社' }),
      row({ row: 4 }),
    ]);
    expect(errors).toEqual([]);
    expect(orders.map((order) => [order.rows.map((r) => r.row), order.contractName])).toEqual([
      [[1, 3], '本社'],
      [[2], null],
      [[4], null],
    ]);
  });

  test('rows of one key must agree on customer, order date and contract name', () => {
    const { orders, errors } = groupOrders([
      row({ row: 1, contractKey: 'A', contractName: '本社' }),
      row({ row: 2, contractKey: 'A', customerCode: 'C-2' }),
      row({ row: 3, contractKey: 'A', orderedOn: '2026-01-01' }),
      row({ row: 4, contractKey: 'A', contractName: '支店' }),
      row({ row: 5, contractKey: 'A', contractName: '本社' }),
    ]);
    expect(errors.map((error) => [error.row, error.column])).toEqual([
      [2, '顧客コード'],
      [3, '注文日'],
      [4, '契約名'],
    ]);
    expect(errors[0]?.message.ja).toBe('同じ契約キーの1行目と顧客コードが異なります。');
    expect(orders[0]?.rows.map((r) => r.row)).toEqual([1, 5]);
  });

  test(`one key holds at most ${MAX_ORDER_ITEMS} rows`, () => {
    const rows = Array.from({ length: MAX_ORDER_ITEMS + 1 }, (_, index) =>
      row({ row: index + 1, contractKey: 'A' }),
    );
    const { orders, errors } = groupOrders(rows);
    expect(orders[0]?.rows).toHaveLength(MAX_ORDER_ITEMS);
    expect(errors.map((error) => error.row)).toEqual([MAX_ORDER_ITEMS + 1]);
  });
});

describe('attributeValueOf', () => {
  test('cells become the value the attribute type asks; what does not convert stays text', () => {
    expect(attributeValueOf(definition('text'), ' 本社 ')).toBe('本社');
    expect(attributeValueOf(definition('number'), '１,２００.５')).toBe(1200.5);
    expect(attributeValueOf(definition('number'), 'たくさん')).toBe('たくさん');
    expect(attributeValueOf(definition('date'), '2026/4/1')).toBe('2026-04-01');
    expect(attributeValueOf(definition('date'), '4月1日')).toBe('4月1日');
    expect(attributeValueOf(definition('boolean'), 'はい')).toBe(true);
    expect(attributeValueOf(definition('boolean'), 'FALSE')).toBe(false);
    expect(attributeValueOf(definition('boolean'), 'たぶん')).toBe('たぶん');
    const options = [
      { value: '1g', labelJa: '1ギガ', labelEn: '1 Gbps' },
      { value: '10g', labelJa: '10ギガ' },
    ];
    expect(attributeValueOf(definition('select', options), '１ギガ')).toBe('1g');
    expect(attributeValueOf(definition('select', options), '1 Gbps')).toBe('1g');
    expect(attributeValueOf(definition('select', options), '10g')).toBe('10g');
    expect(attributeValueOf(definition('select', options), '10G')).toBe('10g');
    expect(attributeValueOf(definition('select', options), '1 gbps')).toBe('1g');
    // An exact value wins over a folded one.
    const cased = [
      { value: 'a', labelJa: '小' },
      { value: 'A', labelJa: '大' },
    ];
    expect(attributeValueOf(definition('select', cased), 'A')).toBe('A');
    expect(attributeValueOf(definition('select', cased), 'a')).toBe('a');
    expect(attributeValueOf(definition('multi_select', options), '1ギガ;10g、 ')).toEqual(['1g', '10g']);
  });
});

describe('attributeDefinitionOf', () => {
  test('an attribute column names its attribute by key or by label, width and case folded', () => {
    const definitions = [
      { ...definition('text'), key: 'attr_3', labelJa: '回線種別', labelEn: 'Line type' },
      { ...definition('text'), key: 'speed', labelJa: '速度', labelEn: null },
    ];
    expect(attributeDefinitionOf(definitions, 'ATTR_3')?.key).toBe('attr_3');
    expect(attributeDefinitionOf(definitions, '回線種別')?.key).toBe('attr_3');
    expect(attributeDefinitionOf(definitions, 'line type')?.key).toBe('attr_3');
    expect(attributeDefinitionOf(definitions, 'ｓｐｅｅｄ')?.key).toBe('speed');
    expect(attributeDefinitionOf(definitions, '色')).toBeUndefined();
    // A label two attributes share names neither; the key still does.
    const shared = [
      ...definitions,
      { ...definition('text'), key: 'kind', labelJa: '回線種別', labelEn: null },
    ];
    expect(attributeDefinitionOf(shared, '回線種別')).toBeUndefined();
    expect(attributeDefinitionOf(shared, 'kind')?.key).toBe('kind');
  });
});

describe('rowAttributeValues and attributeColumnOf', () => {
  const definitions = [
    { ...definition('number'), key: 'attr_3', labelJa: '回線数', labelEn: 'Lines' },
    { ...definition('text'), key: 'memo', labelJa: 'メモ', labelEn: null },
  ];
  test('cells by header become values by key; an unknown header keeps its name for the rules to refuse', () => {
    expect(rowAttributeValues(4, definitions, { 回線数: '１,２００', memo: ' 本社 ', 色: '赤' })).toEqual({
      values: { attr_3: 1200, memo: '本社', 色: '赤' },
      errors: [],
    });
  });

  test('two headers naming one attribute are an error of the second', () => {
    const { values, errors } = rowAttributeValues(4, definitions, { 回線数: '1', attr_3: '2' });
    expect(values).toEqual({ attr_3: 1 });
    expect(errors.map((error) => [error.row, error.column, error.message.ja])).toEqual([
      [4, '属性:attr_3', '「属性:回線数」と同じ属性です。列を1つにしてください。'],
    ]);
  });

  test("an attribute error names the file's column, or the attribute's label when the file has none", () => {
    expect(attributeColumnOf(definitions, ['回線数'], 'attr_3')).toBe('属性:回線数');
    expect(attributeColumnOf(definitions, [], 'attr_3')).toBe('属性:回線数');
    expect(attributeColumnOf(definitions, ['MEMO'], 'memo')).toBe('属性:MEMO');
    expect(attributeColumnOf(definitions, [], 'gone')).toBe('属性:gone');
  });
});

describe('rowErrorOf', () => {
  const order = {
    rows: [row({ row: 7 }), row({ row: 9 })],
    customerCode: 'C-1',
    orderedOn: null,
    contractName: null,
  };
  test("an item's error is its row's; the attribute names its column", () => {
    expect(
      rowErrorOf(order, {
        path: '/items/1/attributes/speed',
        message: { ja: '必須項目です。', en: 'is required.' },
      }),
    ).toEqual({
      row: 9,
      column: '属性:speed',
      message: { ja: '必須項目です。', en: 'is required.' },
    });
    expect(rowErrorOf(order, { path: '/items/0/productId', message: 'x' })).toMatchObject({
      row: 7,
      column: '商品コード',
    });
    expect(rowErrorOf(order, { path: '/completedOn', message: 'x' }, 1)).toMatchObject({
      row: 9,
      column: '完了日',
    });
    expect(rowErrorOf(order, { path: '/orderedOn', message: 'x' })).toMatchObject({
      row: 7,
      column: '注文日',
    });
  });
});
