// CSV downloads (billing.md "CSV download", quality.md "CSV exports neutralise formula
// injection"): rows read page by page are written through csv-stringify's stream API and,
// for Shift_JIS, iconv-lite's CP932 encoder, so a million rows pass in constant memory with
// back-pressure (a slow client stops the reads). One format for every export: CRLF line ends,
// a header row in Japanese or English, UTF-8 with a BOM (Excel opens it as UTF-8) or CP932.
import { pipeline, Readable, Transform } from 'node:stream';
import { stringify } from 'csv-stringify';
import iconv from 'iconv-lite';

export const CSV_ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];
export const CSV_HEADER_LANGUAGES = ['ja', 'en'] as const;
export type CsvHeaderLanguage = (typeof CSV_HEADER_LANGUAGES)[number];

export interface CsvOptions {
  encoding: CsvEncoding;
  /** The header row's language; values of fixed lists (料金種別 ...) follow it too. */
  headers: CsvHeaderLanguage;
}

/** Numbers are written as plain integers (no separators); null and undefined as an empty cell. */
export type CsvCell = string | number | null | undefined;

export interface CsvColumn<Row> {
  ja: string;
  en: string;
  value: (row: Row, language: CsvHeaderLanguage) => CsvCell;
}

/**
 * Characters whose usual Unicode form CP932 has no code for, mapped to the form it has
 * (JIS X 0208 as Unicode reads it vs. as Windows reads it): 〜 − — ‖ ¢ £ ¬. Anything else
 * CP932 cannot encode (emoji, €, most non-Japanese scripts) becomes `?` (iconv-lite's
 * replacement, 0x3F).
 */
const CP932_FORMS: Record<string, string> = {
  '\u301C': '\uFF5E', // WAVE DASH -> FULLWIDTH TILDE
  '\u2212': '\uFF0D', // MINUS SIGN -> FULLWIDTH HYPHEN-MINUS
  '\u2014': '\u2015', // EM DASH -> HORIZONTAL BAR
  '\u2016': '\u2225', // DOUBLE VERTICAL LINE -> PARALLEL TO
  '\u00A2': '\uFFE0', // CENT SIGN -> FULLWIDTH CENT SIGN
  '\u00A3': '\uFFE1', // POUND SIGN -> FULLWIDTH POUND SIGN
  '\u00AC': '\uFFE2', // NOT SIGN -> FULLWIDTH NOT SIGN
};
const NOT_IN_CP932 = /[\u301C\u2212\u2014\u2016\u00A2\u00A3\u00AC]/g;

export function toCp932Forms(text: string): string {
  return text.replace(NOT_IN_CP932, (char) => CP932_FORMS[char] ?? char);
}

/** CSV text (strings, whole characters) to CP932 bytes. */
export function cp932Encoder(): Transform {
  const encoder = iconv.getEncoder('cp932');
  return new Transform({
    decodeStrings: false,
    transform(chunk: string, _encoding, done) {
      const bytes = encoder.write(toCp932Forms(chunk));
      done(null, bytes.length > 0 ? bytes : undefined);
    },
    flush(done) {
      const rest = encoder.end();
      done(null, rest && rest.length > 0 ? rest : undefined);
    },
  });
}

/** One page of rows in, one record (array of cells) per row out. */
function recordsOf<Row>(columns: readonly CsvColumn<Row>[], language: CsvHeaderLanguage): Transform {
  return new Transform({
    objectMode: true,
    // One page waits at most; the rows of the page are held until the stringifier takes them.
    writableHighWaterMark: 1,
    readableHighWaterMark: 256,
    transform(page: readonly Row[], _encoding, done) {
      for (const row of page) this.push(columns.map((column) => column.value(row, language) ?? null));
      done();
    },
  });
}

/**
 * The CSV of `pages` (each an array of rows; the reader is pulled only as fast as the client
 * reads). Returns a byte stream; an error while reading destroys it (the download ends short).
 *
 * Formula neutralisation is csv-stringify's `escape_formulas`: a string cell starting with
 * = + - @, a tab or CR (or the fullwidth ＝ ＋ － ＠) is prefixed with `'`; number cells are
 * never touched, so a credit note's -500 stays a number.
 */
export function csvStream<Row>(
  pages: AsyncIterable<readonly Row[]>,
  columns: readonly CsvColumn<Row>[],
  options: CsvOptions,
): Readable {
  const source = Readable.from(pages, { objectMode: true, highWaterMark: 1 });
  const cp932 = options.encoding === 'shift_jis';
  const stringifier = stringify({
    bom: !cp932,
    header: true,
    columns: columns.map((column) => column[options.headers]),
    record_delimiter: 'windows',
    // With a record delimiter given, csv-stringify would quote only cells holding CRLF; a
    // cell with a lone LF or CR must be quoted too.
    quote_record_delimiter: true,
    escape_formulas: true,
    // For CP932 the encoder takes whole records as strings (never half a character); for
    // UTF-8 the strings become UTF-8 bytes as they are pushed.
    ...(cp932 ? { encoding: 'utf8' as const } : {}),
  });
  const records = recordsOf(columns, options.headers);
  // pipeline destroys every stream on an error; the returned stream carries it to its reader.
  const ignore = () => {};
  return cp932
    ? pipeline(source, records, stringifier, cp932Encoder(), ignore)
    : pipeline(source, records, stringifier, ignore);
}

/** The Content-Type of a CSV in this encoding. */
export function csvContentType(encoding: CsvEncoding): string {
  return encoding === 'shift_jis' ? 'text/csv; charset=Shift_JIS' : 'text/csv; charset=utf-8';
}
