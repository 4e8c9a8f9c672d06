import { describe, expect, test } from 'vitest';
import { splitLinks } from './text-links';

describe('splitLinks', () => {
  test('finds the reset link in a Japanese mail body', () => {
    const body =
      '以下のURLを開いてください。\nhttp://localhost:3000/reset-password?token=abc.DEF_1-2\n\nお心当たりのない場合は破棄してください。';
    expect(splitLinks(body)).toEqual([
      { kind: 'text', text: '以下のURLを開いてください。\n' },
      { kind: 'link', url: 'http://localhost:3000/reset-password?token=abc.DEF_1-2' },
      { kind: 'text', text: '\n\nお心当たりのない場合は破棄してください。' },
    ]);
  });

  test('leaves sentence punctuation and Japanese brackets out of the link', () => {
    expect(splitLinks('See https://example.com/a. Or 「https://example.com/b」。')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'link', url: 'https://example.com/a' },
      { kind: 'text', text: '. Or 「' },
      { kind: 'link', url: 'https://example.com/b' },
      { kind: 'text', text: '」。' },
    ]);
  });

  test('text without links stays one part', () => {
    expect(splitLinks('本文のみ')).toEqual([{ kind: 'text', text: '本文のみ' }]);
  });
});
