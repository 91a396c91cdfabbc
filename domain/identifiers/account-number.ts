/**
 * WZPDCO's 9-digit consumer account number (seed 002): circle (1 digit), office under the circle
 * (2), substation under the office (1), feeder under the substation (1), billing book (2), page
 * in the book (2). Example: 104231245 = Khulna circle, S&D Division-4 Khulna, Gollamari 33/11 kV
 * substation, Nirala feeder, book 12, page 45.
 */
import { defaultCatalog, type ReferenceCatalog } from '../catalog.js';
import { normalizeDigits, requireLength } from '../digits.js';
import { isDomainError } from '../errors.js';
import { joinParts, namesOf } from './parts.js';

const FIELD = 'accountNo';
export const ACCOUNT_NUMBER_LENGTH = 9;

/** Catalog names of a part; both absent when the catalog does not know the part. */
export interface PartNames {
  name?: string;
  bnName?: string;
}

export interface AccountNumber {
  /** The 9 ASCII digits. */
  value: string;
  circle: { digit: string } & PartNames;
  office: { code: string } & PartNames;
  /** Circle digit + office code ("104"): the office code tracking numbers carry. */
  officeCode: string;
  substation: { digit: string } & PartNames;
  feeder: { digit: string } & PartNames;
  /** Billing book number. */
  book: string;
  /** Page in the billing book. */
  page: string;
}

/**
 * Parses an account number as typed (Bangla digits, spaces and dashes allowed). Circles,
 * offices, substations and feeders the catalog does not know are fine: their names are absent.
 */
export function parseAccountNumber(input: string, catalog: ReferenceCatalog = defaultCatalog): AccountNumber {
  const value = normalizeDigits(input, FIELD);
  requireLength(value, ACCOUNT_NUMBER_LENGTH, FIELD);
  const circleDigit = value.slice(0, 1);
  const officeDigits = value.slice(1, 3);
  const substationDigit = value.slice(3, 4);
  const feederDigit = value.slice(4, 5);

  const circle = catalog.circles.find((c) => c.digit === circleDigit);
  const office = circle?.offices.find((o) => o.code === officeDigits);
  const substation = office?.substations.find((s) => s.digit === substationDigit);
  const feeder = substation?.feeders.find((f) => f.digit === feederDigit);

  return {
    value,
    circle: { digit: circleDigit, ...(circle && namesOf(circle)) },
    office: { code: officeDigits, ...(office && namesOf(office)) },
    officeCode: circleDigit + officeDigits,
    substation: { digit: substationDigit, ...(substation && namesOf(substation)) },
    feeder: { digit: feederDigit, ...(feeder && namesOf(feeder)) },
    book: value.slice(5, 7),
    page: value.slice(7, 9),
  };
}

/** The canonical 9 digits of an account number, given as text or as parsed parts. */
export function formatAccountNumber(account: AccountNumber | string): string {
  if (typeof account === 'string') return parseAccountNumber(account).value;
  // Typed callers pass an AccountNumber; untyped ones may pass anything, so every step is optional.
  const parts = account as Partial<AccountNumber> | null | undefined;
  const digits = joinParts(FIELD, [
    [parts?.circle?.digit, 1, 'circle'],
    [parts?.office?.code, 2, 'office'],
    [parts?.substation?.digit, 1, 'substation'],
    [parts?.feeder?.digit, 1, 'feeder'],
    [parts?.book, 2, 'book'],
    [parts?.page, 2, 'page'],
  ]);
  return parseAccountNumber(digits).value;
}

export function isValidAccountNumber(input: unknown): boolean {
  try {
    parseAccountNumber(input as string);
    return true;
  } catch (error) {
    if (isDomainError(error)) return false;
    throw error;
  }
}
