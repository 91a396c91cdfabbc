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

  it('never glues a suffix to a name ("ভিসা-এর") nor doubles one ("EBL Internet Banking internet banking")', () => {
    const calls = (messages: Tree, name: string): string[] =>
      Object.values(messages).flatMap((value) =>
        typeof value === 'function'
          ? [String((value as (...args: string[]) => string)(name, name, name))]
          : value && typeof value === 'object'
            ? calls(value as Tree, name)
            : [],
      );
    expect(calls(bn, 'ভিসা').filter((text) => text.includes('ভিসা-'))).toEqual([]);
    expect(calls(en, 'EBL Internet Banking').filter((text) => /Banking internet banking/i.test(text))).toEqual([]);
    expect(calls(bn, 'ইবিএল ইন্টারনেট ব্যাংকিং').filter((text) => text.includes('ব্যাংকিং ইন্টারনেট ব্যাংকিং'))).toEqual([]);
    expect(bn.table.caption('ভিসা')).toBe('গেটওয়ে: ভিসা');
    expect(en.steps.bankTitle('EBL Internet Banking')).toBe('Sign in to EBL Internet Banking');
    expect(en.steps.otp).toBe('Code sent to your phone');
  });

  it('groups amounts the Bangladeshi way in both locales, with the currency', () => {
    expect(localization('en').money('123456.50')).toBe('1,23,456.50 BDT');
    expect(localization('bn').money('123456.50')).toBe('১,২৩,৪৫৬.৫০ টাকা');
    expect(localization('en').amount('11.68')).toBe('11.68');
    expect(localization('bn').amount('10000000.00')).toBe('১,০০,০০,০০০.০০');
    expect(localization('en').t.payAmount(localization('en').money('1000.00'))).toBe('Pay 1,000.00 BDT');
  });

  it("calls a recharge's base amount what it is, and a bill's a bill amount", () => {
    expect(localization('en').baseAmountLabel('prepaid_recharge')).toBe('Recharge Amount');
    expect(localization('bn').baseAmountLabel('prepaid_recharge')).toBe('রিচার্জের পরিমাণ');
    expect(localization('en').baseAmountLabel('postpaid_bill')).toBe('Bill Amount');
    expect(localization('bn').baseAmountLabel('demand_note')).toBe('বিলের পরিমাণ');
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
