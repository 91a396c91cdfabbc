import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading for tests: the decoded content streams of a PDFKit document, and the
 * text its TJ/Tj operators show (PDFKit writes standard-font text as hex strings in WinAnsi).
 */
export function contentStreams(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const streams: string[] = [];
  const header = /<<([^]*?)>>\s*stream\r?\n/g;
  for (let match = header.exec(source); match !== null; match = header.exec(source)) {
    const dictionary = match[1] ?? '';
    const length = Number(/\/Length (\d+)/.exec(dictionary)?.[1]);
    const start = match.index + match[0].length;
    const bytes = pdf.subarray(start, start + length);
    streams.push((/\/FlateDecode/.test(dictionary) ? inflateSync(bytes) : bytes).toString('latin1'));
  }
  return streams;
}

/** Each shown text run, in order ("Payment slip", "Tracking No.", …). */
export function pdfTextRuns(pdf: Buffer): string[] {
  const runs: string[] = [];
  for (const stream of contentStreams(pdf)) {
    for (const [, operand] of stream.matchAll(/(\[[^\]]*\]|<[0-9a-fA-F]*>)\s*T[Jj]/g)) {
      const hexStrings = [...(operand ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map(([, hex]) => hex ?? '');
      runs.push(hexStrings.map((hex) => Buffer.from(hex, 'hex').toString('latin1')).join(''));
    }
  }
  return runs;
}
