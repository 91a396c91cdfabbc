/**
 * Noto Sans Bengali as a web font, so Bangla is drawn on a machine with no Bengali system font
 * (a fresh Debian shows boxes). The TrueType files of `@expo-google-fonts/noto-sans-bengali` (the
 * PDF slip embeds the same ones) are served under /assets/fonts/. The @font-face rules take the
 * family name the page stylesheet already lists, and a Bengali unicode-range: Latin text keeps the
 * system font, and a page without Bangla never downloads the font. Bangla elements (`:lang(bn)`, a
 * Bangla page or the "বাংলা" toggle of an English one) list it first.
 */
import { createRequire } from 'node:module';
import { Router } from 'express';
import { BANGLA_FONT_CSS_URL } from './urls.js';

const WEIGHTS = { 400: '400Regular', 700: '700Bold' } as const;
const fontUrl = (weight: keyof typeof WEIGHTS) => `/assets/fonts/noto-sans-bengali-${weight}.ttf`;

/** The Bengali block, the danda and double danda (Bangla's full stop, in the Devanagari block), the joiners conjuncts use, and the dotted circle shown for a lone sign. */
const BENGALI_RANGE = 'U+0964-0965, U+0980-09FF, U+200C-200D, U+25CC';

export const BANGLA_FONT_CSS = (Object.keys(WEIGHTS) as unknown as (keyof typeof WEIGHTS)[])
  .map(
    (weight) =>
      `@font-face { font-family: "Noto Sans Bengali"; font-style: normal; font-weight: ${weight}; font-display: block; ` +
      `src: url("${fontUrl(weight)}") format("truetype"); unicode-range: ${BENGALI_RANGE}; }`,
  )
  .join('\n')
  .concat(
    // Bangla text takes the web font first, not as a fallback: in a fallback position Chromium
    // draws some runs with its own last-resort search, which without a Bengali system font is boxes.
    '\n:lang(bn) { font-family: "Noto Sans Bengali", system-ui, -apple-system, "Segoe UI", sans-serif; }',
    '\n:lang(bn) .code, :lang(bn) .tracking, :lang(bn) .token { font-family: "Noto Sans Bengali", ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }',
  );

/** A font never changes under its address while the server runs: browsers may keep it a day. */
const FONT_MAX_AGE_SECONDS = 86_400;

export function banglaFontRoutes(): Router {
  const router = Router();
  const require = createRequire(import.meta.url);
  router.get(BANGLA_FONT_CSS_URL, (_req, res) => {
    res.type('text/css; charset=utf-8').set('Cache-Control', 'no-cache').send(BANGLA_FONT_CSS);
  });
  for (const [weight, style] of Object.entries(WEIGHTS)) {
    const file = require.resolve(`@expo-google-fonts/noto-sans-bengali/${style}/NotoSansBengali_${style}.ttf`);
    router.get(fontUrl(Number(weight) as keyof typeof WEIGHTS), (_req, res) => {
      res.set('Cache-Control', `public, max-age=${FONT_MAX_AGE_SECONDS}`).type('font/ttf').sendFile(file);
    });
  }
  return router;
}
