// A CSV download written by PostgreSQL itself (`COPY (query) TO STDOUT (FORMAT csv, HEADER)`)
// for the exports of a million rows: the server quotes and joins the cells, Node.js only
// passes the bytes on, so a month's billing CSV costs about what the COPY costs. The bytes are
// those csvStream (csv-stream.ts) writes for the same rows, which is what PGlite (no COPY out)
// and the tests compare against:
// - header cells are the query's column aliases (csvColumnsSql);
// - text cells are neutralised in SQL as csv-stringify's `escape_formulas` does (csvTextSql):
//   a leading = + - @, tab or CR (or fullwidth ＝ ＋ － ＠) gets a `'`; an empty string is
//   written as an empty cell like NULL (COPY would write `""`); number cells are untouched;
// - records end in CRLF: COPY ends them in LF, and crlfRecordEnds turns every LF outside a
//   quoted cell into CRLF (a cell holding a line break is quoted, so its LF stays);
// - UTF-8 gets the BOM; Shift_JIS is encoded from the UTF-8 text by the same CP932 encoder.
import { pipeline, type Readable, Transform } from 'node:stream';
import { type SQL, sql } from 'drizzle-orm';
import iconv from 'iconv-lite';
import type { Database } from '../db/database.js';
import { type CsvHeaderLanguage, type CsvOptions, cp932Encoder } from './csv-stream.js';

/** The first characters csv-stringify's `escape_formulas` neutralises. */
const FORMULA_STARTS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/** A text cell, neutralised against formula injection as csvStream's cells are. */
export function csvTextSql(value: SQL): SQL {
  const starts = sql.join(
    FORMULA_STARTS.map((start) => sql`${start}`),
    sql`, `,
  );
  return sql`(case when left(${value}, 1) in (${starts}) then '''' || ${value} else nullif(${value}, '') end)`;
}

export interface CopyColumn {
  ja: string;
  en: string;
  /** The cell in `language`: csvTextSql(...) for text, the bare expression for integers. */
  cell: (language: CsvHeaderLanguage) => SQL;
}

/** The select list of the columns, each named by its header in `language`. */
export function csvColumnsSql(columns: readonly CopyColumn[], language: CsvHeaderLanguage): SQL {
  return sql.join(
    columns.map((column) => sql`${column.cell(language)} as ${sql.identifier(column[language])}`),
    sql`, `,
  );
}

const LF = 0x0a;
const QUOTE = 0x22;
const CRLF = Buffer.from('\r\n');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * LF record ends to CRLF. A quote toggles "inside a quoted cell" (a doubled quote toggles
 * twice); LF and the quote never occur inside a multi-byte UTF-8 character.
 */
export function crlfRecordEnds(): Transform {
  let quoted = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const parts: Buffer[] = [];
      let start = 0;
      let position = 0;
      let nextQuote = chunk.indexOf(QUOTE);
      for (;;) {
        const lf = chunk.indexOf(LF, position);
        const end = lf === -1 ? chunk.length : lf;
        while (nextQuote !== -1 && nextQuote < end) {
          quoted = !quoted;
          nextQuote = chunk.indexOf(QUOTE, nextQuote + 1);
        }
        if (lf === -1) break;
        if (!quoted) {
          parts.push(chunk.subarray(start, lf), CRLF);
          start = lf + 1;
        }
        position = lf + 1;
      }
      parts.push(chunk.subarray(start));
      done(null, parts.length === 1 ? chunk : Buffer.concat(parts));
    },
  });
}

/** The UTF-8 BOM before the first byte. */
function bomFirst(): Transform {
  let first = true;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, first ? Buffer.concat([BOM, chunk]) : chunk);
      first = false;
    },
    flush(done) {
      done(null, first ? BOM : undefined);
    },
  });
}

/**
 * The CSV of `select` (built with csvColumnsSql; its own ORDER BY) as bytes in the options'
 * encoding, from a database that can COPY out (PostgreSQL). An error destroys the stream.
 */
export function copyCsv(database: Database, tenantId: string, select: SQL, options: CsvOptions): Readable {
  if (!database.copyOut) throw new Error('this database cannot COPY out: read the rows with csvStream');
  const copied = database.copyOut(tenantId, sql`copy (${select}) to stdout with (format csv, header)`);
  const ignore = () => {};
  return options.encoding === 'shift_jis'
    ? pipeline(copied, crlfRecordEnds(), iconv.decodeStream('utf8'), cp932Encoder(), ignore)
    : pipeline(copied, crlfRecordEnds(), bomFirst(), ignore);
}
