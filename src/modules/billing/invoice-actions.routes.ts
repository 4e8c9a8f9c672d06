// Invoice actions (billing.md "Invoices"): open a draft for a billing account and month,
// adjustment lines on drafts, issue one draft or a month's drafts, credit notes (赤伝).
import Type from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { IdParams, tenantContextOf, Uuid } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { BillingMonthInput, InvoiceSchema } from './billing.schemas.js';
import { addAdjustmentLine, openDraftInvoice, removeInvoiceLine } from './invoice-edit.service.js';
import { createCreditNote, issueInvoice, issueMonth } from './invoice-issue.service.js';

const AdjustmentBody = Type.Object(
  {
    description: Type.String({ minLength: 1, maxLength: 200, description: 'Printed as the line text' }),
    serviceMonth: BillingMonthInput,
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    unitPrice: Type.Integer({
      minimum: -1_000_000_000,
      maximum: 1_000_000_000,
      description: 'Yen per unit; negative for a discount or refund',
    }),
    taxRate: Type.Integer({ minimum: 0, maximum: 100, description: "One of the tenant's rates, or 0" }),
  },
  { additionalProperties: false },
);

export function invoiceActionRoutes(database: Database) {
  return async (app: App) => {
    app.post(
      '/invoices',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary:
            "Open the draft invoice of a billing account and month (201), or answer the month's open draft (200)",
          body: Type.Object(
            { billingAccountId: Uuid, billingMonth: BillingMonthInput },
            { additionalProperties: false },
          ),
          response: { 200: InvoiceSchema, 201: InvoiceSchema },
        },
      },
      async (request, reply) => {
        const { invoice, created } = await openDraftInvoice(tenantContextOf(request, database), request.body);
        return reply.code(created ? 201 : 200).send(invoice);
      },
    );

    app.post(
      '/invoices/:id/lines',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'Add an adjustment line (調整) to a draft invoice or credit note',
          params: IdParams,
          body: AdjustmentBody,
          response: { 201: InvoiceSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await addAdjustmentLine(tenantContextOf(request, database), request.params.id, {
            ...request.body,
            quantity: request.body.quantity ?? 1,
          }),
        ),
    );

    app.delete(
      '/invoices/:id/lines/:lineId',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'Remove an adjustment line of a draft invoice (or any line of a draft credit note)',
          params: Type.Object({ id: Uuid, lineId: Uuid }),
          response: { 200: InvoiceSchema },
        },
      },
      async (request) =>
        removeInvoiceLine(tenantContextOf(request, database), request.params.id, request.params.lineId),
    );

    app.post(
      '/invoices/:id/issue',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'Issue a draft: number, issue date and due date; immutable from then on',
          params: IdParams,
          body: Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
          response: { 200: InvoiceSchema },
        },
      },
      async (request) =>
        issueInvoice(tenantContextOf(request, database), request.params.id, request.body.version),
    );

    app.post(
      '/invoices/issue',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'Issue every draft invoice of a billing month that has lines',
          body: Type.Object({ billingMonth: BillingMonthInput }, { additionalProperties: false }),
          response: { 200: Type.Object({ issued: Type.Integer() }) },
        },
      },
      async (request) => issueMonth(tenantContextOf(request, database), request.body.billingMonth),
    );

    app.post(
      '/invoices/:id/credit-note',
      {
        config: { access: 'billing.run' },
        schema: {
          tags: ['billing'],
          summary: 'A draft credit note (赤伝) negating the lines of an issued invoice',
          params: IdParams,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 500 }) },
            { additionalProperties: false },
          ),
          response: { 201: InvoiceSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(
            await createCreditNote(
              tenantContextOf(request, database),
              request.params.id,
              request.body.reason,
            ),
          ),
    );
  };
}
