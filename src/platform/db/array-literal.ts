// PostgreSQL array literals (`{a,b,NULL}`) for values that need no quoting: ids, numbers,
// months, fixed words. A set-based write passes each column as one array parameter
// (`unnest($1::uuid[], ...)`); node-postgres would quote and escape every element of a
// JavaScript array (two regular expression passes each, most of a billing run's parameter
// cost), where these values only need joining. Anything that would need quoting is refused,
// so an element can never split in two or turn into NULL and shift the columns against each
// other. The checks run once over the joined literal, not per element.

type Plain = string | number | null;

const QUOTING_CHARACTER = /[{}"\\\s]/;
const NULL_WORD = /^null$/i;

/** A `{...}` literal of the values; throws when a value would need quoting in it. */
export function plainArrayLiteral(values: readonly Plain[]): string {
  let nulls = false;
  for (const value of values) {
    if (value === null || value === undefined) nulls = true;
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new Error(`not a finite number in an array literal: ${value}`);
    } else if (value.length === 0 || (value.length === 4 && NULL_WORD.test(value))) {
      // Empty or the word NULL would read as something else; the rest is checked below.
      throw new Error(`a value that needs quoting in an array literal: ${JSON.stringify(value)}`);
    }
  }
  const body = (nulls ? values.map((value) => value ?? 'NULL') : values).join(',');
  let commas = 0;
  for (let at = body.indexOf(','); at !== -1; at = body.indexOf(',', at + 1)) commas += 1;
  if (QUOTING_CHARACTER.test(body) || commas !== Math.max(values.length - 1, 0))
    throw new Error(
      'a value that needs quoting in an array literal (a brace, quote, backslash, space or comma)',
    );
  return `{${body}}`;
}
