import { describe, expect, it } from 'vitest';
import { isUuid, newId } from './id.js';

describe('ids', () => {
  it('are UUIDv7 (version 7, RFC 9562 variant), in creation order', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    for (const id of ids) {
      expect(isUuid(id)).toBe(true);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
    expect([...ids].sort()).toEqual(ids);
    const millis = Number.parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16);
    expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
  });
});
