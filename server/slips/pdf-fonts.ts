/**
 * The PDF slip's fonts and how text is split between them: Bangla runs in Noto Sans Bengali
 * (embedded by PDFKit, subset to the glyphs used; fontkit shapes the conjuncts and vowel signs),
 * everything else in PDFKit's Helvetica (WinAnsi).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import type { Locale } from '../pages/html.js';

/**
 * Noto Sans Bengali, opened once per process: PDFKit takes a fontkit font as well as a file, and
 * a shared one keeps what fontkit has decoded of the font's shaping tables from one slip to the
 * next (opened per document, a Bangla slip took several times as long).
 */
let banglaFonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;

function openBanglaFonts(): { regular: fontkit.Font; bold: fontkit.Font } {
  const open = (style: '400Regular' | '700Bold') => {
    // TrueType rather than WOFF: fontkit inflates a WOFF table again on every read of it.
    const file = createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-sans-bengali/${style}/NotoSansBengali_${style}.ttf`);
    // fontkit is loaded with the first PDF slip, not at start: only PDF slips need it.
    const { create } = createRequire(import.meta.url)('fontkit') as typeof fontkit;
    return create(readFileSync(file)) as fontkit.Font;
  };
  banglaFonts ??= { regular: open('400Regular'), bold: open('700Bold') };
  return banglaFonts;
}

/** Characters beyond Latin-1 that WinAnsi (and so PDFKit's standard fonts) still has. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
}

/** The Bengali block, the dandas and the joiners that shape conjuncts. */
function isBangla(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code >= 0x0980 && code <= 0x09ff) || code === 0x0964 || code === 0x0965 || code === 0x200c || code === 0x200d;
}

export interface TextRun {
  text: string;
  bangla: boolean;
}

/** "বিল 2022" → [বিল][ 2022]; null when a character is in neither font. */
export function scriptRuns(text: string): TextRun[] | null {
  const runs: TextRun[] = [];
  for (const char of text) {
    const bangla = isBangla(char);
    if (!bangla && !isWinAnsi(char)) return null;
    const last = runs.at(-1);
    if (last && last.bangla === bangla) last.text += char;
    else runs.push({ text: char, bangla });
  }
  return runs;
}

export const NOT_PRINTABLE: Readonly<Record<Locale, string>> = {
  en: '(not printable in this PDF: see the HTML slip)',
  bn: '(এই PDF-এ ছাপা যায় না: HTML স্লিপ দেখুন)',
};

/** Registers the Bangla fonts on `doc` as 'Bangla' and 'Bangla-Bold'. */
export function registerSlipFonts(doc: PDFKit.PDFDocument): void {
  const fonts = openBanglaFonts();
  // PDFKit's types know only files and buffers; it takes a fontkit font as well (PDFFontFactory.open).
  doc.registerFont('Bangla', fonts.regular as unknown as Buffer);
  doc.registerFont('Bangla-Bold', fonts.bold as unknown as Buffer);
}

/** The font a run is written in, by its script and weight. */
export function slipFontOf(run: TextRun, bold = false): string {
  if (run.bangla) return bold ? 'Bangla-Bold' : 'Bangla';
  return bold ? 'Helvetica-Bold' : 'Helvetica';
}
