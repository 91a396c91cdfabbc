import fc from 'fast-check';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { encodeQr, QR_QUIET_ZONE, qrSvg } from '../../../server/slips/qr.js';

/** The dark modules the runs cover, as "row,col" keys. */
function coveredModules(runs: ReturnType<typeof encodeQr>['runs']): Set<string> {
  const covered = new Set<string>();
  for (const { row, col, length } of runs) {
    for (let offset = 0; offset < length; offset += 1) covered.add(`${row},${col + offset}`);
  }
  return covered;
}

describe('encodeQr', () => {
  it('covers exactly the dark modules of the QR symbol, with runs that never touch', () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        const { size, runs } = encodeQr(url);
        const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
        expect(size).toBe(modules.size);
        const dark = new Set<string>();
        for (let row = 0; row < size; row += 1) {
          for (let col = 0; col < size; col += 1) if (modules.get(row, col)) dark.add(`${row},${col}`);
        }
        const covered = coveredModules(runs);
        expect(covered).toEqual(dark);
        // Maximal runs: no two runs of a row are adjacent, and the total length counts each module once.
        expect(runs.reduce((sum, run) => sum + run.length, 0)).toBe(dark.size);
        for (const { row, col, length } of runs) {
          if (col + length < size) expect(modules.get(row, col + length)).toBe(0);
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe('qrSvg', () => {
  it('draws one square per module run inside the quiet zone, with an accessible name', () => {
    const url = 'http://127.0.0.1:4010/verify/4305261122124200007';
    const svg = qrSvg(url, 'QR <code>').markup;
    const { size, runs } = encodeQr(url);
    const side = size + 2 * QR_QUIET_ZONE;
    expect(svg).toContain(`viewBox="0 0 ${side} ${side}"`);
    expect(svg).toContain('role="img" aria-label="QR &lt;code&gt;"');
    const commands = [...svg.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)];
    expect(commands).toHaveLength(runs.length);
    expect(commands.map(([, x, y, w]) => ({ col: Number(x) - QR_QUIET_ZONE, row: Number(y) - QR_QUIET_ZONE, length: Number(w) }))).toEqual(
      runs.map(({ row, col, length }) => ({ col, row, length })),
    );
  });
});
