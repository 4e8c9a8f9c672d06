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

export interface WorkerFile {
  filename: string;
  execArgv: string[];
}

function workerFile(): WorkerFile {
  // Compiled (dist/.../invoice-pdf.worker.js) or from source under tsx or vitest (.ts): a
  // TypeScript worker loads through tsx, as `npm run dev` does.
  const compiled = import.meta.url.endsWith('.js');
  const filename = fileURLToPath(new URL(`./invoice-pdf.worker.${compiled ? 'js' : 'ts'}`, import.meta.url));
  return { filename, execArgv: compiled ? [] : ['--import', 'tsx'] };
}

export interface PdfRenderer {
  /** The invoice as PDF bytes, drawn by a worker thread. */
  render(data: InvoicePdfData): Promise<Buffer>;
  /** Ends the threads; a later render starts them again. */
  close(): Promise<void>;
}

/** A pool of PDF worker threads, started on the first render. */
export function pdfRenderer(file: WorkerFile = workerFile()): PdfRenderer {
  let pool: Piscina<InvoicePdfData, Uint8Array> | undefined;
  const startFailures = new WeakMap<object, unknown>();
  const start = () => {
    const started = new Piscina<InvoicePdfData, Uint8Array>({
      ...file,
      maxThreads: PDF_THREADS,
      minThreads: 0,
      // Idle threads end, so an app that draws no PDF for a while holds no thread.
      idleTimeout: 30_000,
    });
    // A worker that cannot even start (a broken install) is reported by the pool, not by
    // the task it was meant for: unheard, that error would end the process. The pool is
    // given up instead (its waiting tasks are rejected with the cause) and the next render
    // starts a new one.
    started.on('error', (error: unknown) => {
      startFailures.set(started, error);
      if (pool === started) pool = undefined;
      void started.destroy().catch(() => {});
    });
    return started;
  };
  return {
    async render(data) {
      pool ??= start();
      const current = pool;
      let bytes: Uint8Array;
      try {
        bytes = await current.run(data);
      } catch (error) {
        const cause = startFailures.get(current);
        throw cause ? new Error('the PDF renderer could not start a worker thread', { cause }) : error;
      }
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async close() {
      const closing = pool;
      pool = undefined;
      await closing?.destroy();
    },
  };
}

const shared = pdfRenderer();

/** The invoice as PDF bytes, drawn by the app's pool. */
export const renderInvoicePdfInPool = (data: InvoicePdfData) => shared.render(data);

/** Ends the app's pool (the app's close). */
export const closePdfRenderer = () => shared.close();
