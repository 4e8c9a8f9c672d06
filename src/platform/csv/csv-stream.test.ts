// The CSV format every download shares: BOM or CP932 bytes, CRLF, quoting, formula
// neutralisation of strings only, header languages, pages pulled only as they are read.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { describe, expect, test } from 'vitest';
import { type CsvColumn, type CsvOptions, csvStream, toCp932Forms } from './csv-stream.js';

interface Row {
  name: string | null;
  amount: number;
}

const columns: CsvColumn<Row>[] = [
  { ja: '名前', en: 'Name', value: (row) => row.name },
  { ja: '金額', en: 'Amount', value: (row) => row.amount },
];

async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

async function* pagesOf<T>(...pages: T[][]): AsyncGenerator<T[]> {
  for (const page of pages) yield page;
}

const csv = (rows: Row[], options: CsvOptions = { encoding: 'utf-8', headers: 'ja' }) =>
  bytesOf(csvStream(pagesOf(rows), columns, options));

describe('csvStream', () => {
  test('UTF-8 starts with the BOM, has a Japanese header and CRLF line ends', async () => {
    const bytes = await csv([{ name: '株式会社テスト', amount: 1000 }]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('名前,金額\r\n株式会社テスト,1000\r\n');
  });

  test('English headers on request', async () => {
    const bytes = await csv([], { encoding: 'utf-8', headers: 'en' });
    expect(bytes.toString('utf8')).toBe('\uFEFFName,Amount\r\n');
  });

  test('Shift_JIS is CP932 without a BOM: the bytes of a Japanese string decode back to it', async () => {
    const name = '髙橋①株式会社～ｶﾅ';
    const bytes = await csv([{ name, amount: 1 }], { encoding: 'shift_jis', headers: 'ja' });
    expect(bytes[0]).not.toBe(0xef);
    // 名 in CP932 is 0x96BC: the header's first character, byte for byte.
    expect([...bytes.subarray(0, 2)]).toEqual([0x96, 0xbc]);
    expect(bytes.equals(iconv.encode(`名前,金額\r\n${name},1\r\n`, 'cp932'))).toBe(true);
    expect(iconv.decode(bytes, 'cp932')).toBe(`名前,金額\r\n${name},1\r\n`);
  });

  test('Shift_JIS maps 〜 − — to their CP932 forms; what CP932 cannot encode becomes ?', async () => {
    expect(toCp932Forms('10〜20−5—')).toBe('10～20－5―');
    const bytes = await csv([{ name: '10〜20 😀€', amount: 1 }], { encoding: 'shift_jis', headers: 'en' });
    expect(iconv.decode(bytes, 'cp932')).toBe('Name,Amount\r\n10～20 ??,1\r\n');
  });

  test('string cells starting with = + - @ tab or CR get a leading quote; negative numbers stay numbers', async () => {
    const rows: Row[] = [
      { name: '=HYPERLINK("http://x")', amount: -500 },
      { name: '+81 3', amount: 0 },
      { name: '-500', amount: 1 },
      { name: '@SUM(A1)', amount: 2 },
      { name: '\tcmd', amount: 3 },
      { name: 'a=b', amount: 4 },
    ];
    const text = (await csv(rows)).toString('utf8').slice(1);
    const records = parse(text, { relax_column_count: false }) as string[][];
    expect(records.slice(1)).toEqual([
      [`'=HYPERLINK("http://x")`, '-500'],
      [`'+81 3`, '0'],
      [`'-500`, '1'],
      [`'@SUM(A1)`, '2'],
      [`'\tcmd`, '3'],
      ['a=b', '4'],
    ]);
    expect(text.split('\r\n')[1]).toBe(`"'=HYPERLINK(""http://x"")",-500`);
  });

  test('commas, quotes and line breaks (CRLF, lone LF, lone CR) are quoted; null is an empty cell', async () => {
    const rows: Row[] = [
      { name: 'a,b', amount: 1 },
      { name: 'say "hi"', amount: 2 },
      { name: 'line1\nline2', amount: 3 },
      { name: 'line1\rline2', amount: 4 },
      { name: 'x\r\ny', amount: 5 },
      { name: null, amount: 6 },
    ];
    const text = (await csv(rows)).toString('utf8').slice(1);
    expect(text).toBe(
      '名前,金額\r\n"a,b",1\r\n"say ""hi""",2\r\n"line1\nline2",3\r\n"line1\rline2",4\r\n"x\r\ny",5\r\n,6\r\n',
    );
    const records = parse(text) as string[][];
    expect(records.slice(1).map((record) => record[0])).toEqual([
      'a,b',
      'say "hi"',
      'line1\nline2',
      'line1\rline2',
      'x\r\ny',
      '',
    ]);
  });

  test('pages are read only as the stream is read (back-pressure)', async () => {
    let pagesRead = 0;
    async function* many(): AsyncGenerator<Row[]> {
      for (let page = 0; page < 1000; page += 1) {
        pagesRead += 1;
        yield Array.from({ length: 100 }, (_, i) => ({ name: `顧客${page}-${i}`, amount: i }));
      }
    }
    const stream = csvStream(many(), columns, { encoding: 'shift_jis', headers: 'ja' });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The streams between hold some 64 KB of text: a few thousand rows, not the 100,000.
    const buffered = pagesRead;
    expect(buffered).toBeGreaterThan(0);
    expect(buffered).toBeLessThan(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pagesRead, 'reading stalls while nobody reads').toBe(buffered);
    let rows = 0;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      rows += iconv.decode(next.value as Buffer, 'cp932').split('\r\n').length - 1;
    }
    expect(pagesRead).toBe(1000);
    expect(rows).toBeGreaterThan(90_000);
  });

  test('an error while reading ends the stream with that error', async () => {
    async function* failing(): AsyncGenerator<Row[]> {
      yield [{ name: 'ok', amount: 1 }];
      throw new Error('database gone');
    }
    await expect(
      bytesOf(csvStream(failing(), columns, { encoding: 'utf-8', headers: 'ja' })),
    ).rejects.toThrow('database gone');
  });
});
