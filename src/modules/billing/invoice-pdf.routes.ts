// Invoice PDFs (api.md "Billing"): one invoice as a qualified invoice (適格請求書), and a
// billing month's PDFs as a zip, both sent as downloads.
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import Type from 'typebox';
import type { Database } from '../../platform/db/database.js';
import { IdParams, tenantContextOf } from '../../platform/http/schemas.js';
import type { App } from '../../platform/http/types.js';
import { BillingMonthInput } from './billing.schemas.js';
import { invoicePdf, invoicePdfZip } from './invoice-pdf.service.js';
import { closePdfRenderer } from './invoice-pdf-renderer.js';

/** Sends a download (`fileName` is ASCII: letters, digits, dot, dash). */
function sendAttachment(reply: FastifyReply, contentType: string, fileName: string, body: Buffer | Readable) {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function invoicePdfRoutes(database: Database) {
  return async (app: App) => {
    // The renderer's worker threads end with the app.
    app.addHook('onClose', closePdfRenderer);
    app.get(
      '/invoices/pdf',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary: "A billing month's invoices as PDFs in one zip (streamed)",
          description:
            'One PDF per invoice of the month, named by invoice number (`draft-<id>.pdf` for drafts). ' +
            'A malformed month answers 422 `billing_month_invalid`; a month without invoices an empty zip.',
          querystring: Type.Object({ billingMonth: BillingMonthInput }, { additionalProperties: false }),
          response: {
            200: {
              description: 'A zip archive, sent as an attachment',
              content: { 'application/zip': { schema: Type.String({ format: 'binary' }) } },
            },
          },
        },
      },
      async (request, reply) => {
        const zip = await invoicePdfZip(tenantContextOf(request, database), request.query.billingMonth);
        return sendAttachment(reply, 'application/zip', zip.fileName, zip.stream);
      },
    );

    app.get(
      '/invoices/:id/pdf',
      {
        config: { access: 'billing.read' },
        schema: {
          tags: ['billing'],
          summary:
            'The invoice as a PDF: a Japanese qualified invoice (適格請求書), or a return invoice for a credit note',
          params: IdParams,
          response: {
            200: {
              description:
                'A PDF named by the invoice number (`draft-<id>.pdf` for a draft), sent as an attachment',
              content: { 'application/pdf': { schema: Type.String({ format: 'binary' }) } },
            },
          },
        },
      },
      async (request, reply) => {
        const file = await invoicePdf(tenantContextOf(request, database), request.params.id);
        return sendAttachment(reply, 'application/pdf', file.fileName, file.content);
      },
    );
  };
}
