// 各種データ出力: the customers CSV (every customer with its default billing account).
import Type from 'typebox';
import { CsvQuery, CsvResponse, sendCsv } from '../../platform/csv/csv-http.js';
import type { Database } from '../../platform/db/database.js';
import { tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { exportCustomersCsv } from './customer-export.service.js';

export function customerExportRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/exports/customers',
      {
        config: { access: 'customers.read' },
        schema: {
          tags: ['exports'],
          summary: '各種データ出力: every customer with its default billing account, by customer code',
          querystring: Type.Object({ ...CsvQuery }, { additionalProperties: false }),
          response: CsvResponse,
        },
      },
      async (request, reply) => {
        const encoding = request.query.encoding ?? 'utf-8';
        const stream = exportCustomersCsv(tenantContextOf(request, database), {
          encoding,
          headers: request.query.headers ?? 'ja',
        });
        return sendCsv(reply, 'customers.csv', encoding, stream);
      },
    );
  };
}
