// Drawing invoice PDFs off the request thread: a pool of worker threads (piscina), one per
// core up to four, started on the first PDF and closed with the app. A PDF takes 30-80 ms of
// CPU (laying out and subsetting the Japanese font); in the pool a month's zip draws several
// at once while the event loop keeps serving other requests. The worker runs the same
// renderInvoicePdf (invoice-pdf.ts), so the bytes are the same as drawn in-process.
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { InvoicePdfData } from './invoice-pdf.js';

/** How many PDFs are drawn at once. */
export const PDF_THREADS = Math.max(1, Math.min(4, os.availableParallelism()));

let pool: Piscina<InvoicePdfData, Uint8Array> | undefined;

function workerFile(): { filename: string; execArgv: string[] } {
  // Compiled (dist/.../invoice-pdf.worker.js) or from source under tsx or vitest (.ts): a
  // TypeScript worker loads through tsx, as `npm run dev` does.
  const compiled = import.meta.url.endsWith('.js');
  const filename = fileURLToPath(new URL(`./invoice-pdf.worker.${compiled ? 'js' : 'ts'}`, import.meta.url));
  return { filename, execArgv: compiled ? [] : ['--import', 'tsx'] };
}

/** The invoice as PDF bytes, drawn by a worker thread. */
export async function renderInvoicePdfInPool(data: InvoicePdfData): Promise<Buffer> {
  pool ??= new Piscina<InvoicePdfData, Uint8Array>({
    ...workerFile(),
    maxThreads: PDF_THREADS,
    minThreads: 0,
    // Idle threads end, so an app that draws no PDF for a while holds no thread.
    idleTimeout: 30_000,
  });
  const bytes = await pool.run(data);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Ends the pool's threads (the app's close). */
export async function closePdfRenderer(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.destroy();
}
