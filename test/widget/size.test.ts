import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/**
 * The widget's budgets, gzip, as the README promises them: the script-tag file (the classic
 * script a merchant page loads) at most 22 kB; the ES module, which bundlers usually re-bundle,
 * at most 25 kB. The method logos and the Bangla font are separate files, not in either.
 */
const GZIP_BUDGET_BYTES: Readonly<Record<string, number>> = {
  'dist/widget/billpay-checkout.iife.js': 22 * 1000,
  'dist/widget/billpay-checkout.js': 25 * 1000,
};

const BUNDLES = Object.keys(GZIP_BUDGET_BYTES);

function readBundle(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`npm run build:widget\` (npm test builds it first)`);
  }
  return readFileSync(path, 'utf8');
}

describe.each(BUNDLES)('%s', (path) => {
  it(`is at most ${GZIP_BUDGET_BYTES[path]! / 1000} kB gzip, images and fonts not inlined`, () => {
    const source = readBundle(path);
    const gzipBytes = gzipSync(source, { level: 9 }).byteLength;
    console.log(`${path}: ${(gzipBytes / 1000).toFixed(2)} kB gzip`);
    expect(gzipBytes).toBeLessThanOrEqual(GZIP_BUDGET_BYTES[path]!);
    expect(source).not.toMatch(/data:image|data:font|@font-face|\sd="M/);
  });

  it('is self-contained: Lit and both locales inside, no bare imports left', () => {
    const source = readBundle(path);
    expect(source).not.toMatch(/\bimport\s*(?:[\w{}*\s,]+from\s*)?["'](?![./])/);
    expect(source).toContain('billpay-checkout');
    expect(source).toContain('Please select a payment method within');
    expect(source).toContain('সেকেন্ডের মধ্যে পেমেন্ট পদ্ধতি বেছে নিন');
  });
});

describe('dist/widget/custom-elements.json', () => {
  it('documents the element, its attributes, events, parts and CSS properties', () => {
    const manifest = JSON.parse(readBundle('dist/widget/custom-elements.json')) as {
      modules: Array<{ declarations?: Array<Record<string, unknown>> }>;
    };
    const element = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .find((declaration) => declaration.tagName === 'billpay-checkout') as
      | Record<string, Array<{ name: string }>>
      | undefined;
    expect(element).toBeDefined();
    const names = (key: string) => (element?.[key] ?? []).map((entry) => entry.name);
    expect(names('attributes')).toEqual(['payment-id', 'client-secret', 'api-base', 'locale']);
    expect(names('events')).toHaveLength(8);
    expect(names('cssParts')).toEqual(expect.arrayContaining(['tabs', 'tab', 'table', 'row', 'pay-button', 'dialog', 'timer', 'slip']));
    expect(names('cssProperties').every((name) => name.startsWith('--billpay-'))).toBe(true);
  });
});
