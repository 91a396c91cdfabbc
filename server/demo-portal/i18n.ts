/**
 * Every word the demo portal shows, in English and Bangla. Column names follow seed 000's portal
 * ("Post Paid All Bill Information", "Bill Amount (Without LPC)", …). Field errors come from the
 * domain codecs in English (they name the field and what is wrong); in Bangla the rule is said
 * in Bangla where the portal knows it.
 */
import type { DomainError } from '../../domain/errors.js';
import type { Locale } from '../pages/html.js';
import { bn } from './i18n/bn.js';
import { en, type PortalTexts } from './i18n/en.js';

export type { Locale, PortalTexts };

export const PORTAL_TEXTS: Readonly<Record<Locale, PortalTexts>> = { en, bn };

/** Bangla wording of the codecs' rules, by rule name; the English message is the codec's own. */
const BN_RULES: Readonly<Record<string, string>> = {
  required: 'এই ঘরটি পূরণ করুন।',
  type: 'এখানে অঙ্ক লিখুন।',
  digits: 'এখানে কেবল অঙ্ক লিখুন।',
  length: 'অঙ্কের সংখ্যা সঠিক নয়।',
  format: 'সঠিক ফরম্যাটে লিখুন।',
  range: 'মান সীমার বাইরে।',
  negative: 'পরিমাণ ঋণাত্মক হতে পারে না।',
  scale: 'দশমিকের পরে সর্বোচ্চ ২ অঙ্ক।',
  maximum: 'পরিমাণ সর্বোচ্চ সীমার বেশি।',
  zero: 'পরিমাণ শূন্যের বেশি হতে হবে।',
  unknown_utility: 'মিটার নম্বরের প্রথম দুই অঙ্ক কোনো বিতরণ প্রতিষ্ঠানের কোড নয়।',
  unknown_manufacturer: 'মিটার নম্বরের ৩য়-৪র্থ অঙ্ক কোনো পরিচিত মিটার প্রস্তুতকারকের কোড নয়।',
  unknown_meter_type: 'মিটার নম্বরের ৫ম অঙ্ক কোনো পরিচিত মিটারের ধরন নয়।',
  not_collected: 'এই পোর্টাল কেবল ডেসকো ও ওজোপাডিকোর মিটার রিচার্জ করে।',
};

/** What to show next to a field for a codec error. */
export function fieldErrorText(error: DomainError, locale: Locale): string {
  if (locale === 'bn') return BN_RULES[error.rule] ?? error.message;
  return error.message;
}
