// `npm run bench -- <name>`: runs one benchmark (or all with no name) and prints one JSON
// line per benchmark: { name, n, seconds, perSecond, peakRssMb, floor..., ratio }.
// Figures are recorded in docs/benchmarks.md with the machine they ran on.
import { apiMeBenchmark } from './api-me.js';
import { billingBenchmark } from './billing.js';
import { billingCrashBenchmark } from './billing-crash.js';
import { exportBenchmark } from './export.js';
import { ordersBenchmark } from './orders.js';

export interface BenchmarkResult {
  name: string;
  [key: string]: unknown;
}

const benchmarks: Record<string, () => Promise<BenchmarkResult>> = {
  'api-me': apiMeBenchmark,
  billing: billingBenchmark,
  'billing-crash': billingCrashBenchmark,
  export: exportBenchmark,
  orders: ordersBenchmark,
};

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const names = requested.length > 0 ? requested : Object.keys(benchmarks);
for (const name of names) {
  const run = benchmarks[name];
  if (!run) {
    process.stderr.write(`unknown benchmark "${name}"; known: ${Object.keys(benchmarks).join(', ')}\n`);
    process.exit(2);
  }
  const result = await run();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
