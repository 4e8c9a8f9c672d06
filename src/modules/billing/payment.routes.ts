// 入金 (payments received): record one on an invoice, list them, import a CSV of them
// matched on invoice number (all or nothing, with a preview).
import Type from 'typebox';
import { acceptCsvUploads } from '../../platform/csv/csv-http.js';
import type { Database } from '../../platform/db/database.js';
import {
  IdParams,
  Instant,
  Nullable,
  PageQuery,
  pageOfSchema,
  tenantContextOf,
  Uuid,
} from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { decodeCursor } from '../../platform/pagination.js';
import { importPayments, listPayments, recordPayment } from './payment.service.js';

const Method = Type.Union(
  [
    Type.Literal('bank_transfer'),
    Type.Literal('direct_debit'),
    Type.Literal('credit_card'),
    Type.Literal('cash'),
    Type.Literal('other'),
  ],
  { description: '入金方法' },
);
const PlainDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

const PaymentSchema = Type.Object(
  {
    id: Type.String(),
    invoiceId: Type.String(),
    invoiceNumber: Nullable(Type.String()),
    receivedOn: PlainDate,
    amount: Type.Integer(),
    method: Method,
    reference: Nullable(Type.String()),
    importId: Nullable(Type.String({ description: 'The CSV import that recorded it' })),
    createdAt: Instant,
  },
  { $id: 'Payment' },
);

const ImportRow = Type.Object({
  row: Type.Integer({ description: 'Data row number (the header is row 0)' }),
  invoiceNumber: Type.String(),
  invoiceId: Nullable(Type.String()),
  receivedOn: PlainDate,
  amount: Type.Integer(),
  method: Method,
  reference: Nullable(Type.String()),
});

export function paymentRoutes(database: Database) {
  return async (app: App) => {
    acceptCsvUploads(app);

    app.post(
      '/invoices/:id/payments',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'Record a payment received (入金) on an issued invoice',
          params: IdParams,
          body: Type.Object(
            {
              receivedOn: PlainDate,
              amount: Type.Integer({ minimum: 1, maximum: 1_000_000_000_000 }),
              method: Method,
              reference: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
            },
            { additionalProperties: false },
          ),
          response: { 201: PaymentSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await recordPayment(tenantContextOf(request, database), request.params.id, request.body)),
    );

    app.get(
      '/payments',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: 'Payments received, newest first',
          querystring: Type.Object(
            { ...PageQuery, invoiceId: Type.Optional(Uuid) },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(PaymentSchema) },
        },
      },
      async (request) =>
        listPayments(tenantContextOf(request, database), {
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
          invoiceId: request.query.invoiceId,
        }),
    );

    app.post(
      '/payments/import',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary:
            '入金CSV取込: text/csv with columns 請求番号,入金日,金額,支払方法,参照 (or invoiceNumber,receivedOn,amount,method,reference); all or nothing',
          querystring: Type.Object(
            {
              dryRun: Type.Optional(Type.Boolean({ description: 'Check and show the rows; record nothing' })),
            },
            { additionalProperties: false },
          ),
          consumes: ['text/csv'],
          body: Type.String({ description: 'The CSV, UTF-8 or Shift_JIS' }),
          response: {
            200: Type.Object({
              applied: Type.Boolean(),
              total: Type.Integer(),
              rows: Type.Array(ImportRow),
            }),
          },
        },
      },
      async (request) =>
        importPayments(tenantContextOf(request, database), request.body, request.query.dryRun ?? false),
    );
  };
}
