import { describe, expect, it } from 'vitest';
import { bn } from '../../widget/i18n/bn.js';
import { en } from '../../widget/i18n/en.js';
import { localization } from '../../widget/i18n/index.js';

type Tree = { [key: string]: unknown };

/** Every leaf path of a messages object with the kind of value found there. */
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === 'object') {
      for (const [leaf, kind] of leaves(value as Tree, path)) found.set(leaf, kind);
    } else {
      found.set(path, typeof value);
    }
  }
  return found;
}

describe('locales', () => {
  it('bn has exactly the keys of en, each of the same kind', () => {
    expect(leaves(bn)).toEqual(leaves(en));
  });

  it('bn is translated, not copied: no English sentence left', () => {
    const english = [...leaves(en).keys()].filter((path) => {
      const value = path.split('.').reduce<unknown>((node, key) => (node as Tree)[key], bn);
      return typeof value === 'string' && /[a-z]{4,} [a-z]{3,}/i.test(value) && !path.endsWith('missingAttributes');
    });
    expect(english).toEqual([]);
  });

  it('bn shows Bangla digits, en leaves digits alone', () => {
    expect(localization('bn').digits('11.12')).toBe('১১.১২');
    expect(localization('en').digits('11.12')).toBe('11.12');
    expect(bn.timer.selectWithin(localization('bn').digits('4'), localization('bn').digits('35'))).toContain('৪ মিনিট : ৩৫ সেকেন্ড');
  });

  it('falls back to English for a missing or unknown locale', () => {
    expect(localization(undefined).t).toBe(en);
    expect(localization('fr').locale).toBe('en');
  });
});
