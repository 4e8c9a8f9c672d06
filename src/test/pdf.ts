// Reading PDFs the product makes, as a person's viewer would: the text of each page
// (pdf.js), and which fonts the file embeds.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of each page, one line per text item (blank items left out). */
export async function pdfPages(content: Uint8Array): Promise<string[]> {
  // verbosity 0: pdf.js would warn about TrueType hinting it does not run, which says nothing of the text.
  const document = await getDocument({
    data: new Uint8Array(content),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const text = await page.getTextContent();
      const items = text.items.map((item) => ('str' in item ? item.str : '')).filter((item) => item.trim());
      pages.push(items.join('\n'));
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

export interface PdfFont {
  name: string;
  /** FontFile (Type 1), FontFile2 (TrueType) or FontFile3 (CFF / OpenType): the font program is in the file. */
  embedded: boolean;
}

/**
 * The font descriptors of the file. pdfkit writes object dictionaries uncompressed (only
 * stream contents are deflated), so each descriptor can be read from the bytes as they are.
 */
export function pdfFontDescriptors(content: Uint8Array): PdfFont[] {
  const source = Buffer.from(content).toString('latin1');
  const descriptors = source.match(/<<[^>]*\/Type \/FontDescriptor[^>]*>>/g) ?? [];
  return descriptors.map((dictionary) => ({
    name: /\/FontName \/([^\s/]+)/.exec(dictionary)?.[1] ?? '',
    embedded: /\/FontFile[23]? \d+ 0 R/.test(dictionary),
  }));
}

/** Base fonts used without a descriptor (the standard 14, never embedded). */
export function pdfUnembeddedStandardFonts(content: Uint8Array): string[] {
  const source = Buffer.from(content).toString('latin1');
  return [...source.matchAll(/\/Subtype \/Type1[^>]*\/BaseFont \/([^\s/]+)/g)].map((match) => match[1] ?? '');
}
