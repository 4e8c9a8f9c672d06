import { describe, expect, test } from 'vitest';
import { changedFields } from './audit-changes';

describe('changedFields', () => {
  test('lists only the fields whose values changed, leaving out bookkeeping', () => {
    const changes = changedFields({
      before: { name: '営業 花子', roles: ['sales_rep'], active: true, version: 1, updatedAt: 'x' },
      after: {
        name: '営業 花子',
        roles: ['sales_rep', 'billing'],
        active: false,
        version: 2,
        updatedAt: 'y',
      },
    });
    expect(changes).toEqual([
      { field: 'roles', before: ['sales_rep'], after: ['sales_rep', 'billing'] },
      { field: 'active', before: true, after: false },
    ]);
  });

  test('a creation shows every field as new', () => {
    expect(changedFields({ before: null, after: { name: 'A', orgUnitId: null, locale: 'ja' } })).toEqual([
      { field: 'name', before: undefined, after: 'A' },
      { field: 'locale', before: undefined, after: 'ja' },
    ]);
  });
});
