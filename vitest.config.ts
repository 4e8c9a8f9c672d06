// Tests live beside the code they test (architecture.md rule 8):
//   *.test.ts         pure unit tests
//   *.int.test.ts     integration tests on PostgreSQL (a fresh database per file)
//   *.api.test.ts     HTTP API tests, also on PostgreSQL
//   *.pglite.test.ts  the smoke suite on the embedded PGlite
// See docs/testing.md.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // web/src/**/*.test.ts: pure functions of the web app (no DOM), run in node as well.
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'e2e/**'],
    environment: 'node',
    pool: 'forks',
    // Two files at a time even on two cores (vitest's default is cores - 1, one here): the
    // files wait on PostgreSQL and child processes much of the time (555 s -> 332 s).
    maxWorkers: 2,
    globalSetup: ['src/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
    // No test may be skipped or focused into silence (quality.md): `.only` fails the run.
    allowOnly: false,
    passWithNoTests: false,
    // The console for people, the JSON report for scripts/test.mjs, which counts from it.
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});
