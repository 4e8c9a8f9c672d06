import { describe, expect, test } from 'vitest';
import { safeRedirect } from './redirect-target';

describe('safeRedirect', () => {
  test('returns to the page the person came from', () => {
    expect(safeRedirect('/admin/users?q=%E5%96%B6%E6%A5%AD')).toBe('/admin/users?q=%E5%96%B6%E6%A5%AD');
  });

  test('never leaves the site and never loops back to the login page', () => {
    for (const target of [
      undefined,
      '',
      'https://evil.example/',
      '//evil.example/',
      '/\\evil.example',
      '/login?x=1',
    ]) {
      expect(safeRedirect(target)).toBe('/');
    }
  });
});
