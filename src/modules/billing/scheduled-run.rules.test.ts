import { Temporal } from 'temporal-polyfill';
import { describe, expect, test } from 'vitest';
import { scheduledRunMonth } from './scheduled-run.rules.js';

describe('the scheduled run on the 1st at 00:30, tenant time', () => {
  test('Tokyo: 2026-06-01 00:30 JST is 2026-05-31 15:30 UTC and bills 2026-05', () => {
    expect(scheduledRunMonth(Temporal.Instant.from('2026-05-31T15:30:00Z'), 'Asia/Tokyo')).toBe('2026-05');
  });

  test('January bills December of the year before', () => {
    expect(scheduledRunMonth(Temporal.Instant.from('2026-12-31T15:30:00Z'), 'Asia/Tokyo')).toBe('2026-12');
  });

  test('any other hour or day: no run', () => {
    expect(scheduledRunMonth(Temporal.Instant.from('2026-05-31T16:30:00Z'), 'Asia/Tokyo')).toBeNull();
    expect(scheduledRunMonth(Temporal.Instant.from('2026-06-01T15:30:00Z'), 'Asia/Tokyo')).toBeNull();
    // 00:30 UTC on the 1st is still the evening of the 31st in Honolulu.
    expect(scheduledRunMonth(Temporal.Instant.from('2026-06-01T00:30:00Z'), 'Pacific/Honolulu')).toBeNull();
    expect(scheduledRunMonth(Temporal.Instant.from('2026-06-01T10:30:00Z'), 'Pacific/Honolulu')).toBe(
      '2026-05',
    );
  });
});
