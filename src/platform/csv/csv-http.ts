// The HTTP side of CSV downloads: the shared `encoding` / `headers` query parameters, the
// response as the OpenAPI document shows it, and sending a CSV stream as an attachment; and
// of CSV uploads: a text/csv body decoded before the request guards see it.
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { decodeCsv } from './csv-import.js';
import { type CsvEncoding, csvContentType } from './csv-stream.js';

export const CsvQuery = {
  encoding: Type.Optional(
    Type.Union([Type.Literal('utf-8'), Type.Literal('shift_jis')], {
      default: 'utf-8',
      description: 'utf-8 (with BOM, the default) or shift_jis (CP932, no BOM)',
    }),
  ),
  headers: Type.Optional(
    Type.Union([Type.Literal('ja'), Type.Literal('en')], {
      default: 'ja',
      description: 'Header row (and fixed values such as 料金種別) in Japanese (default) or English',
    }),
  ),
};

export const CsvResponse = {
  200: {
    description: 'CSV (CRLF line ends), sent as an attachment and streamed',
    content: { 'text/csv': { schema: Type.String() } },
  },
};

/** Sends `stream` as the download `fileName` (ASCII: letters, digits, dot, dash). */
export function sendCsv(reply: FastifyReply, fileName: string, encoding: CsvEncoding, stream: Readable) {
  return reply
    .header('content-type', csvContentType(encoding))
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(stream);
}

/** A CSV upload is at most 10 MB (some 100,000 payment rows). */
export const CSV_UPLOAD_LIMIT = 10 * 1024 * 1024;

/**
 * Lets the plugin's routes take a text/csv body in UTF-8 (BOM or not) or Shift_JIS: decoded
 * to text here, so the input guards and the schema see a string.
 */
export function acceptCsvUploads(
  app: Pick<FastifyInstance, 'addContentTypeParser'>,
  limit = CSV_UPLOAD_LIMIT,
) {
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => {
    done(null, decodeCsv(body as Buffer));
  });
}
