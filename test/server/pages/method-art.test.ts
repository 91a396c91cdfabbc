/**
 * The method tiles (`/assets/methods/<id>.svg`), which the server builds on their first request
 * rather than at start: each card brand is its simple-icons mark in the brand's colour, the
 * others their name on a coloured tile, and an unknown name is no tile.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

const simpleIcons = createRequire(import.meta.url)('simple-icons/icons.json') as Array<{ slug: string; hex: string }>;
const brandHex = (slug: string) => simpleIcons.find((icon) => icon.slug === slug)?.hex;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const tile = (file: string) => fetch(`${server.baseUrl}/assets/methods/${file}`);

describe('method tiles', () => {
  it.each([
    ['visa', 'visa'],
    ['mastercard', 'mastercard'],
    ['amex', 'americanexpress'],
  ])('%s is the simple-icons %s mark in its colour, cacheable for a week', async (method, slug) => {
    const res = await tile(`${method}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=604800');
    expect(brandHex(slug)).toMatch(/^[0-9A-F]{6}$/);
    expect(await res.text()).toContain(`fill="#${brandHex(slug)}" d="M`);
  });

  it('draws a method simple-icons lacks as its name on its colour, the same on a second request', async () => {
    const first = await (await tile('bkash.svg')).text();
    expect(first).toContain('fill="#e2136e"');
    expect(first).toContain('>bKash</text>');
    expect(await (await tile('bkash.svg')).text()).toBe(first);
  });

  it.each(['paypal.svg', 'visa.png', '..%2Fvisa.svg'])('has no tile for %s', async (file) => {
    expect((await tile(file)).status).toBe(404);
  });
});
