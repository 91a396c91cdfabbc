import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading for tests, for what PDFKit writes: the objects and their decoded
 * streams, and the text the TJ/Tj operators show. Standard-font text is WinAnsi hex; embedded-font
 * text (the Bangla font) is hex glyph codes, read back through the font's ToUnicode CMap.
 */
interface PdfObject {
  dictionary: string;
  stream?: string;
}

export function pdfObjects(pdf: Buffer): Map<number, PdfObject> {
  const source = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*<<([^]*?)>>\s*(stream\r?\n|endobj)/g;
  for (let match = header.exec(source); match !== null; match = header.exec(source)) {
    const dictionary = match[2] ?? '';
    if (!match[3]?.startsWith('stream')) {
      objects.set(Number(match[1]), { dictionary });
      continue;
    }
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const start = match.index + match[0].length;
    const bytes = pdf.subarray(start, start + length);
    objects.set(Number(match[1]), {
      dictionary,
      stream: (/\/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes).toString('latin1'),
    });
  }
  return objects;
}

/** The pages' decoded content streams (what /Contents points to). */
export function contentStreams(pdf: Buffer): string[] {
  const objects = pdfObjects(pdf);
  return [...pdf.toString('latin1').matchAll(/\/Contents (\d+) 0 R/g)].flatMap(([, number]) => {
    const stream = objects.get(Number(number))?.stream;
    return stream === undefined ? [] : [stream];
  });
}

/** A ToUnicode CMap as PDFKit writes it: one bfrange whose array lists each code's UTF-16BE text. */
function readToUnicode(cmap: string): Map<number, string> {
  const codes = new Map<number, string>();
  for (const [, first, entries] of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<[0-9a-fA-F]+>\s*\[([^\]]*)\]/g)) {
    [...(entries ?? '').matchAll(/<([0-9a-fA-F ]*)>/g)].forEach(([, hex], index) => {
      codes.set(parseInt(first ?? '0', 16) + index, Buffer.from((hex ?? '').replace(/ /g, ''), 'hex').swap16().toString('utf16le'));
    });
  }
  return codes;
}

/** Font resource name (F1, F2, …) → its ToUnicode codes, for embedded fonts only. */
function embeddedFonts(objects: Map<number, PdfObject>, source: string): Map<string, Map<number, string>> {
  const fonts = new Map<string, Map<number, string>>();
  for (const [, name, objectNumber] of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    const font = objects.get(Number(objectNumber));
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(font?.dictionary ?? '')?.[1];
    const cmap = toUnicode === undefined ? undefined : objects.get(Number(toUnicode))?.stream;
    if (name && cmap) fonts.set(name, readToUnicode(cmap));
  }
  return fonts;
}

/** Each shown text run, in order ("Payment slip", "Tracking No.", …). */
export function pdfTextRuns(pdf: Buffer): string[] {
  const fonts = embeddedFonts(pdfObjects(pdf), pdf.toString('latin1'));
  const runs: string[] = [];
  for (const stream of contentStreams(pdf)) {
    let font: Map<number, string> | undefined;
    for (const [, fontName, operand] of stream.matchAll(/\/(F\d+) [\d.]+ Tf|(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[Jj]/g)) {
      if (fontName !== undefined) {
        font = fonts.get(fontName);
        continue;
      }
      const hex = [...(operand ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map(([, digits]) => digits ?? '').join('');
      runs.push(
        font === undefined
          ? Buffer.from(hex, 'hex').toString('latin1')
          : (hex.match(/.{4}/g) ?? []).map((code) => font?.get(parseInt(code, 16)) ?? '\uFFFD').join(''),
      );
    }
  }
  return runs;
}
