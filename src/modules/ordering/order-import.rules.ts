// 注文一括登録 (order import, docs/rules/ordering.md): a CSV of new orders, one row per line
// item, for orders taken on paper, carrier batches and migrations from another system. Rows
// with the same 契約キー make one order (one contract); a row with a 完了日 is completed at
// once (注文完了), so a migrated service arrives active with its charge start date. Pure:
// the CSV is already split into cells; the service finds customers and products by code and
// applies the same placing and completion rules as one order at a time.

import {
  normalizeHeader,
  parseCsvDate,
  type RowError,
  readHeaderColumns,
} from '../../platform/csv/csv-import.js';
import type { DomainFieldError } from '../../platform/domain-error.js';
import type { AttributeDefinition } from '../attributes/index.js';
import { MAX_CONTRACT_NAME_LENGTH, MAX_ORDER_ITEMS } from './order-placement.rules.js';
import { isValidQuantity, quantityError } from './quantity.rules.js';

/** The most rows one import may hold (some 2 MB of CSV). */
export const MAX_IMPORT_ROWS = 20_000;

/** The most columns of the header (the nine known and the product attributes). */
export const MAX_IMPORT_COLUMNS = 100;

export interface OrderImportRow {
  /** 1-based data row number (the header is row 0), as people count rows in a spreadsheet. */
  row: number;
  customerCode: string;
  productCode: string;
  quantity: number;
  contractName: string | null;
  contractKey: string | null;
  orderedOn: string | null;
  completedOn: string | null;
  chargeStartDate: string | null;
  serialNumber: string | null;
  /** Product attribute values as typed, by the `属性:` header's name (empty cells left out). */
  attributes: Record<string, string>;
}

/** One order to place: its rows (its items, in row order) share customer, date and contract. */
export interface ImportedOrder {
  rows: OrderImportRow[];
  customerCode: string;
  orderedOn: string | null;
  contractName: string | null;
}

export const ORDER_IMPORT_COLUMNS = {
  customerCode: ['顧客コード', 'customercode', 'customer code'],
  productCode: ['商品コード', 'productcode', 'product code'],
  quantity: ['数量', 'quantity'],
  contractName: ['契約名', 'contractname', 'contract name'],
  contractKey: ['契約キー', 'contractkey', 'contract key'],
  orderedOn: ['注文日', 'orderedon', 'ordered on'],
  completedOn: ['完了日', '開通日', 'completedon', 'completed on'],
  chargeStartDate: ['課金開始日', 'chargestartdate', 'charge start date'],
  serialNumber: ['シリアル番号', 'シリアルno', 'serialnumber', 'serial number'],
} as const;
type Column = keyof typeof ORDER_IMPORT_COLUMNS;

/** The Japanese name of a column, as errors name it. */
export const columnName = (column: Column) => ORDER_IMPORT_COLUMNS[column][0];

/** A column as messages name it: 数量 / quantity, 属性:回線 / attribute:回線. */
export function columnLabelOf(column: string): { ja: string; en: string } | null {
  if (column.startsWith('属性:')) return { ja: column, en: `attribute:${column.slice(3)}` };
  const names = Object.values(ORDER_IMPORT_COLUMNS).find((candidate) => candidate[0] === column);
  return names ? { ja: names[0], en: names.at(-1) ?? names[0] } : null;
}

/** 属性:回線種別 / attribute:line_type -> the attribute key; null for other headers. */
export function attributeKeyOf(header: string): string | null {
  const match = /^(?:属性|attribute)\s*[:.]\s*(.+)$/i.exec(
    header
      .normalize('NFKC')
      .replace(/^\uFEFF/, '')
      .trim(),
  );
  return match?.[1]?.trim() || null;
}

const KNOWN_HEADERS = new Set(Object.values(ORDER_IMPORT_COLUMNS).flat());

