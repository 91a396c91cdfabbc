import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tabKeyTarget } from '../../widget/views/tab-keys.js';

const TABS = ['cards', 'mobile_banking', 'internet_banking', 'wallets'];

describe('tabKeyTarget (WAI-ARIA tabs keyboard)', () => {
  it('moves with the arrows, wrapping at both ends', () => {
    expect(tabKeyTarget('ArrowRight', TABS, 'cards')).toBe('mobile_banking');
    expect(tabKeyTarget('ArrowRight', TABS, 'wallets')).toBe('cards');
    expect(tabKeyTarget('ArrowLeft', TABS, 'cards')).toBe('wallets');
  });

  it('jumps with Home and End and ignores other keys', () => {
    expect(tabKeyTarget('Home', TABS, 'internet_banking')).toBe('cards');
    expect(tabKeyTarget('End', TABS, 'cards')).toBe('wallets');
    expect(tabKeyTarget('Enter', TABS, 'cards')).toBeNull();
  });

  it('Right then Left comes back to the same tab from anywhere', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TABS), (tab) => {
        const right = tabKeyTarget('ArrowRight', TABS, tab)!;
        return tabKeyTarget('ArrowLeft', TABS, right) === tab;
      }),
    );
  });
});
