// End-to-end tests in headless Chromium from Debian (`apt-get install chromium`; never
// `playwright install`), against the built server on the embedded PGlite with the demo
// tenant. Run by `npm run test:e2e`, which builds first; scripts/test.mjs counts the JSON report.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const root = fileURLToPath(new URL('..', import.meta.url));
// E2E_PORT lets two runs on one machine (a session's and a rehearsal of CI) stay apart.
const PORT = Number(process.env.E2E_PORT || 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
// Fixed per port, so every run (and every Playwright worker loading this file) agrees on it;
// the server command deletes it first, so each run starts from an empty database.
const dataDir = path.join(os.tmpdir(), `keiyaku-e2e-data-${PORT}`);
// Another port's run keeps its screenshots, traces and report apart too (a run empties its
// output folder first); the default port's are what `npm test` reads.
const suffix = PORT === 3100 ? '' : `-${PORT}`;

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: path.join(root, `test-results${suffix}`),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  // A flaky test is fixed, not retried; `.only` left in a spec fails the run in CI.
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  globalTimeout: 30 * 60_000,
  reporter: [['list'], ['json', { outputFile: path.join(root, 'reports', `playwright${suffix}.json`) }]],
  use: {
    baseURL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 800 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `rm -rf '${dataDir}' && exec node dist/src/main.js`,
    cwd: root,
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseURL,
      DATA_DIR: dataDir,
      // The embedded PGlite, whatever the calling shell has set.
      DATABASE_URL: '',
      SMTP_URL: '',
      SEED_DEMO: 'true',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // Warnings and errors reach the test output; request logs would drown it.
      LOG_LEVEL: 'warn',
    },
  },
});
