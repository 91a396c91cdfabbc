/**
 * The slip's QR code (it encodes the verify address). Both renderers draw it from the same runs of
 * dark modules: the HTML slip as one SVG path, the PDF as vector rectangles, so it stays sharp
 * when printed and needs no image in either.
 */
import { createRequire } from 'node:module';
import type QRCodeModule from 'qrcode';
import { html, type SafeHtml } from '../pages/html.js';

/** Loaded with the first slip, not at start (only slips need it; the server starts faster). */
let qrcodeModule: typeof QRCodeModule | undefined;
function qrcode(): typeof QRCodeModule {
  qrcodeModule ??= createRequire(import.meta.url)('qrcode') as typeof QRCodeModule;
  return qrcodeModule;
}

/** A horizontal run of dark modules: `length` modules from (`row`, `col`), in module units. */
export interface QrRun {
  row: number;
  col: number;
  length: number;
}

export interface QrSymbol {
  /** Modules per side, quiet zone excluded. */
  size: number;
  runs: QrRun[];
}

/** The light border the QR specification asks for around the symbol, in modules. */
export const QR_QUIET_ZONE = 4;

export function encodeQr(text: string): QrSymbol {
  // Level M survives a smudged or creased print without making the symbol much denser.
  const { modules } = qrcode().create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size: modules.size, runs };
}

/** Inline SVG of the QR code, scaled by CSS; `label` is its accessible name. */
export function qrSvg(text: string, label: string): SafeHtml {
  const { size, runs } = encodeQr(text);
  const side = size + 2 * QR_QUIET_ZONE;
  const path = runs
    .map(({ row, col, length }) => `M${col + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${length}v1h-${length}z`)
    .join('');
  return html`<svg class="qr" role="img" aria-label="${label}" viewBox="0 0 ${side} ${side}" xmlns="http://www.w3.org/2000/svg" shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
}
