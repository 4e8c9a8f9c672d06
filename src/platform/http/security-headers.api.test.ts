// The security headers helmet sets (src/platform/http/app.ts, docs/security.md "Headers"):
// on API answers and on an HTML page, over http and, when the product is reached over https,
// with HSTS and upgrade-insecure-requests.
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../../config.js';
import { anonymous, createTestTenant, loginAs, useTestApp } from '../../test/app.js';

const overHttp = useTestApp({ config: { cookieSecure: loadConfig({}).cookieSecure } });
const overHttps = useTestApp({
  config: { cookieSecure: loadConfig({ PUBLIC_URL: 'https://keiyaku.example' }).cookieSecure },
});

/** The CSP's directives by name, each with its sources. */
function cspOf(response: LightMyRequestResponse): Map<string, string[]> {
  const header = response.headers['content-security-policy'];
  expect(typeof header, 'Content-Security-Policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!, sources]),
  );
}

function expectBaseHeaders(response: LightMyRequestResponse): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
  expect(response.headers['x-frame-options']).toBe('DENY');
}

/** The product's own policy: same-origin only, no framing, no inline scripts, no plugins. */
function expectAppCsp(response: LightMyRequestResponse): Map<string, string[]> {
  const csp = cspOf(response);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  expect(csp.get('connect-src')).toEqual(["'self'"]);
  expect(csp.get('form-action')).toEqual(["'self'"]);
  expect(csp.get('base-uri')).toEqual(["'self'"]);
  return csp;
}

describe('security headers over http (PUBLIC_URL http://…)', () => {
  test('an API answer: the CSP forbids framing and inline scripts; nosniff, no-referrer; no HSTS', async () => {
    const tenant = await createTestTenant(overHttp().database);
    const client = await loginAs(overHttp(), tenant.slug, tenant.adminEmail, tenant.adminPassword);
    const answers = [
      await client.get('/api/v1/auth/me'), // 200 JSON
      await anonymous(overHttp()).get('/api/v1/auth/me'), // 401 problem+json
      await anonymous(overHttp()).get('/healthz'),
    ];
    expect(answers.map((response) => response.statusCode)).toEqual([200, 401, 200]);
    for (const response of answers) {
      expectBaseHeaders(response);
      const csp = expectAppCsp(response);
      // Over http there is nothing to upgrade to and no HSTS to promise.
      expect(csp.has('upgrade-insecure-requests')).toBe(false);
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
  });

  test('an HTML page (the API reference): a CSP without inline scripts or plugins, nosniff, no-referrer, no HSTS', async () => {
    const page = await anonymous(overHttp()).get('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expectBaseHeaders(page);
    // The Swagger UI sets its own policy for its pages (docs/security.md, known limits).
    const csp = cspOf(page);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(page.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('security headers over https (PUBLIC_URL https://…)', () => {
  test('an API answer carries HSTS for a year with subdomains and upgrades insecure requests', async () => {
    const response = await anonymous(overHttps()).get('/api/v1/auth/me');
    expect(response.statusCode).toBe(401);
    expectBaseHeaders(response);
    const csp = expectAppCsp(response);
    expect(csp.get('upgrade-insecure-requests')).toEqual([]);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  test('an HTML page carries HSTS too', async () => {
    const page = await anonymous(overHttps()).get('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expectBaseHeaders(page);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });
});
