// The web client's types are generated from the server's OpenAPI document; if a route
// changes without `npm run gen:api`, the UI would be typed against a stale API.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { openApiDocument } from './openapi-document.js';

const committed = path.resolve(import.meta.dirname, '..', 'web', 'src', 'api', 'openapi.json');

describe('OpenAPI document', () => {
  test('is OpenAPI 3.1 with every /api/v1 route and the problem answers', async () => {
    const document = (await openApiDocument()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses?: Record<string, unknown>; 'x-permission'?: string }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    expect(paths).toContain('/api/v1/auth/login');
    expect(paths).toContain('/api/v1/users/{id}');
    expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
    for (const [p, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect(Object.keys(operation.responses ?? {}), `${method} ${p}`).toContain('4XX');
      }
    }
  }, 60_000);

  test('the committed copy the web client is generated from is current (run `npm run gen:api`)', async () => {
    const document = await openApiDocument();
    const current = `${JSON.stringify(document, null, 2)}\n`;
    expect(
      fs.readFileSync(committed, 'utf8') === current,
      'web/src/api/openapi.json is stale: run npm run gen:api',
    ).toBe(true);
  }, 60_000);
});
