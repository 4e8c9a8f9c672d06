import { describe, expect, test } from 'vitest';
import { DomainError, errorCatalog, errorMessage } from './domain-error.js';

describe('error catalog', () => {
  test('every code has a status and a message in Japanese and English', () => {
    for (const [code, entry] of Object.entries(errorCatalog)) {
      expect(entry.status, code).toBeGreaterThanOrEqual(400);
      expect(entry.status, code).toBeLessThan(600);
      expect(entry.title.ja.length, code).toBeGreaterThan(0);
      expect(entry.title.en.length, code).toBeGreaterThan(0);
      expect(entry.title.ja, code).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    }
  });

  test('codes map to the statuses of api.md', () => {
    expect(new DomainError('validation_failed').status).toBe(400);
    expect(new DomainError('unauthenticated').status).toBe(401);
    expect(new DomainError('forbidden').status).toBe(403);
    expect(new DomainError('not_found').status).toBe(404);
    expect(new DomainError('version_conflict').status).toBe(409);
    expect(new DomainError('idempotency_key_reused').status).toBe(422);
    expect(errorMessage('not_found', 'en')).toBe('Not found.');
  });
});
