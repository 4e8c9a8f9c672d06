// Folding of customer names for search and duplicate checks (domain.md §2, quality.md
// "Notes for fast Japanese search"): the same name typed in another width, in katakana or
// hiragana, with or without its legal form or spaces folds to the same key. Queries are
// folded the same way, so `search_key LIKE %folded query%` finds them.

/**
 * Latin legal forms, as whole words (so "Inc" in "Incubator" stays) with the comma before them,
 * matched after NFKC and lowercasing and before spaces are removed: "Co., Ltd.", "Inc.", "K.K.", "Corp.", "Ltd.", "LLC".
 */
const LATIN_LEGAL_FORMS =
  /(?:^|[\s,])[\s,]*(?:co\s*\.?\s*,?\s*ltd\.?|k\s*\.\s*k\s*\.?|inc\.?|corp\.?|corporation|ltd\.?|llc\.?)(?=$|[\s,.])/gu;

/**
 * Japanese legal forms, matched after NFKC (㈱ and （株） are "(株)" by then), katakana to
 * hiragana (カブシキガイシャ is かぶしきがいしゃ) and the removal of spaces; longest first, so
 * 医療法人社団 goes as a whole and not as 医療法人 leaving 社団.
 */
const JAPANESE_LEGAL_FORMS = [
  '特定非営利活動法人',
  '一般社団法人',
  '一般財団法人',
  '公益社団法人',
  '公益財団法人',
  '社会福祉法人',
  '医療法人社団',
  '医療法人財団',
  '社会医療法人',
  '医療法人',
  '学校法人',
  '社団法人',
  '財団法人',
  'npo法人',
  '株式会社',
  '有限会社',
  '合同会社',
  '合資会社',
  '合名会社',
  'かぶしきがいしゃ',
  'ゆうげんがいしゃ',
  'ごうどうがいしゃ',
  '(一社)',
  '(一財)',
  '(公社)',
  '(公財)',
  '(社福)',
  '(特非)',
  '(株)',
  '(有)',
  '(同)',
  '(資)',
  '(名)',
  '(合)',
  '(社)',
  '(財)',
  '(医)',
  '(学)',
]
  .sort((a, b) => b.length - a.length)
  .map((form) => form.replace(/[()]/g, (bracket) => `\\${bracket}`));

const JAPANESE_LEGAL_FORM_PATTERN = new RegExp(JAPANESE_LEGAL_FORMS.join('|'), 'gu');

/** Whitespace (ASCII, 全角 U+3000 and the rest of \s) and middle dots (・ · ‧). */
const SPACES_AND_DOTS = /[\s\u00b7\u2027\u30fb]/gu;

/** ァ..ヶ -> ぁ..ゖ, ヽヾ -> ゝゞ (the blocks are 0x60 apart). */
function katakanaToHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6\u30fd\u30fe]/gu, (character) =>
    String.fromCharCode(character.charCodeAt(0) - 0x60),
  );
}

function foldOnce(text: string): string {
  let folded = katakanaToHiragana(text.normalize('NFKC').toLowerCase());
  // A space in its place (removed next), so the words around it do not join into another form.
  folded = folded.replace(LATIN_LEGAL_FORMS, ' ');
  folded = folded.replace(SPACES_AND_DOTS, '');
  folded = folded.replace(JAPANESE_LEGAL_FORM_PATTERN, '');
  return folded;
}

/**
 * The folded form of a name or a query: NFKC, lowercase, katakana to hiragana, legal forms
 * removed, spaces and middle dots removed. Repeated until nothing changes (removing a part
 * can join what is left into a new legal form or a new NFKC composition), so
 * `foldName(foldName(x)) === foldName(x)`.
 */
export function foldName(text: string): string {
  let current = text;
  // Each round after the first only removes or composes; the bound is a safety net.
  for (let round = 0; round < 1000; round++) {
    const next = foldOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}

/**
 * The key the trigram index serves: folded name and folded kana, one space apart (a folded
 * query has no space, so it never matches across the two).
 */
export function searchKeyOf(name: string, nameKana: string | null | undefined): string {
  return `${foldName(name)} ${foldName(nameKana ?? '')}`;
}

/** The digits of a phone number, after NFKC so 全角 digits count: '03-1234-5678' -> '0312345678'. */
export function phoneDigitsOf(phone: string): string {
  return phone.normalize('NFKC').replace(/[^0-9]/g, '');
}

/** Escapes LIKE wildcards so a query is matched literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** What a search box query asks for: a folded name part, a code prefix, a phone prefix. */
export interface CustomerQuery {
  /** Folded name fragment (LIKE %…%), or null when nothing of the query is left to match names. */
  name: string | null;
  /** Upper-cased code prefix (`C0001`), when the query looks like a customer code. */
  codePrefix: string | null;
  /** Phone digits prefix, when the query looks like a phone number (digits, -, (), +, spaces). */
  phonePrefix: string | null;
}

export const CUSTOMER_CODE_PREFIX = 'C';

/**
 * Reads a search box query. Only a query shaped like a code (C + digits) is matched against
 * codes and only one shaped like a phone number against phone digits, so a Japanese name
 * query is the name condition alone and the trigram index serves it.
 */
export function parseCustomerQuery(q: string): CustomerQuery {
  const normalized = q.normalize('NFKC').trim();
  const name = foldName(normalized);
  const codePrefix = /^c\d+$/i.test(normalized) ? normalized.toUpperCase() : null;
  const digits = phoneDigitsOf(normalized);
  const phonePrefix = /^[0-9\s\-()+]+$/.test(normalized) && digits.length > 0 ? digits : null;
  return { name: name === '' ? null : name, codePrefix, phonePrefix };
}

/**
 * The smallest string above every string starting with `prefix`, for prefixes of digits
 * and upper-case letters (`C0019` -> `C002`, `C` -> `D`): prefix search as a btree range
 * that any collation orders the same for such strings. Null when there is none (`999`).
 */
export function prefixUpperBound(prefix: string): string | null {
  let head = prefix;
  while (head.length > 0) {
    const last = head.charAt(head.length - 1);
    head = head.slice(0, -1);
    if (last === '9' || last === 'Z') continue;
    return head + String.fromCharCode(last.charCodeAt(0) + 1);
  }
  return null;
}
