// CSV downloads of billing data: the month's invoice lines (請求データのcsvダウンロード,
// api.md `GET /invoices/export`) and every invoice, one row each (各種データ出力).
import Type from 'typebox';
import { CsvQuery, CsvResponse, sendCsv } from '../../platform/csv/csv-http.js';
import type { Database } from '../../platform/db/database.js';
import { tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { BillingMonthInput } from './billing.schemas.js';
import { exportInvoiceLinesCsv } from './invoice-export.service.js';
import { exportInvoicesCsv } from './invoice-summary-export.service.js';

export function invoiceExportRoutes(database: Database) {
  return async (app: App) => {
    app.get(
      '/invoices/export',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: '請求データのcsvダウンロード: every invoice line of a billing month, all customers',
          description:
            'Columns: 請求番号, 請求年月, 顧客コード, 顧客名, 請求アカウント, 契約番号, 契約名, 明細番号, 商品コード, ' +
            '商品名, 料金種別(初期/月額), 利用月, 数量, 単価, 金額, 税率 (docs/billing.md). A malformed month answers 422 ' +
            '`billing_month_invalid`.',
          querystring: Type.Object(
            {
              billingMonth: BillingMonthInput,
              ...CsvQuery,
            },
            { additionalProperties: false },
          ),
          response: CsvResponse,
        },
      },
      async (request, reply) => {
        const encoding = request.query.encoding ?? 'utf-8';
        const stream = exportInvoiceLinesCsv(tenantContextOf(request, database), {
          billingMonth: request.query.billingMonth,
          encoding,
          headers: request.query.headers ?? 'ja',
        });
        return sendCsv(reply, `billing-${request.query.billingMonth}.csv`, encoding, stream);
      },
    );

    app.get(
      '/exports/invoices',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['exports'],
          summary: '各種データ出力: every invoice, one row each (totals and payment status)',
          querystring: Type.Object({ ...CsvQuery }, { additionalProperties: false }),
          response: CsvResponse,
        },
      },
      async (request, reply) => {
        const encoding = request.query.encoding ?? 'utf-8';
        const stream = exportInvoicesCsv(tenantContextOf(request, database), {
          encoding,
          headers: request.query.headers ?? 'ja',
        });
        return sendCsv(reply, 'invoices.csv', encoding, stream);
      },
    );
  };
}
