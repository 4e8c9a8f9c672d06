import { describe, expect, test } from 'vitest';
import { isAcceptablePassword, normalizeEmail, PASSWORD_MIN_LENGTH } from './password.rules.js';

describe('password policy', () => {
  test('at least 10 characters, counted as characters not bytes', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(isAcceptablePassword('123456789', 'a@b.jp')).toBe(false);
    expect(isAcceptablePassword('1234567890', 'a@b.jp')).toBe(true);
    expect(isAcceptablePassword('パスワードは九文字', 'a@b.jp')).toBe(false);
    expect(isAcceptablePassword('パスワードは十文字だ', 'a@b.jp')).toBe(true);
  });

  test('never the email address itself', () => {
    expect(isAcceptablePassword('Taro.Yamada@example.jp', 'taro.yamada@example.jp')).toBe(false);
  });

  test('not longer than 200 characters', () => {
    expect(isAcceptablePassword('x'.repeat(200), 'a@b.jp')).toBe(true);
    expect(isAcceptablePassword('x'.repeat(201), 'a@b.jp')).toBe(false);
  });

  test('emails are trimmed and lowercased', () => {
    expect(normalizeEmail('  Admin@Demo.Example ')).toBe('admin@demo.example');
  });
});
