import { describe, expect, test } from 'vitest';
import type { Me } from '../../api/types';
import { exportsFor, exportUrl } from './data-exports';

const person = (kind: 'staff' | 'portal', permissions: string[]) => ({ kind, permissions }) as unknown as Me;

describe('各種データ出力', () => {
  test('the address carries the kind, the encoding and the header language', () => {
    expect(exportUrl('line-items', 'shift_jis', 'en')).toBe(
      '/api/v1/exports/line-items?encoding=shift_jis&headers=en',
    );
    expect(exportUrl('customers', 'utf-8', 'ja')).toBe('/api/v1/exports/customers?encoding=utf-8&headers=ja');
  });

  test('each export needs its read permission; portal users get none', () => {
    expect(exportsFor(person('staff', ['contracts.read'])).map((item) => item.kind)).toEqual([
      'contracts',
      'line-items',
    ]);
    expect(
      exportsFor(person('staff', ['customers.read', 'contracts.read', 'billing.read'])).map(
        (item) => item.kind,
      ),
    ).toEqual(['customers', 'contracts', 'line-items', 'invoices']);
    expect(exportsFor(person('portal', ['contracts.read']))).toEqual([]);
  });
});
