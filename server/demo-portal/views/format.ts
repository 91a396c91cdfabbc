/**
 * Small formatters the portal's views share: amounts and dates in the page's digits, names in the
 * page's language, and links that keep the page's language.
 */
import { localizeAmount, localizeDigits } from '../../slips/labels.js';
import type { Locale } from '../i18n.js';

/** "100000.00" → "1,00,000.00" / "১,০০,০০০.০০": lakh grouping in both languages. Amounts arrive as the gateway's 2-decimal strings. */
export function money(amount: string, lang: Locale): string {
  return localizeAmount(amount, lang);
}

/** Digits in the page's script, for dates and numeric identifiers. */
export function digits(text: string | number, lang: Locale): string {
  return localizeDigits(String(text), lang);
}

/** A catalog or fixture name in the page's language (English when there is no Bangla one). */
export function named(entry: { name: string; bnName?: string | undefined }, lang: Locale): string {
  return lang === 'bn' && entry.bnName ? entry.bnName : entry.name;
}

/** A merchant's short name ("DESCO" / "ডেসকো"). */
export function shortName(merchant: { shortName: string; bnShortName: string }, lang: Locale): string {
  return lang === 'bn' ? merchant.bnShortName : merchant.shortName;
}

/** Seed 000 writes bill months as "6/2022". */
export function billMonthShort(billMonth: string, lang: Locale): string {
  const [year = '', month = ''] = billMonth.split('-');
  return digits(`${Number(month)}/${year}`, lang);
}

/**
 * `path` with the page language in its query: `?lang=bn` for Bangla, nothing for English (the
 * default), so every link and form keeps the language the visitor chose.
 */
export function withLang(path: string, lang: Locale): string {
  // One leading slash: a request for `//x` must not read as a link to the host `x`.
  const url = new URL(path.replace(/^\/+/, '/'), 'http://portal.invalid');
  if (lang === 'bn') url.searchParams.set('lang', 'bn');
  else url.searchParams.delete('lang');
  return url.pathname + url.search;
}

/** A gateway page (slip, verify) in the portal's language: they take the same `?lang=bn`. */
export function gatewayPageIn(url: string, lang: Locale): string {
  if (lang === 'en') return url;
  const localized = new URL(url);
  localized.searchParams.set('lang', lang);
  return localized.toString();
}
