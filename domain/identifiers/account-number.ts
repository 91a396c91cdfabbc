/**
 * WZPDCO's 9-digit consumer account number (seed 002): circle (1 digit), office under the circle
 * (2), substation under the office (1), feeder under the substation (1), billing book (2), page
 * in the book (2). Example: 104231245 = Khulna circle, S&D Division-4 Khulna, Gollamari 33/11 kV
 * substation, Nirala feeder, book 12, page 45.
 */
import { defaultCatalog, type ReferenceCatalog } from '../catalog.js';
import { catchDomainError, isDomainError } from '../errors.js';
import { joinParts, layoutLength, namesOf, splitDigits } from './parts.js';

const FIELD = 'accountNo';
const LAYOUT = { circle: 1, office: 2, substation: 1, feeder: 1, book: 2, page: 2 } as const;
export const ACCOUNT_NUMBER_LENGTH = layoutLength(LAYOUT);

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
  const { value, parts } = splitDigits(input, FIELD, LAYOUT);
  const circle = catalog.circles.find((c) => c.digit === parts.circle);
  const office = circle?.offices.find((o) => o.code === parts.office);
  const substation = office?.substations.find((s) => s.digit === parts.substation);
  const feeder = substation?.feeders.find((f) => f.digit === parts.feeder);

  return {
    value,
    circle: { digit: parts.circle, ...(circle && namesOf(circle)) },
    office: { code: parts.office, ...(office && namesOf(office)) },
    officeCode: parts.circle + parts.office,
    substation: { digit: parts.substation, ...(substation && namesOf(substation)) },
    feeder: { digit: parts.feeder, ...(feeder && namesOf(feeder)) },
    book: parts.book,
    page: parts.page,
  };
}

/** The canonical 9 digits of an account number, given as text or as parsed parts. */
export function formatAccountNumber(account: AccountNumber | string): string {
  if (typeof account === 'string') return parseAccountNumber(account).value;
  // Typed callers pass an AccountNumber; untyped ones may pass anything, so every step is optional.
  const parts = account as Partial<AccountNumber> | null | undefined;
  const digits = joinParts(FIELD, LAYOUT, {
    circle: parts?.circle?.digit,
    office: parts?.office?.code,
    substation: parts?.substation?.digit,
    feeder: parts?.feeder?.digit,
    book: parts?.book,
    page: parts?.page,
  });
  return parseAccountNumber(digits).value;
}

export function isValidAccountNumber(input: unknown): boolean {
  return !isDomainError(catchDomainError(() => parseAccountNumber(input as string)));
}
