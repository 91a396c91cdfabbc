import { toBanglaDigits } from '../../domain/digits.js';
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
  /** The server's name of a method or gateway in this locale. */
  name(named: { name: string; bnName?: string | null }): string;
}

/** Unknown or missing locales fall back to English rather than showing keys. */
export function localization(locale: string | null | undefined): Localization {
  const known: Locale = locale === 'bn' ? 'bn' : 'en';
  return {
    locale: known,
    t: MESSAGES[known],
    digits: known === 'bn' ? toBanglaDigits : (text) => text,
    name: known === 'bn' ? (named) => named.bnName || named.name : (named) => named.name,
  };
}
