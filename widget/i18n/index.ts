import { groupLakh, toBanglaDigits } from '../../domain/digits.js';
import { bn } from './bn.js';
import { en, type Messages } from './en.js';

export type { Messages };

export type Locale = 'en' | 'bn';

const MESSAGES: Record<Locale, Messages> = { en, bn };

/** Texts plus the one digit rule of a locale: Bangla shows Bangla digits everywhere. */
export interface Localization {
  locale: Locale;
  t: Messages;
  /** Every ASCII digit in `text` in the locale's script ("11.12" becomes "১১.১২" in bn). */
  digits(text: string): string;
  /** An amount ("123456.50") grouped the Bangladeshi way, in the locale's digits: "1,23,456.50". */
  amount(amount: string): string;
  /** The same with the currency: "1,23,456.50 BDT", "১,২৩,৪৫৬.৫০ টাকা". */
  money(amount: string): string;
  /** The server's name of a method or gateway in this locale. */
  name(named: { name: string; bnName?: string | null }): string;
  /** What the base amount is called for this purpose: a recharge is no bill. */
  baseAmountLabel(purpose: string): string;
}

/** Unknown or missing locales fall back to English rather than showing keys. */
export function localization(locale: string | null | undefined): Localization {
  const known: Locale = locale === 'bn' ? 'bn' : 'en';
  const t = MESSAGES[known];
  const digits = known === 'bn' ? toBanglaDigits : (text: string) => text;
  const amount = (value: string) => digits(groupLakh(value));
  return {
    locale: known,
    t,
    digits,
    amount,
    money: (value) => `${amount(value)} ${t.currency}`,
    name: known === 'bn' ? (named) => named.bnName || named.name : (named) => named.name,
    baseAmountLabel: (purpose) => (purpose === 'prepaid_recharge' ? t.summary.rechargeAmount : t.summary.billAmount),
  };
}
