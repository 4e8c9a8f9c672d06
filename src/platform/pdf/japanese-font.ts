// The Japanese font PDFs embed: BIZ UDPGothic (Morisawa's universal-design Gothic, SIL Open
// Font License 1.1), shipped as TrueType in the npm package @expo-google-fonts/biz-udpgothic,
// so a PDF never depends on the fonts of the machine it is made on. pdfkit embeds only the
// glyphs a document uses (a subset, as FontFile2).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);

export const JAPANESE_FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf'),
} as const;

export type JapaneseFontWeight = keyof typeof JAPANESE_FONT_FILES;

const parsed = new Map<JapaneseFontWeight, fontkit.Font>();

/**
 * The font parsed once per process: pdfkit takes a fontkit font as it takes a file, and
 * parsing and laying out a 4.5 MB font anew for every document would cost most of a PDF's time.
 */
export function japaneseFont(weight: JapaneseFontWeight): fontkit.Font {
  const known = parsed.get(weight);
  if (known) return known;
  const font = fontkit.create(readFileSync(JAPANESE_FONT_FILES[weight]));
  if (!('layout' in font)) throw new Error(`${JAPANESE_FONT_FILES[weight]} is a font collection`);
  parsed.set(weight, font);
  return font;
}

/** Registers the weights as `regular` and `bold` on a pdfkit document. */
export function registerJapaneseFonts(doc: PDFKit.PDFDocument): void {
  for (const weight of Object.keys(JAPANESE_FONT_FILES) as JapaneseFontWeight[]) {
    // pdfkit accepts a fontkit font where its types name only files and buffers.
    doc.registerFont(weight, japaneseFont(weight) as unknown as Buffer);
  }
}
