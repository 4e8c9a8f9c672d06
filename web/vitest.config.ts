// Unit tests of the web app's pure code (tree order, audit diffs, links in mail, redirects,
// translations). They need no browser: `npx vitest run --config web/vitest.config.ts`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    allowOnly: false,
  },
});
