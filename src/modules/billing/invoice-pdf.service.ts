// Invoice PDFs (api.md "Billing"): one invoice as a qualified invoice, and a month's
// invoices as one zip, streamed: each PDF is read and drawn only a few entries before the
// zip reaches it (as many at once as the renderer pool has threads), so a month of any size
// is sent in constant memory while every core draws.
import { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import { ZipFile } from 'yazl';
import type { TenantContext } from '../../platform/context.js';
import type { Tx } from '../../platform/db/database.js';
import { tenants } from '../../platform/tenancy/schema.js';
import { loadCustomer } from '../customers/index.js';
import { requireBillingMonth } from './billing-month-input.js';
import { type BillingSettingsView, loadBillingSettings } from './billing-settings.service.js';
import type { InvoicePdfData } from './invoice-pdf.js';
import { invoicePdfFileName } from './invoice-pdf.rules.js';
import { PDF_THREADS, renderInvoicePdfInPool } from './invoice-pdf-renderer.js';
import { readInvoice } from './invoice-read.service.js';
import { invoices } from './schema.js';

export interface InvoicePdfFile {
  fileName: string;
  content: Buffer;
}

/** What the PDF prints besides the invoice: issuer, customer kind, bank account, the original. */
async function pdfDataOf(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  settings: BillingSettingsView,
): Promise<InvoicePdfData> {
  const invoice = await readInvoice(tx, tenantId, invoiceId);
  const [tenant] = await tx.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, tenantId));
  const customer = await loadCustomer(tx, tenantId, invoice.customerId);
  const [original] = invoice.creditFor
    ? await tx
        .select({ number: invoices.number })
        .from(invoices)
        .where(and(eq(invoices.tenantId, tenantId), eq(invoices.id, invoice.creditFor)))
    : [];
  return {
    invoice,
    issuer: { name: tenant?.name ?? '', registrationNumber: settings.registrationNumber },
    customerKind: customer?.kind ?? null,
    bankAccount: settings.bankAccount,
    reducedRate: settings.taxRateOf('reduced'),
    creditForNumber: original?.number ?? null,
  };
}

async function renderOne(context: TenantContext, invoiceId: string, settings: BillingSettingsView) {
  const { database, tenantId } = context;
  const data = await database.inTenant(tenantId, (tx) => pdfDataOf(tx, tenantId, invoiceId, settings));
  return { fileName: invoicePdfFileName(data.invoice), content: await renderInvoicePdfInPool(data) };
}

/** One invoice's PDF; 404 for an id not in the tenant. */
export async function invoicePdf(context: TenantContext, invoiceId: string): Promise<InvoicePdfFile> {
  const settings = await loadBillingSettings(context.database, context.tenantId);
  return renderOne(context, invoiceId, settings);
}

export interface InvoicePdfZip {
  fileName: string;
  stream: Readable;
}

/**
 * Every invoice of a billing month (drafts, issued invoices and credit notes), one PDF each
 * named by its number (`draft-<id>.pdf` for a draft), issued ones first in number order.
 * A malformed month is 422 `billing_month_invalid`; a month without invoices is an empty zip.
 */
export async function invoicePdfZip(context: TenantContext, billingMonth: string): Promise<InvoicePdfZip> {
  requireBillingMonth(billingMonth);
  const { database, tenantId } = context;
  const settings = await loadBillingSettings(database, tenantId);
  const entries = await database.inTenant(tenantId, (tx) =>
    tx
      .select({ id: invoices.id, number: invoices.number })
      .from(invoices)
      .where(and(eq(invoices.tenantId, tenantId), eq(invoices.billingMonth, billingMonth)))
      .orderBy(asc(invoices.number), asc(invoices.id)),
  );
  const zip = new ZipFile();
  // Entries are drawn ahead of the zip (which takes them one by one, in order): one per
  // renderer thread and one more, so every thread is busy while the zip writes.
  const drawn = new Map<number, Promise<InvoicePdfFile>>();
  const draw = (index: number) => {
    const entry = entries[index];
    if (!entry || drawn.has(index)) return;
    const file = renderOne(context, entry.id, settings);
    // Awaited when the zip reaches it; a download that ends first leaves it unheard.
    file.catch(() => {});
    drawn.set(index, file);
  };
  entries.forEach((entry, index) => {
    // PDFs are compressed already: stored, not deflated again.
    zip.addReadStreamLazy(invoicePdfFileName(entry), { compress: false }, (callback) => {
      for (let next = index; next <= index + PDF_THREADS; next += 1) draw(next);
      const file = drawn.get(index) as Promise<InvoicePdfFile>;
      drawn.delete(index);
      file.then(
        (pdf) => callback(null, Readable.from([pdf.content], { objectMode: false })),
        (error: Error) => callback(error, undefined as unknown as Readable),
      );
    });
  });
  // yazl's output is a PassThrough. A PDF that cannot be made mid-way breaks the download
  // rather than ending it short.
  const stream = zip.outputStream as Readable;
  zip.on('error', (error: Error) => stream.destroy(error));
  zip.end();
  return { fileName: `invoices-${billingMonth}.zip`, stream };
}
