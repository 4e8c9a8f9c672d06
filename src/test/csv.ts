// Reading a CSV download in a test: checks the encoding's byte signature (UTF-8 starts with
// the BOM, Shift_JIS does not), decodes (CP932 through iconv-lite) and parses (csv-parse).
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { expect } from 'vitest';

export interface CsvResponse {
  statusCode: number;
  body: string;
  rawPayload: Buffer;
  headers: Record<string, unknown>;
}

export function csvRecords(response: CsvResponse, encoding: 'utf-8' | 'shift_jis'): string[][] {
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toBe(
    encoding === 'utf-8' ? 'text/csv; charset=utf-8' : 'text/csv; charset=Shift_JIS',
  );
  const bytes = response.rawPayload;
  if (encoding === 'utf-8') {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return parse(bytes.subarray(3).toString('utf8')) as string[][];
  }
  expect(bytes[0]).not.toBe(0xef);
  return parse(iconv.decode(bytes, 'cp932')) as string[][];
}
