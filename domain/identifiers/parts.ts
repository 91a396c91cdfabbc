/**
 * Pieces the identifier codecs share: digit layouts (cutting digits into parts and joining them
 * back), catalog names, two-digit years and months, and describing bad values for messages.
 */
import { normalizeDigits, requireLength } from '../digits.js';
import { DomainError } from '../errors.js';

/** Describes any value for an error message without ever throwing (symbols, cycles, huge strings). */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 24 ? `${value.slice(0, 24)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return value === null ? 'null' : typeof value;
}

/** The catalog names of a part, for a parse result (bnName only when the catalog has one). */
export function namesOf(entry: { name: string; bnName?: string | undefined }): { name: string; bnName?: string } {
  return entry.bnName === undefined ? { name: entry.name } : { name: entry.name, bnName: entry.bnName };
}

/**
 * An identifier's fixed-width parts, in order: each part's name (camelCase, said in words in
 * messages) and its exact number of digits. The one place a codec states where its digits go.
 */
export type DigitLayout = Readonly<Record<string, number>>;

type PartsOf<Layout extends DigitLayout, Value> = { [Part in keyof Layout]: Value };

export function layoutLength(layout: DigitLayout): number {
  return Object.values(layout).reduce((sum, length) => sum + length, 0);
}

/** "meterType" → "meter type". */
const inWords = (partName: string) => partName.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);

/**
 * Reads an identifier as typed (Bangla digits, spaces and dashes allowed) into its canonical
 * digits, checks their count, and cuts them into the layout's parts.
 */
export function splitDigits<Layout extends DigitLayout>(
  input: unknown,
  field: string,
  layout: Layout,
): { value: string; parts: PartsOf<Layout, string> } {
  const value = normalizeDigits(input, field);
  requireLength(value, layoutLength(layout), field);
  let start = 0;
  const parts = Object.fromEntries(
    Object.entries(layout).map(([name, length]) => {
      const part = value.slice(start, start + length);
      start += length;
      return [name, part];
    }),
  );
  return { value, parts: parts as PartsOf<Layout, string> };
}

/**
 * Joins the parts of a parsed identifier back into its digits. Each part must have exactly its
 * own length, so misplaced digits (circle "" with office "104") cannot pass as a valid whole.
 */
export function joinParts<Layout extends DigitLayout>(field: string, layout: Layout, values: PartsOf<Layout, unknown>): string {
  return Object.entries(layout)
    .map(([name, length]) => {
      const value = values[name];
      if (typeof value !== 'string' || value.length !== length || !/^[0-9]*$/.test(value)) {
        const got = describeValue(value);
        throw new DomainError(field, 'format', `${field}: the ${inWords(name)} part must be ${length} ASCII digit(s), got ${got}`);
      }
      return value;
    })
    .join('');
}

/**
 * Two-digit years, as bill and tracking numbers carry them: 00-69 mean 2000-2069 and 70-99 mean
 * 1970-1999 (the POSIX %y pivot). None of these systems predates 1970, and the window holds
 * until 2069.
 */
export const TWO_DIGIT_YEAR_WINDOW = { first: 1970, last: 2069 } as const;

export function expandTwoDigitYear(twoDigits: number): number {
  return twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits;
}

/** The two digits a year is written with; years outside the window would not read back. */
export function toTwoDigitYear(year: unknown, field: string): string {
  const { first, last } = TWO_DIGIT_YEAR_WINDOW;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < first || year > last) {
    const got = describeValue(year);
    throw new DomainError(field, 'year_range', `${field}: the year must be ${first}-${last} to be written with two digits, got ${got}`);
  }
  return String(year % 100).padStart(2, '0');
}

/** A month number as two digits; the parser then decides whether it is a real month. */
export function toTwoDigitMonth(month: unknown, field: string): string {
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 0 || month > 99) {
    throw new DomainError(field, 'month_range', `${field}: the month must be a whole number 1-12, got ${describeValue(month)}`);
  }
  return String(month).padStart(2, '0');
}
