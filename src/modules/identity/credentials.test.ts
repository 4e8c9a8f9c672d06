import { describe, expect, test } from 'vitest';
import {
  apiTokenOf,
  hashPassword,
  hashSecret,
  newSecret,
  parseApiToken,
  parseTenantCredential,
  tenantCredential,
  verifyPassword,
} from './credentials.js';

const tenantId = '01a20995-0a51-73f7-8c41-b0c3971918b4';

describe('credentials', () => {
  test('passwords are argon2id hashes that verify only the same password', async () => {
    const hash = await hashPassword('correct-horse-battery');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-batterY')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false);
  });

  test('secrets are random and only their SHA-256 is kept', () => {
    const a = newSecret();
    const b = newSecret();
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(43);
    expect(hashSecret(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(a)).not.toContain(a);
  });

  test('tenant credentials round-trip and refuse anything else', () => {
    const secret = newSecret();
    expect(parseTenantCredential(tenantCredential(tenantId, secret))).toEqual({ tenantId, secret });
    for (const bad of [
      '',
      'abc',
      `${tenantId}`,
      `not-a-uuid.${secret}`,
      `${tenantId}.short`,
      `${tenantId}.${secret}'--`,
    ]) {
      expect(parseTenantCredential(bad)).toBeNull();
    }
  });

  test('API tokens carry their tenant', () => {
    const secret = newSecret();
    const token = apiTokenOf(tenantId, secret);
    expect(token.startsWith('kyk_01a209950a5173f78c41b0c3971918b4_')).toBe(true);
    expect(parseApiToken(token)).toEqual({ tenantId, secret });
    expect(parseApiToken('kyk_xyz_abc')).toBeNull();
    expect(parseApiToken(`Bearer ${token}`)).toBeNull();
  });
});
