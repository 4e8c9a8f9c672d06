import { describe, expect, test } from 'vitest';
import en from './en.json';
import ja from './ja.json';

type Messages = { [key: string]: string | Messages };

function keys(messages: Messages, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] ?? '').sort();
}

function lookup(messages: Messages, key: string): string {
  return key
    .split('.')
    .reduce<string | Messages>((node, part) => (node as Messages)[part] ?? '', messages) as string;
}

describe('translations', () => {
  test('Japanese and English have the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(ja).sort());
  });

  test('every message has the same placeholders in both languages', () => {
    for (const key of keys(ja)) {
      expect(placeholders(lookup(en, key)), key).toEqual(placeholders(lookup(ja, key)));
    }
  });

  test('the password reset flow uses the wording of seed 000', () => {
    expect(ja.auth.forgot.link).toBe('パスワードをお忘れですか?');
    expect(ja.auth.forgot.sent).toBe('パスワードをリセットするためのメールをお送りしました。');
    expect(ja.auth.reset.done).toBe('パスワードは正常に変更されました。');
    expect(ja.common.success).toBe('処理が正常に終了しました');
  });
});
