// Billing runs (api.md "Billing"): start a run for a month (202 with the run; its job carries
// the progress, streamed by GET /jobs/{jobId}/events), read one, list them; and the invoices (請求データ) they make.
import Type from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { IdParams, PageQuery, pageOfSchema, tenantContextOf, Uuid } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import type { JobService } from '../../platform/jobs/service.js';
import { decodeCursor } from '../../platform/pagination.js';
import { BillingMonthInput, BillingRunSchema, InvoiceSchema, PaymentStatus } from './billing.schemas.js';
import { getBillingRun, listBillingRuns, startBillingRun } from './billing-run.service.js';
import { getInvoice, listInvoices } from './invoice-read.service.js';

export function billingRoutes(database: Database, jobs: Pick<JobService, 'enqueue'>) {
  return async (app: App) => {
    app.post(
      '/billing-runs',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'Start a billing run for a month that has ended (or a preview with dryRun)',
          body: Type.Object(
            { billingMonth: BillingMonthInput, dryRun: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: { 202: BillingRunSchema },
        },
      },
      async (request, reply) => {
        const run = await startBillingRun(tenantContextOf(request, database), request.body, jobs);
        return reply.code(202).send(run);
      },
    );

    app.get(
      '/billing-runs/:id',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: 'A billing run with its progress and report',
          params: IdParams,
          response: { 200: BillingRunSchema },
        },
      },
      async (request) =>
        getBillingRun(database, tenantContextOf(request, database).tenantId, request.params.id),
    );

    app.get(
      '/billing-runs',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: 'Billing runs, newest first',
          querystring: Type.Object(
            { ...PageQuery, billingMonth: Type.Optional(BillingMonthInput) },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(BillingRunSchema) },
        },
      },
      async (request) =>
        listBillingRuns(database, tenantContextOf(request, database).tenantId, {
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
          billingMonth: request.query.billingMonth,
        }),
    );
    app.get(
      '/invoices',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary:
            '請求データ: invoices by billing month, customer and status, newest first, with lines and taxes',
          querystring: Type.Object(
            {
              ...PageQuery,
              billingMonth: Type.Optional(BillingMonthInput),
              customerId: Type.Optional(Uuid),
              q: Type.Optional(
                Type.String({ maxLength: 200, description: "The customer's code, name (folded) or phone" }),
              ),
              status: Type.Optional(Type.Union([Type.Literal('draft'), Type.Literal('issued')])),
              paymentStatus: Type.Optional(PaymentStatus),
            },
            { additionalProperties: false },
          ),
          response: { 200: pageOfSchema(InvoiceSchema) },
        },
      },
      async (request) =>
        listInvoices(tenantContextOf(request, database), {
          limit: request.query.limit ?? 50,
          cursor: decodeCursor(request.query.cursor),
          billingMonth: request.query.billingMonth,
          customerId: request.query.customerId,
          q: request.query.q,
          status: request.query.status,
          paymentStatus: request.query.paymentStatus,
        }),
    );

    app.get(
      '/invoices/:id',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: 'One invoice (請求データ詳細) with its lines and taxes',
          params: IdParams,
          response: { 200: InvoiceSchema },
        },
      },
      async (request) => getInvoice(tenantContextOf(request, database), request.params.id),
    );
  };
}
