// The one command behind `npm test` (quality.md): lint, typecheck, module boundaries,
// vitest, Playwright. Every stage runs even when an earlier one failed; each streams its
// own output. At the end a per-stage summary and exactly one line `N passed, N failed`,
// counted from the runners' JSON reports (a skipped test counts as failed, each static
// check counts as one test). Exit code 0 only when nothing failed and every report exists.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

const VITEST_REPORT = path.join('reports', 'vitest.json');
const PLAYWRIGHT_REPORT = path.join('reports', 'playwright.json');
const env = {
  ...process.env,
  PATH: `${path.join(root, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
};

/** Runs a command with inherited output (no stdin: CI has none); resolves with its exit code. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', (error) => {
      console.error(`could not start ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function readReport(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function firstLine(text) {
  return String(text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line.length > 0);
}

/** Vitest's JSON report: one assertion result per test; a file that failed to run counts once. */
function countVitest(report) {
  const result = { passed: 0, failed: 0, failures: [] };
  for (const file of report.testResults ?? []) {
    const name = path.relative(root, file.name ?? '?');
    let failedInFile = 0;
    for (const test of file.assertionResults ?? []) {
      if (test.status === 'passed') {
        result.passed++;
      } else {
        result.failed++;
        failedInFile++;
        result.failures.push(`${name} > ${test.fullName ?? test.title} (${test.status})`);
      }
    }
    if (file.status !== 'passed' && failedInFile === 0) {
      result.failed++;
      result.failures.push(`${name}: ${firstLine(file.message) ?? `file ${file.status}`}`);
    }
  }
  return result;
}

/** Playwright's JSON report: suites nest; each test's status is expected/unexpected/flaky/skipped. */
function countPlaywright(report) {
  const result = { passed: 0, failed: 0, failures: [] };
  const visit = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected') {
          result.passed++;
        } else {
          result.failed++;
          const project = test.projectName ? `[${test.projectName}] ` : '';
          result.failures.push(`${project}${spec.file ?? ''} > ${spec.title} (${test.status})`);
        }
      }
    }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report.suites ?? []) visit(suite);
  // Errors outside any test: the web server did not start, a spec did not load ...
  for (const error of report.errors ?? []) {
    result.failed++;
    result.failures.push(firstLine(error.message ?? error.value ?? JSON.stringify(error)) ?? 'error');
  }
  return result;
}

function hasE2eSpecs() {
  try {
    return fs.readdirSync('e2e', { recursive: true }).some((file) => String(file).endsWith('.spec.ts'));
  } catch {
    return false;
  }
}

/** A static check is one test: passed when its command exits 0. */
async function staticCheck(command, args) {
  const code = await run(command, args);
  return code === 0
    ? { passed: 1, failed: 0, failures: [] }
    : { passed: 0, failed: 1, failures: [`exit code ${code}`] };
}

/** A test runner: counted from its report, which must exist and be fresh. */
async function reportedRun(command, args, reportFile, count) {
  fs.rmSync(reportFile, { force: true });
  const code = await run(command, args);
  const report = readReport(reportFile);
  if (!report) {
    return {
      passed: 0,
      failed: 1,
      failures: [`no report at ${reportFile} (exit code ${code}): the runner crashed`],
    };
  }
  const result = count(report);
  // A runner that failed must not look green, even when every counted test passed.
  if (code !== 0 && result.failed === 0) {
    result.failed++;
    result.failures.push(`exit code ${code} with no failed test in the report (unhandled error, teardown)`);
  }
  if (result.passed + result.failed === 0) {
    result.failed++;
    result.failures.push('the report holds no test');
  }
  return result;
}

const stages = [
  { name: 'lint', title: 'biome check .', run: () => staticCheck('biome', ['check', '.']) },
  { name: 'typecheck', title: 'npm run typecheck', run: () => staticCheck('npm', ['run', 'typecheck']) },
  { name: 'depcheck', title: 'npm run depcheck', run: () => staticCheck('npm', ['run', 'depcheck']) },
  {
    name: 'vitest',
    title: 'vitest run',
    run: () =>
      reportedRun(
        'vitest',
        ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`],
        VITEST_REPORT,
        countVitest,
      ),
  },
  {
    name: 'e2e',
    title: 'npm run test:e2e (build, then Playwright in Chromium)',
    when: hasE2eSpecs,
    absent: 'no e2e/*.spec.ts',
    run: () => reportedRun('npm', ['run', 'test:e2e'], PLAYWRIGHT_REPORT, countPlaywright),
  },
];

const results = [];
for (const [index, stage] of stages.entries()) {
  if (stage.when && !stage.when()) {
    results.push({ stage, absent: true });
    continue;
  }
  console.log(`\n━━━ [${index + 1}/${stages.length}] ${stage.name}: ${stage.title} ━━━\n`);
  const started = performance.now();
  const result = await stage.run();
  results.push({ stage, ...result, seconds: (performance.now() - started) / 1000 });
}

let passed = 0;
let failed = 0;
console.log('\n━━━ summary ━━━');
for (const result of results) {
  const label = result.stage.name.padEnd(10);
  if (result.absent) {
    console.log(`  ${label} not run: ${result.stage.absent}`);
    continue;
  }
  passed += result.passed;
  failed += result.failed;
  const verdict = result.failed === 0 ? 'ok  ' : 'FAIL';
  console.log(
    `  ${verdict} ${label} passed ${String(result.passed).padStart(4)}   failed ${String(result.failed).padStart(4)}   ${result.seconds.toFixed(1)} s`,
  );
  for (const failure of result.failures.slice(0, 25)) console.log(`         - ${failure}`);
  if (result.failures.length > 25) console.log(`         ... and ${result.failures.length - 25} more`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
