/**
 * The payment methods' tiles, as SVG files the checkout shows beside each method's name
 * (`/assets/methods/<method id>.svg`). Card brands are the `simple-icons` marks (CC0 package; the
 * marks stay their owners' trademarks) in the brand's colour on white; the mobile-banking,
 * wallet and internet-banking methods, which simple-icons does not draw, are their name on a
 * tile of their (approximate) brand colour. Served as files, not inlined into the widget's
 * script: the script stays small, the browser caches each image, and `img-src 'self'` suffices.
 * Built on the first request for a tile, not at start: reading simple-icons' index (458 kB of
 * JSON for 3 marks) is no part of answering the first request.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { METHOD_ART_PATH } from './urls.js';

type Art = { icon: string } | { text: string; background: string; color?: string };

/** By method id (fixtures/checkout.json). A method missing here gets no tile, only its name. */
const ART: Readonly<Record<string, Art>> = {
  visa: { icon: 'visa' },
  mastercard: { icon: 'mastercard' },
  amex: { icon: 'americanexpress' },
  nexus: { text: 'DBBL Nexus', background: '#1b5e20' },
  bkash: { text: 'bKash', background: '#e2136e' },
  rocket: { text: 'Rocket', background: '#8c3494' },
  nagad: { text: 'Nagad', background: '#ec1c24' },
  upay: { text: 'upay', background: '#ffd400', color: '#00306e' },
  ebl_ib: { text: 'EBL', background: '#00558c' },
  city_ib: { text: 'Citytouch', background: '#e31e24' },
  dbbl_ib: { text: 'DBBL', background: '#1b5e20' },
  dmoney: { text: 'Dmoney', background: '#0b7bc1' },
  okwallet: { text: 'OK Wallet', background: '#f47b20' },
  tap: { text: 'tap', background: '#6a1b9a' },
};

const WIDTH = 64;
const HEIGHT = 40;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A simple-icons mark (24 × 24) centred on a white tile, in the brand's own colour. */
function iconTile(slug: string, read: (slug: string) => { path: string; hex: string }): string {
  const { path, hex } = read(slug);
  const scale = 1.4;
  const x = (WIDTH - 24 * scale) / 2;
  const y = (HEIGHT - 24 * scale) / 2;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" rx="6" fill="#fff"/>` +
    `<path transform="translate(${x} ${y}) scale(${scale})" fill="#${hex}" d="${path}"/></svg>`
  );
}

/** A name on a tile of the brand's colour, in the largest type (up to 15) that fits its width. */
function textTile(text: string, background: string, color = '#fff'): string {
  // A bold sans-serif letter is about 0.62 em wide; 6 units of margin on each side.
  const size = Math.min(15, Math.floor((WIDTH - 12) / (text.length * 0.62)));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" rx="6" fill="${background}"/>` +
    `<text x="${WIDTH / 2}" y="${HEIGHT / 2}" dominant-baseline="central" text-anchor="middle" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Arial, sans-serif" font-weight="700" font-size="${size}" ` +
    `fill="${color}">${escapeXml(text)}</text></svg>`
  );
}

/** Every tile, by method id. */
export function methodArt(): ReadonlyMap<string, string> {
  const require = createRequire(import.meta.url);
  const data = require('simple-icons/icons.json') as Array<{ slug: string; hex: string }>;
  const readIcon = (slug: string) => {
    const svg = readFileSync(require.resolve(`simple-icons/icons/${slug}.svg`), 'utf8');
    const path = /\sd="([^"]+)"/.exec(svg)?.[1];
    const hex = data.find((icon) => icon.slug === slug)?.hex;
    if (!path || !hex) throw new Error(`simple-icons has no usable ${slug} icon`);
    return { path, hex };
  };
  return new Map(
    Object.entries(ART).map(([id, art]) => [
      id,
      'icon' in art ? iconTile(art.icon, readIcon) : textTile(art.text, art.background, art.color),
    ]),
  );
}

/** The tiles change only with a new version of the simulator: browsers may keep them a week. */
const ART_MAX_AGE_SECONDS = 7 * 86_400;

export function methodArtRoutes(): Router {
  const router = Router();
  let art: ReadonlyMap<string, string> | undefined;
  router.get(`${METHOD_ART_PATH}:file`, (req, res, next) => {
    const svg = /^([a-z0-9_]+)\.svg$/.exec(req.params.file ?? '')?.[1];
    art ??= methodArt();
    const body = svg === undefined ? undefined : art.get(svg);
    if (body === undefined) {
      next();
      return;
    }
    res.type('image/svg+xml').set('Cache-Control', `public, max-age=${ART_MAX_AGE_SECONDS}`).send(body);
  });
  return router;
}
