// `npm run bench -- export` (issue 5, quality.md): the month's billing CSV (請求データの
// csvダウンロード) of the bulk data's issued month (about 1,270,000 invoice lines after
// `npm run seed:bulk`), downloaded from the real server as it runs in production (the
// compiled `dist/src/main.js`, built first by `npm run build:server`) through
// `GET /api/v1/invoices/export` with an API token, in UTF-8 and in Shift_JIS. Each is
// measured against the floor of the export's own `COPY (...) TO STDOUT (FORMAT csv)` run by
// a plain client with the same client encoding (PostgreSQL's SJIS for Shift_JIS), in the same
// run: what the download adds is the tenant transaction, the CRLF record ends, the encoding
// and HTTP. Both are read into a sink that counts bytes.
// The server's peak resident memory is its VmHWM (/proc/<pid>/status), over its whole life.
// Targets: each download ≤ 2 × its floor, the server's peak memory < 250 MB.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { addMonths } from '../src/modules/billing/billing-month.rules.js';
import { copyQueryOfMonth } from '../src/modules/billing/invoice-export.service.js';
import { createApiToken } from '../src/modules/identity/api-token.service.js';
import type { CsvEncoding } from '../src/platform/csv/csv-stream.js';
import { copyStatementText } from '../src/platform/db/copy-out.js';
import { projectRoot } from '../src/platform/db/database.js';
import { startServer } from '../src/test/server-process.js';
import { loadAverage, openBenchData } from './bench-data.js';

/** A writable that keeps nothing and counts what passed. */
function byteCounter(): Writable & { bytes: number } {
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

async function timeCopyTo(url: string, query: string, encoding: CsvEncoding) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sink = byteCounter();
    const clientEncoding = encoding === 'shift_jis' ? 'SJIS' : 'UTF8';
    const started = performance.now();
    const stream = client.query(
      copyTo(`copy (${query}) to stdout with (format csv, header, encoding '${clientEncoding}')`),
    );
    await pipeline(stream, sink);
    return { seconds: (performance.now() - started) / 1000, rows: stream.rowCount, bytes: sink.bytes };
  } finally {
    await client.end();
  }
}

/** A process's peak resident set (VmHWM) in MB. */
function peakRssMbOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return Math.round(kb / 1024);
}

export async function exportBenchmark() {
  const data = await openBenchData({ pool: 2 });
  const { database, tenantId, url } = data;
  // The issued month of the bulk data: the month before the one they are ready to bill.
  const billingMonth = addMonths(data.billingMonth, -1);
  const [admin] = (
    await database.executeSql('select id, name from users where tenant_id = $1 order by id limit 1', [
      tenantId,
    ])
  ).rows as { id: string; name: string }[];
  if (!admin) throw new Error('the bench tenant has no user');
  const { token } = await createApiToken(
    { database, tenantId, actor: { id: admin.id, name: admin.name }, locale: 'ja' },
    'bench export',
  );
  execFileSync('npm', ['run', '--silent', 'build:server'], { cwd: projectRoot(), stdio: 'inherit' });
  const server = await startServer(
    { DATABASE_URL: url, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', SEED_DEMO: 'false' },
    { entry: 'dist/src/main.js' },
  );
  const query = copyStatementText(copyQueryOfMonth(tenantId, billingMonth, 'ja'));
  try {
    const idleRssMb = peakRssMbOf(server.child.pid as number);
    const figures: Record<string, unknown> = {};
    let rows = 0;
    for (const encoding of ['utf-8', 'shift_jis'] as const) {
      // The floor first: it warms the cache for both.
      const floor = await timeCopyTo(url, query, encoding);
      rows = floor.rows;
      const loadBefore = loadAverage();
      const sink = byteCounter();
      const started = performance.now();
      const response = await fetch(
        `${server.url}/api/v1/invoices/export?billingMonth=${billingMonth}&encoding=${encoding}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      if (response.status !== 200 || !response.body)
        throw new Error(`the export answered ${response.status}: ${await response.text()}`);
      await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), sink);
      const seconds = (performance.now() - started) / 1000;
      figures[encoding === 'utf-8' ? 'utf8' : 'shiftJis'] = {
        seconds: Number(seconds.toFixed(2)),
        rowsPerSecond: Math.round(floor.rows / seconds),
        megabytes: Number((sink.bytes / 1e6).toFixed(1)),
        floorSeconds: Number(floor.seconds.toFixed(2)),
        floorMegabytes: Number((floor.bytes / 1e6).toFixed(1)),
        ratio: Number((seconds / floor.seconds).toFixed(2)),
        loadAverage: [loadBefore, loadAverage()],
      };
    }
    if (rows < 1)
      throw new Error(`no invoice lines in ${billingMonth}: run \`npm run seed:bulk -- --fresh\``);
    return {
      name: 'export',
      n: rows,
      billingMonth,
      ...figures,
      serverIdleRssMb: idleRssMb,
      serverPeakRssMb: peakRssMbOf(server.child.pid as number),
    };
  } finally {
    await server.stop('SIGTERM').catch(() => server.stop('SIGKILL'));
    await database.executeSql(`delete from api_tokens where tenant_id = $1 and name = 'bench export'`, [
      tenantId,
    ]);
    await database.close();
  }
}
