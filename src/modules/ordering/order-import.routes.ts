// 注文一括登録 (api.md "Orders, contracts, line items"): new orders from a CSV, checked as a
// preview (dryRun) and then placed, and completed where a row has a 完了日, all or nothing.
import Type from 'typebox';
import { acceptCsvUploads } from '../../platform/csv/csv-http.js';
import type { Database } from '../../platform/db/database.js';
import { Nullable, tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { importOrders } from './order-import.service.js';

const PlainDate = Type.String({ format: 'date', description: 'YYYY-MM-DD in the tenant time zone' });

const ImportedRow = Type.Object({
  row: Type.Integer({ description: 'Data row number (the header is row 0)' }),
  customerCode: Type.String(),
  customerName: Type.String(),
  productCode: Type.String(),
  productName: Type.String(),
  quantity: Type.Integer(),
  contractName: Nullable(Type.String()),
  orderedOn: PlainDate,
  completedOn: Nullable(PlainDate),
  chargeStartDate: Nullable(PlainDate),
  serialNumber: Nullable(Type.String()),
  orderNumber: Nullable(Type.String({ description: 'Given on import; null in a preview' })),
  lineItemNumber: Nullable(Type.String({ description: 'Given on import; null in a preview' })),
});

export function orderImportRoutes(database: Database) {
  return async (app: App) => {
    acceptCsvUploads(app);

    app.post(
      '/orders/import',
      {
        config: { access: 'orders.import' },
        schema: {
          tags: ['ordering'],
          summary:
            '注文一括登録: text/csv, one row per line item, columns 顧客コード,商品コード,数量 and optionally 契約名,契約キー (rows with one key make one order),注文日,完了日 (completes the row at once),課金開始日,シリアル番号,属性:<key> (or customerCode,productCode,quantity,contractName,contractKey,orderedOn,completedOn,chargeStartDate,serialNumber,attribute:<key>); all or nothing, at most 20,000 rows',
          querystring: Type.Object(
            {
              dryRun: Type.Optional(
                Type.Boolean({ description: 'Check the rows and show what they make; write nothing' }),
              ),
            },
            { additionalProperties: false },
          ),
          consumes: ['text/csv'],
          body: Type.String({ description: 'The CSV, UTF-8 or Shift_JIS' }),
          response: {
            200: Type.Object({
              applied: Type.Boolean(),
              importId: Nullable(Type.String()),
              orders: Type.Integer(),
              lineItems: Type.Integer(),
              completedOrders: Type.Integer(),
              rows: Type.Array(ImportedRow),
            }),
          },
        },
      },
      async (request) =>
        importOrders(tenantContextOf(request, database), request.body, request.query.dryRun ?? false),
    );
  };
}
