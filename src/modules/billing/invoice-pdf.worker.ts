// A worker thread of the PDF renderer pool (invoice-pdf-renderer.ts): draws one invoice and
// hands the bytes back without a copy.
import { move } from 'piscina';
import { type InvoicePdfData, renderInvoicePdf } from './invoice-pdf.js';

export default async function render(data: InvoicePdfData) {
  const pdf = await renderInvoicePdf(data);
  // The Buffer's bytes alone (a pooled Buffer may sit in a larger ArrayBuffer).
  const bytes = new Uint8Array(pdf.byteLength);
  bytes.set(pdf);
  return move(bytes);
}
