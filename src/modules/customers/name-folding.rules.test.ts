import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  foldName,
  parseCustomerQuery,
  phoneDigitsOf,
  prefixUpperBound,
  searchKeyOf,
} from './name-folding.rules.js';

describe('foldName', () => {
  test.each([
    ['株式会社山田商事', '山田商事'],
    ['山田商事株式会社', '山田商事'],
    ['(株)山田商事', '山田商事'],
    ['（株）山田商事', '山田商事'],
    ['㈱山田商事', '山田商事'],
    ['山田商事㈱', '山田商事'],
    ['有限会社 佐藤工務店', '佐藤工務店'],
    ['(有)佐藤工務店', '佐藤工務店'],
    ['㈲佐藤工務店', '佐藤工務店'],
    ['合同会社ミライ', 'みらい'],
    ['ミライ(同)', 'みらい'],
    ['合資会社 田中屋', '田中屋'],
    ['合名会社 田中屋', '田中屋'],
    ['一般社団法人 日本テレコム協会', '日本てれこむ協会'],
    ['一般財団法人 日本テレコム財団', '日本てれこむ財団'],
    ['公益社団法人 日本テレコム協会', '日本てれこむ協会'],
    ['公益財団法人 日本テレコム財団', '日本てれこむ財団'],
    ['社会福祉法人 ひかり会', 'ひかり会'],
    ['医療法人 さくら会', 'さくら会'],
    ['医療法人社団 さくら会', 'さくら会'],
    ['学校法人 青葉学園', '青葉学園'],
    ['特定非営利活動法人 つなぐ', 'つなぐ'],
    ['NPO法人 つなぐ', 'つなぐ'],
    ['ＮＰＯ法人つなぐ', 'つなぐ'],
    ['カブシキガイシャ ヤマダショウジ', 'やまだしょうじ'],
    ['ヤマダショウジ カブシキガイシャ', 'やまだしょうじ'],
    ['かぶしきがいしゃ やまだしょうじ', 'やまだしょうじ'],
    ['ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞｼｮｳｼﾞ', 'やまだしょうじ'],
    ['Keiyaku Co., Ltd.', 'keiyaku'],
    ['Keiyaku Co.,Ltd.', 'keiyaku'],
    ['KEIYAKU CO., LTD.', 'keiyaku'],
    ['Keiyaku Inc.', 'keiyaku'],
    ['Keiyaku, Inc.', 'keiyaku'],
    ['Keiyaku K.K.', 'keiyaku'],
    ['Ｋｅｉｙａｋｕ　Ｉｎｃ．', 'keiyaku'],
    ['Incubator Japan', 'incubatorjapan'],
    ['Zinc Works', 'zincworks'],
    ['山田　太郎', '山田太郎'],
    ['山田 太郎', '山田太郎'],
    ['ヤマダ・タロウ', 'やまだたろう'],
    ['ﾔﾏﾀﾞ ﾀﾛｳ', 'やまだたろう'],
    ['ABCﾃﾞｰﾀ', 'abcでーた'],
    ['ＡＢＣデータ', 'abcでーた'],
    ['abcでーた', 'abcでーた'],
    ['ヴィレッジ', 'ゔぃれっじ'],
    ['㍿山田', '山田'],
  ])('%s -> %s', (input, expected) => {
    expect(foldName(input)).toBe(expected);
  });

  test('a name that is only a legal form folds to nothing', () => {
    expect(foldName('株式会社')).toBe('');
    expect(foldName(' ㈱ ')).toBe('');
  });

  test('a legal form revealed by removing another goes too', () => {
    expect(foldName('株株式会社式会社山田')).toBe('山田');
  });
});

const kanaChar = fc.integer({ min: 0x30a1, max: 0x30f6 }).map((code) => String.fromCharCode(code));
const kanaText = fc.array(kanaChar, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
const toHiragana = (text: string) =>
  text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
/** ASCII letters and digits, and their 全角 forms (U+FF01.. = U+0021 + 0xFEE0). */
const asciiText = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/);
const toFullWidth = (text: string) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const nameText = fc.oneof(asciiText, kanaText, fc.constantFrom('山田商事', '日本通信', 'ひかり'));
const legalForm = fc.constantFrom(
  '株式会社',
  '(株)',
  '（株）',
  '㈱',
  '有限会社',
  '㈲',
  '合同会社',
  '一般社団法人',
);

