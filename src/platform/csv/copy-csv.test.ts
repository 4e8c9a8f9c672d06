import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { crlfRecordEnds } from './copy-csv.js';

async function through(chunks: Buffer[]): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(crlfRecordEnds())) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('crlfRecordEnds (COPY output to CRLF records)', () => {
  test('record ends become CRLF; line breaks inside quoted cells stay as they are', async () => {
    const copy = 'a,b\n"x\ny",1\n"say ""hi""\n",2\n契約,"改行\r\nあり"\n';
    expect(await through([Buffer.from(copy)])).toBe(
      'a,b\r\n"x\ny",1\r\n"say ""hi""\n",2\r\n契約,"改行\r\nあり"\r\n',
    );
  });

  test('the same bytes whatever the chunks (a quote and its line break in different chunks)', async () => {
    const copy = Buffer.from('h1,h2\n"a\n""b""",c\n,\n"","\n"\n日本語,"x,y"\n');
    const whole = await through([copy]);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: copy.length - 1 }), { maxLength: 8 }),
        async (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), copy.length];
          const chunks = bounds.slice(1).map((end, index) => copy.subarray(bounds[index], end));
          expect(await through(chunks)).toBe(whole);
        },
      ),
    );
    expect(whole).toBe('h1,h2\r\n"a\n""b""",c\r\n,\r\n"","\n"\r\n日本語,"x,y"\r\n');
  });
});
