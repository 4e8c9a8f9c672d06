// 各種データ出力: the contracts and line items CSVs.
import Type from 'typebox';
import { CsvQuery, CsvResponse, sendCsv } from '../../platform/csv/csv-http.js';
import type { Database } from '../../platform/db/database.js';
import { tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { exportContractsCsv, exportLineItemsCsv } from './ordering-export.service.js';

export function orderingExportRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/exports/contracts',
      {
        config: { access: 'contracts.read' },
        schema: {
          tags: ['exports'],
          summary: '各種データ出力: every contract with its customer and line item counts, by number',
          querystring: Type.Object({ ...CsvQuery }, { additionalProperties: false }),
          response: CsvResponse,
        },
      },
      async (request, reply) => {
        const encoding = request.query.encoding ?? 'utf-8';
        const stream = exportContractsCsv(tenantContextOf(request, database), {
          encoding,
          headers: request.query.headers ?? 'ja',
        });
        return sendCsv(reply, 'contracts.csv', encoding, stream);
      },
    );

    app.get(
      '/exports/line-items',
      {
        config: { access: 'contracts.read' },
        schema: {
          tags: ['exports'],
          summary: '各種データ出力: every line item with its product, status, dates and prices, by number',
          querystring: Type.Object({ ...CsvQuery }, { additionalProperties: false }),
          response: CsvResponse,
        },
      },
      async (request, reply) => {
        const encoding = request.query.encoding ?? 'utf-8';
        const stream = exportLineItemsCsv(tenantContextOf(request, database), {
          encoding,
          headers: request.query.headers ?? 'ja',
        });
        return sendCsv(reply, 'line-items.csv', encoding, stream);
      },
    );
  };
}
