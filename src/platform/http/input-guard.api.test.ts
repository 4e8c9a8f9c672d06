// Numbers that coerce to Infinity (`1e309`) pass a schema's `maximum`; the guard refuses them
// with 400 on every route before any query sees them (they used to reach PostgreSQL: 500).
import { beforeAll, describe, expect, test } from 'vitest';
import { type ApiClient, createTestTenant, loginAs, useTestApp } from '../../test/app.js';
import { nonFiniteNumberErrors, unstorableStringErrors } from './input-guard.js';

const app = useTestApp();
let admin: ApiClient;

beforeAll(async () => {
  const tenant = await createTestTenant(app().database);
  admin = await loginAs(app(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
});

describe('the input guard', () => {
  test('finds non-finite numbers and NUL characters by path', () => {
    expect(
      nonFiniteNumberErrors({ limit: Number.POSITIVE_INFINITY, ok: 3, list: [1, Number.NaN] }, '/q')
        .map((e) => e.path)
        .sort(),
    ).toEqual(['/q/limit', '/q/list/1']);
    expect(unstorableStringErrors({ name: 'a\u0000b' }, '').map((error) => error.path)).toEqual(['/name']);
    // Unpaired surrogates (jsonb refuses them); a pair (an emoji, 𠮷) is a character.
    expect(
      unstorableStringErrors(
        { a: '\ud800', b: 'x\udc00', c: ['ok', '\ud83d'], d: '😀𠮷', e: '\ud83d\ude00' },
        '',
      )
        .map((error) => error.path)
        .sort(),
    ).toEqual(['/a', '/b', '/c/1']);
  });

  test('an unpaired surrogate in a body answers 400 with its message, not 500', async () => {
    const response = await admin.post('/api/v1/customers', {
      kind: 'organization',
      lifecycle: 'prospect',
      name: '株式会社\ud800',
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ path: '/name', message: '対になっていないサロゲート文字は使用できません。' }],
    });
  });

  test.each(['/api/v1/payments', '/api/v1/invoices', '/api/v1/products', '/api/v1/customers'])(
    '%s?limit=1e309 answers 400, not 500',
    async (path) => {
      const response = await admin.get(`${path}?limit=1e309`);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ code: 'validation_failed' });
    },
  );
});