/**
 * Headers the import would not read are refused rather than passed over: a misspelt 課金開始日
 * would otherwise bill from the default date, a misspelt 契約キー split one order into many.
 * A column named twice is refused too; an empty header cell (a trailing comma) is allowed.
 */
function headerErrors(header: readonly string[]): RowError[] {
  const errors: RowError[] = [];
  // Empty cells after the last header do not count (a spreadsheet's used range is wider).
  let used = header.length;
  while (used > 0 && (header[used - 1] ?? '').trim() === '') used -= 1;
  if (used > MAX_IMPORT_COLUMNS)
    errors.push(
      error(
        0,
        '',
        `見出し行の列は${MAX_IMPORT_COLUMNS}列までです。`,
        `The header row may have at most ${MAX_IMPORT_COLUMNS} columns.`,
      ),
    );
  const seen = new Map<string, string>();
  for (const cell of header.slice(0, Math.min(used, MAX_IMPORT_COLUMNS))) {
    const name = normalizeHeader(cell);
    if (name === '') continue;
    const attribute = attributeKeyOf(cell);
    if (!KNOWN_HEADERS.has(name as never) && attribute === null) {
      errors.push(
        error(
          0,
          cell.trim(),
          `見出し「${cell.trim()}」は不明な列です(列名を確かめてください。商品属性は「属性:キー」)。`,
          `The header "${cell.trim()}" is not a known column (product attributes are "attribute:key").`,
        ),
      );
      continue;
    }
    const column =
      attribute !== null
        ? `attribute:${attribute.toLowerCase()}`
        : (Object.entries(ORDER_IMPORT_COLUMNS).find(([, names]) =>
            (names as readonly string[]).includes(name),
          )?.[0] ?? name);
    const earlier = seen.get(column);
    if (earlier !== undefined)
      errors.push(
        error(
          0,
          cell.trim(),
          `見出し「${cell.trim()}」は「${earlier}」と同じ列です。`,
          `The header "${cell.trim()}" names the same column as "${earlier}".`,
        ),
      );
    else seen.set(column, cell.trim());
  }
  return errors;
}

/** 1 / １ / 1,000 -> the number; null unless a whole number. */
function parseWholeNumber(text: string): number | null {
  const cleaned = text.normalize('NFKC').trim().replace(/,/g, '');
  return /^\d{1,9}$/.test(cleaned) ? Number(cleaned) : null;
}

/** A field error's message in both languages (a plain string is the same in both). */
const messageOf = (fieldError: DomainFieldError): RowError['message'] =>
  typeof fieldError.message === 'string'
    ? { ja: fieldError.message, en: fieldError.message }
    : fieldError.message;

const error = (row: number, column: string, ja: string, en: string): RowError => ({
  row,
  column,
  message: { ja, en },
});

/** The codes of a row refused for its cells: still looked up, so one round of fixes does. */
export interface RefusedRowCodes {
  row: number;
  customerCode: string;
  productCode: string;
}

/**
 * The rows of a parsed CSV (header first), with every error found in the cells themselves;
 * the codes of the rows refused are kept for the service to look up as well.
 */