describe('foldName properties', () => {
  test('is idempotent, on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(foldName(foldName(text))).toBe(foldName(text));
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(legalForm, kanaText, fc.constantFrom(' ', '・', '株', '式会社'))),
        (parts) => {
          const text = parts.join('');
          expect(foldName(foldName(text))).toBe(foldName(text));
        },
      ),
    );
  });

  test('leaves no space, no katakana and no upper-case Latin', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(foldName(text)).not.toMatch(/[\s\u30a1-\u30f6A-Z・]/u);
      }),
    );
  });

  test('katakana and hiragana fold alike', () => {
    fc.assert(
      fc.property(kanaText, (text) => {
        expect(foldName(text)).toBe(foldName(toHiragana(text)));
      }),
    );
  });

  test('full and half width fold alike, and letter case does not matter', () => {
    fc.assert(
      fc.property(asciiText, (text) => {
        expect(foldName(toFullWidth(text))).toBe(foldName(text));
        expect(foldName(text.toUpperCase())).toBe(foldName(text.toLowerCase()));
      }),
    );
  });

  test('a legal form before or after the name, and spaces, do not matter', () => {
    fc.assert(
      fc.property(nameText, legalForm, fc.constantFrom('', ' ', '　'), (name, form, space) => {
        const plain = foldName(name);
        expect(foldName(`${form}${space}${name}`)).toBe(plain);
        expect(foldName(`${name}${space}${form}`)).toBe(plain);
      }),
    );
  });

  test('a folded part of a name is found in the folded name (what search relies on)', () => {
    fc.assert(
      fc.property(kanaText, kanaText, kanaText, legalForm, (before, part, after, form) => {
        const name = `${form}${before}${part}${after}`;
        expect(foldName(name)).toContain(foldName(part));
      }),
    );
  });
});

describe('searchKeyOf', () => {
  test('is the folded name and the folded kana, one space apart', () => {
    expect(searchKeyOf('株式会社 山田商事', 'カブシキガイシャ ヤマダショウジ')).toBe(
      '山田商事 やまだしょうじ',
    );
    expect(searchKeyOf('山田 太郎', null)).toBe('山田太郎 ');
  });
});

describe('phoneDigitsOf', () => {
  test.each([
    ['03-1234-5678', '0312345678'],
    ['０３－１２３４－５６７８', '0312345678'],
    ['(03) 1234 5678', '0312345678'],
    ['090-1234-5678', '09012345678'],
    ['+81 3-1234-5678', '81312345678'],
    ['', ''],
  ])('%s -> %s', (input, expected) => {
    expect(phoneDigitsOf(input)).toBe(expected);
  });
});

describe('parseCustomerQuery', () => {
  test('a Japanese name is a name query only', () => {
    expect(parseCustomerQuery('ヤマダ商事')).toEqual({
      name: 'やまだ商事',
      codePrefix: null,
      phonePrefix: null,
    });
  });

  test('a code (any case or width) is also a code prefix', () => {
    expect(parseCustomerQuery('c00001')).toMatchObject({ codePrefix: 'C00001' });
    expect(parseCustomerQuery('Ｃ０００００１')).toMatchObject({ codePrefix: 'C000001' });
    expect(parseCustomerQuery('C')).toMatchObject({ codePrefix: null });
  });

  test('a phone number is also a phone prefix', () => {
    expect(parseCustomerQuery('03-1234')).toMatchObject({ phonePrefix: '031234' });
    expect(parseCustomerQuery('０３－１２３４')).toMatchObject({ phonePrefix: '031234' });
    expect(parseCustomerQuery('山田03')).toMatchObject({ phonePrefix: null });
  });

  test('a query of legal forms only matches no name', () => {
    expect(parseCustomerQuery('株式会社')).toEqual({ name: null, codePrefix: null, phonePrefix: null });
  });
});

describe('prefixUpperBound', () => {
  test.each([
    ['C0001', 'C0002'],
    ['C0019', 'C002'],
    ['C', 'D'],
    ['C999', 'D'],
    ['0312', '0313'],
    ['0399', '04'],
    ['999', null],
  ])('%s -> %s', (prefix, bound) => {
    expect(prefixUpperBound(prefix)).toBe(bound);
  });

  test('every string with the prefix lies in [prefix, bound)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,6}$/), fc.stringMatching(/^[0-9]{0,6}$/), (prefix, rest) => {
        const value = prefix + rest;
        const bound = prefixUpperBound(prefix);
        expect(value >= prefix).toBe(true);
        if (bound !== null) expect(value < bound).toBe(true);
      }),
    );
  });
});
