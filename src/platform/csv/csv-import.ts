// What every CSV import (入金CSV取込, 注文一括登録) shares: the bytes decoded (UTF-8 or
// Shift_JIS), the text split into records, a header row in Japanese or English mapped to
// columns, dates as people type them, and errors by row that answer 422 all together.
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { DomainError, type DomainFieldError, type ErrorCode } from '../domain-error.js';

/** An error of one cell: row 0 is the header, data rows count from 1 as in a spreadsheet. */
export interface RowError {
  row: number;
  column: string;
  message: { ja: string; en: string };
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Shift_JIS (CP932). */
export function decodeCsv(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'cp932');
  }
}

/**
 * The records of a CSV text, one per row as a spreadsheet numbers them (blank rows kept as
 * records of empty cells, for the caller to skip, so row numbers stay those of the file;
 * blank lines before the header are dropped, the header is row 0).
 * Text that is not CSV is refused with `code` (text no column can store, with NUL or an
 * unpaired surrogate, the HTTP input guard refuses before: input-guard.ts).
 */
export function parseCsvRecords(csv: string, code: ErrorCode): string[][] {
  try {
    const records: string[][] = parse(csv, { bom: true, relax_column_count: true });
    // Blank lines before the header are no part of the table (the header is the first row).
    const first = records.findIndex((record) => record.some((cell) => cell.trim() !== ''));
    return first < 0 ? [] : records.slice(first);
  } catch (error) {
    throw new DomainError(code, {
      errors: [
        {
          path: '/csv',
          message: { ja: 'CSVとして読めません。', en: `Not a CSV: ${(error as Error).message}` },
        },
      ],
    });
  }
}

/** A header cell as compared with the known names: width folded, trimmed, lower case. */
export const normalizeHeader = (cell: string) =>
  cell
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase();

/**
 * Which cell holds which column. `columns` gives each column's names, the Japanese one
 * first and the English one last (both used in messages); a missing required column is an
 * error of row 0.
 */
export function readHeaderColumns<Column extends string>(
  header: readonly string[],
  columns: Record<Column, readonly string[]>,
  required: readonly Column[],
): { index: Partial<Record<Column, number>>; errors: RowError[] } {
  const index: Partial<Record<Column, number>> = {};
  header.forEach((cell, position) => {
    const name = normalizeHeader(cell);
    for (const [column, names] of Object.entries(columns) as [Column, readonly string[]][]) {
      if (names.includes(name) && index[column] === undefined) index[column] = position;
    }
  });
  const errors: RowError[] = [];
  for (const column of required) {
    if (index[column] !== undefined) continue;
    const names = columns[column];
    errors.push({
      row: 0,
      column: names[0] ?? column,
      message: {
        ja: `見出し行に「${names[0] ?? column}」の列がありません。`,
        en: `The header row has no "${names[names.length - 1] ?? column}" column.`,
      },
    });
  }
  return { index, errors };
}

/** 2026/1/5, 2026-01-05, ２０２６-０１-０５ -> 2026-01-05; null when it is not a calendar date. */
export function parseCsvDate(text: string): string | null {
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(text.normalize('NFKC').trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** What a column is called in messages, in both languages (null: do not name it). */
export type ColumnLabels = (column: string) => { ja: string; en: string } | null;

/**
 * Every row error as one 422: `/rows/<row>/<column>`, the message prefixed with the row
 * (and, given `labels`, the column): 「3行目(数量): …」 / "Row 3 (quantity): …".
 */
export function rowErrorsRefusal(
  code: ErrorCode,
  errors: readonly RowError[],
  labels?: ColumnLabels,
): DomainError {
  const fieldErrors: DomainFieldError[] = errors.map((error) => {
    if (error.row === 0) return { path: `/rows/0/${error.column}`, message: error.message };
    const label = error.column === '' ? null : (labels?.(error.column) ?? null);
    return {
      path: `/rows/${error.row}/${error.column}`,
      message: label
        ? {
            ja: `${error.row}行目(${label.ja}): ${error.message.ja}`,
            en: `Row ${error.row} (${label.en}): ${error.message.en}`,
          }
        : { ja: `${error.row}行目: ${error.message.ja}`, en: `Row ${error.row}: ${error.message.en}` },
    };
  });
  return new DomainError(code, { errors: fieldErrors });
}