export function readOrderRows(records: string[][]): {
  rows: OrderImportRow[];
  errors: RowError[];
  refused: RefusedRowCodes[];
  /** The attributes the header names (`属性:` columns), as written there. */
  attributeHeaders: string[];
} {
  const [header, ...data] = records;
  if (!header)
    return {
      rows: [],
      errors: [error(0, '', 'CSVが空です。', 'The CSV is empty.')],
      refused: [],
      attributeHeaders: [],
    };
  const { index, errors } = readHeaderColumns<Column>(header, ORDER_IMPORT_COLUMNS, [
    'customerCode',
    'productCode',
    'quantity',
  ]);
  errors.push(...headerErrors(header));
  const nonEmpty = data.filter((record) => record.some((value) => value.trim() !== '')).length;
  if (nonEmpty > MAX_IMPORT_ROWS)
    errors.push(
      error(
        0,
        '',
        `一度に取り込めるのは${MAX_IMPORT_ROWS.toLocaleString('ja-JP')}行までです(${nonEmpty.toLocaleString('ja-JP')}行あります)。`,
        `At most ${MAX_IMPORT_ROWS} rows can be imported at once (the CSV has ${nonEmpty}).`,
      ),
    );
  if (errors.length > 0) return { rows: [], errors, refused: [], attributeHeaders: [] };
  const attributeColumns = header.flatMap((cell, position) => {
    const key = attributeKeyOf(cell);
    return key ? [{ key, position }] : [];
  });
  const cell = (record: string[], column: Column) => {
    const position = index[column];
    return position === undefined ? '' : (record[position] ?? '').trim();
  };
  const dateOf = (record: string[], column: Column, row: number): string | null => {
    const text = cell(record, column);
    if (text === '') return null;
    const date = parseCsvDate(text);
    if (date === null)
      errors.push(
        error(
          row,
          columnName(column),
          'YYYY-MM-DD(または YYYY/M/D)の日付で入力してください。',
          'must be a date (YYYY-MM-DD).',
        ),
      );
    return date;
  };

  const rows: OrderImportRow[] = [];
  const refused: RefusedRowCodes[] = [];
  data.forEach((record, offset) => {
    const row = offset + 1;
    if (record.every((value) => value.trim() === '')) return;
    const before = errors.length;
    const customerCode = cell(record, 'customerCode').normalize('NFKC');
    const productCode = cell(record, 'productCode').normalize('NFKC');
    if (customerCode === '')
      errors.push(error(row, '顧客コード', '顧客コードがありません。', 'The customer code is missing.'));
    if (productCode === '')
      errors.push(error(row, '商品コード', '商品コードがありません。', 'The product code is missing.'));
    const quantity = parseWholeNumber(cell(record, 'quantity'));
    if (quantity === null || !isValidQuantity(quantity))
      errors.push({ row, column: '数量', message: messageOf(quantityError('/quantity')) });
    const orderedOn = dateOf(record, 'orderedOn', row);
    const completedOn = dateOf(record, 'completedOn', row);
    const chargeStartDate = dateOf(record, 'chargeStartDate', row);
    const serialNumber = cell(record, 'serialNumber') || null;
    const contractName = cell(record, 'contractName') || null;
    if (contractName !== null && [...contractName].length > MAX_CONTRACT_NAME_LENGTH)
      errors.push(
        error(
          row,
          '契約名',
          `${MAX_CONTRACT_NAME_LENGTH}文字以内で入力してください。`,
          `must be at most ${MAX_CONTRACT_NAME_LENGTH} characters.`,
        ),
      );
    if (completedOn === null && cell(record, 'completedOn') === '') {
      if (chargeStartDate !== null)
        errors.push(
          error(
            row,
            '課金開始日',
            '完了日のない行には指定できません。',
            'needs a completion date in the same row.',
          ),
        );
      if (serialNumber !== null)
        errors.push(
          error(
            row,
            'シリアル番号',
            '完了日のない行には指定できません(注文完了のときに登録します)。',
            'needs a completion date in the same row (it is registered on completion).',
          ),
        );
    }
    const attributes: Record<string, string> = {};
    for (const { key, position } of attributeColumns) {
      const value = (record[position] ?? '').trim();
      // Defined, not assigned: a header 属性:__proto__ is a key like any other (refused as unknown).
      if (value !== '')
        Object.defineProperty(attributes, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    if (errors.length > before) refused.push({ row, customerCode, productCode });
    else if (quantity !== null)
      rows.push({
        row,
        customerCode,
        productCode,
        quantity,
        contractName,
        contractKey: cell(record, 'contractKey').normalize('NFKC') || null,
        orderedOn,
        completedOn,
        chargeStartDate,
        serialNumber,
        attributes,
      });
  });
  if (nonEmpty === 0 && errors.length === 0)
    errors.push(error(0, '', '注文の行がありません。', 'The CSV has no order rows.'));
  return { rows, errors, refused, attributeHeaders: attributeColumns.map((column) => column.key) };
}

/**
 * The orders the rows make: each row alone, or all rows of one 契約キー together (in row
 * order). Rows of one key must name the same customer and order date, and at most one
 * contract name; an order holds at most MAX_ORDER_ITEMS items.
 */
export function groupOrders(rows: readonly OrderImportRow[]): {
  orders: ImportedOrder[];
  errors: RowError[];
} {
  const orders: ImportedOrder[] = [];
  const byKey = new Map<string, ImportedOrder>();
  const errors: RowError[] = [];
  for (const row of rows) {
    const key = row.contractKey;
    const existing = key === null ? undefined : byKey.get(key);
    if (!existing) {
      const order: ImportedOrder = {
        rows: [row],
        customerCode: row.customerCode,
        orderedOn: row.orderedOn,
        contractName: row.contractName,
      };
      orders.push(order);
      if (key !== null) byKey.set(key, order);
      continue;
    }
    const first = existing.rows[0]?.row ?? row.row;
    if (row.customerCode !== existing.customerCode) {
      errors.push(
        error(
          row.row,
          '顧客コード',
          `同じ契約キーの${first}行目と顧客コードが異なります。`,
          `differs from row ${first}, which has the same contract key.`,
        ),
      );
    } else if (row.orderedOn !== existing.orderedOn) {
      errors.push(
        error(
          row.row,
          '注文日',
          `同じ契約キーの${first}行目と注文日が異なります。`,
          `differs from row ${first}, which has the same contract key.`,
        ),
      );
    } else if (
      row.contractName !== null &&
      existing.contractName !== null &&
      row.contractName !== existing.contractName
    ) {
      errors.push(
        error(
          row.row,
          '契約名',
          `同じ契約キーの${first}行目と契約名が異なります。`,
          `differs from row ${first}, which has the same contract key.`,
        ),
      );
    } else if (existing.rows.length >= MAX_ORDER_ITEMS) {
      errors.push(
        error(
          row.row,
          '契約キー',
          `1つの契約キーに指定できるのは${MAX_ORDER_ITEMS}行までです。`,
          `A contract key may hold at most ${MAX_ORDER_ITEMS} rows.`,
        ),
      );
    } else {
      existing.rows.push(row);
      existing.contractName ??= row.contractName;
    }
  }
  return { orders, errors };
}

const TRUE_WORDS = new Set(['はい', 'true', 'yes', '1', '○', 'あり']);
const FALSE_WORDS = new Set(['いいえ', 'false', 'no', '0', '×', 'なし']);

/**
 * An attribute cell as the value the attribute rules check: a number, a date, はい/いいえ,
 * an option, or options separated by ; (multi select). A cell that does not convert is
 * passed on as text, so the attribute rules refuse it with their own message.
 */
export function attributeValueOf(definition: AttributeDefinition, cell: string): unknown {
  const text = cell.normalize('NFKC').trim();
  switch (definition.type) {
    case 'text':
      return cell.trim();
    case 'number': {
      const number = Number(text.replace(/,/g, ''));
      return text !== '' && Number.isFinite(number) ? number : text;
    }
    case 'date':
      return parseCsvDate(text) ?? text;
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      return text;
    }
    case 'select':
      return optionValueOf(definition, text);
    case 'multi_select':
      return text
        .split(/[;；、|]/)
        .map((part) => part.trim())
        .filter((part) => part !== '')
        .map((part) => optionValueOf(definition, part));
  }
}

/** An option named by its value or by its Japanese or English label. */
function optionValueOf(definition: AttributeDefinition, text: string): string {
  const exact = definition.options.find((candidate) => candidate.value === text);
  if (exact) return exact.value;
  const wanted = fold(text);
  const option = definition.options.find((candidate) =>
    [candidate.value, candidate.labelJa, candidate.labelEn].some(
      (name) => typeof name === 'string' && fold(name) === wanted,
    ),
  );
  return option?.value ?? text;
}

/** Width and case folded, as names typed into a spreadsheet are compared. */
const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();

/**
 * The product attribute an `属性:` column names: by its key (case folded) or by its Japanese
 * or English label, as people know it (属性:回線種別 for a definition keyed attr_3).
 */
export function attributeDefinitionOf(
  definitions: readonly AttributeDefinition[],
  header: string,
): AttributeDefinition | undefined {
  const wanted = fold(header);
  const byKey = definitions.find((definition) => fold(definition.key) === wanted);
  if (byKey) return byKey;
  const byLabel = definitions.filter(
    (definition) =>
      fold(definition.labelJa) === wanted ||
      (definition.labelEn !== null && fold(definition.labelEn) === wanted),
  );
  // A label two attributes share names neither: the file must use the key.
  return byLabel.length === 1 ? byLabel[0] : undefined;
}

/**
 * A row's attribute cells (by the header's name) as the values the attribute rules check,
 * by attribute key. A header this product does not ask keeps its name, so the attribute
 * rules refuse it (不明な属性です); two headers naming one attribute are an error (one value
 * would be lost silently).
 */
export function rowAttributeValues(
  row: number,
  definitions: readonly AttributeDefinition[],
  cells: Readonly<Record<string, string>>,
): { values: Record<string, unknown>; errors: RowError[] } {
  const values: Record<string, unknown> = {};
  const errors: RowError[] = [];
  const named = new Map<string, string>();
  for (const [header, cell] of Object.entries(cells)) {
    const definition = attributeDefinitionOf(definitions, header);
    if (!definition) {
      Object.defineProperty(values, header, {
        value: cell,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      continue;
    }
    const earlier = named.get(definition.key);
    if (earlier !== undefined) {
      errors.push(
        error(
          row,
          `属性:${header}`,
          `「属性:${earlier}」と同じ属性です。列を1つにしてください。`,
          `names the same attribute as "attribute:${earlier}"; keep one of the two columns.`,
        ),
      );
      continue;
    }
    named.set(definition.key, header);
    values[definition.key] = attributeValueOf(definition, cell);
  }
  return { values, errors };
}

/**
 * The column an error of the attribute rules (which name attributes by key) names for the
 * person reading it: the file's header for that attribute (属性:回線種別), or, when the file
 * has no column for it, its label.
 */
export function attributeColumnOf(
  definitions: readonly AttributeDefinition[],
  attributeHeaders: readonly string[],
  key: string,
): string {
  const header = attributeHeaders.find(
    (candidate) => attributeDefinitionOf(definitions, candidate)?.key === key,
  );
  return `属性:${header ?? definitions.find((definition) => definition.key === key)?.labelJa ?? key}`;
}

/**
 * A field error of the placing or completion rules for one order, as an error of the row
 * it concerns: `/items/<i>/...` is the i-th row of the order, anything else its first row.
 */
export function rowErrorOf(order: ImportedOrder, fieldError: DomainFieldError, itemIndex?: number): RowError {
  const match = /^\/items\/(\d+)(?:\/(\w+))?(?:\/(.+))?/.exec(fieldError.path);
  const index = match ? Number(match[1]) : (itemIndex ?? 0);
  const row = order.rows[index] ?? order.rows[0];
  const field = match ? match[2] : fieldError.path.replace(/^\//, '').split('/')[0];
  const column =
    field === 'attributes' && match?.[3]
      ? `属性:${match[3]}`
      : (FIELD_COLUMNS[field ?? ''] ?? columnName('productCode'));
  return { row: row?.row ?? 0, column, message: messageOf(fieldError) };
}

const FIELD_COLUMNS: Record<string, string> = {
  productId: '商品コード',
  quantity: '数量',
  orderedOn: '注文日',
  completedOn: '完了日',
  chargeStartDate: '課金開始日',
  serialNumber: 'シリアル番号',
  customerId: '顧客コード',
};
