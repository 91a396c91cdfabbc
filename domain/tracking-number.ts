/**
 * The new-connection tracking number (seed 002): card-type digit, 3-digit office code, Dhaka date
 * YYMMDD, Dhaka time HHMMSS, 3-digit application serial: 19 digits. For new-connection payments
 * `|meter serial|cost head` follow. Example: 6305191204122348404|1|2 = paid by Rocket (6) at
 * office 305 on 2019-12-04 12:23:48 Dhaka time, application 404, meter 1, demand note (2).
 * The seed writes it with spaces ("6 305 191204 122348 404 | 1 | 2"); we accept that and emit none.
 */
import { fromDhakaParts, daysInMonth, toDhakaParts, type DhakaParts } from './dhaka-time.js';
import { normalizeDigits, requireLength } from './digits.js';
import { DomainError } from './errors.js';
import { describeValue, expandTwoDigitYear, toTwoDigitYear } from './identifiers/parts.js';

const FIELD = 'trackingNumber';
export const TRACKING_NUMBER_DIGITS = 19;
export const MAX_METERS_PER_APPLICATION = 5;

/** What a new-connection payment pays for: 1 application fee, 2 demand note, 3 estimate. */
export type CostHead = 1 | 2 | 3;

export const costHeads: Readonly<Record<CostHead, { purpose: 'application_fee' | 'demand_note' | 'estimate'; name: string }>> = {
  1: { purpose: 'application_fee', name: 'Application fee' },
  2: { purpose: 'demand_note', name: 'Demand note' },
  3: { purpose: 'estimate', name: 'Estimate' },
};

/** The cost head of a payment purpose, or undefined for purposes that are not new-connection costs. */
export function costHeadForPurpose(purpose: string): CostHead | undefined {
  const entry = Object.entries(costHeads).find(([, head]) => head.purpose === purpose);
  return entry ? (Number(entry[0]) as CostHead) : undefined;
}

export interface TrackingNumberParts {
  /** 1-9, from cardTypeDigit(). */
  cardType: number;
  /** 3 digits, e.g. an account number's officeCode. */
  officeCode: string;
  /** When the payment was made; written as the Asia/Dhaka wall clock, to the second. */
  at: Date;
  /** Application serial, 0-999. */
  serial: number;
  /** New-connection payments only, with costHead: the meter within the application, 1-5. */
  meterSerial?: number;
  costHead?: CostHead;
}

export interface TrackingNumber {
  /** Canonical form: digits and bars, no spaces. */
  value: string;
  cardType: number;
  officeCode: string;
  issuedAt: Date;
  dhaka: DhakaParts;
  serial: number;
  meterSerial?: number;
  costHead?: CostHead;
  costHeadName?: string;
}

function fail(rule: string, message: string): never {
  throw new DomainError(FIELD, rule, message);
}

function isCostHead(value: unknown): value is CostHead {
  return value === 1 || value === 2 || value === 3;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/**
 * Writes a tracking number from its parts: `at` as the Dhaka wall clock (seconds truncated), the
 * serial as 3 digits, and `|meterSerial|costHead` when both are given. Uniqueness is the caller's
 * job (one serial per office code and second).
 */
export function formatTrackingNumber(parts: TrackingNumberParts): string {
  const { cardType, officeCode, at, serial, meterSerial, costHead } = parts;
  if (!isIntegerIn(cardType, 1, 9)) {
    fail('card_type', `the card type must be a digit 1-9, got ${describeValue(cardType)}`);
  }
  if (typeof officeCode !== 'string' || !/^[0-9]{3}$/.test(officeCode)) {
    fail('office_code', `the office code must be 3 digits, got ${describeValue(officeCode)}`);
  }
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) fail('date', 'the payment time must be a valid Date');
  if (!isIntegerIn(serial, 0, 999)) {
    fail('serial_range', `the application serial must be 0-999, got ${describeValue(serial)}`);
  }

  const dhaka = toDhakaParts(at);
  const digits =
    String(cardType) +
    officeCode +
    toTwoDigitYear(dhaka.year, FIELD) +
    [dhaka.month, dhaka.day, dhaka.hour, dhaka.minute, dhaka.second].map((n) => pad(n, 2)).join('') +
    pad(serial, 3);
  return digits + newConnectionSuffix(meterSerial, costHead);
}

function newConnectionSuffix(meterSerial: unknown, costHead: unknown): string {
  if (meterSerial === undefined && costHead === undefined) return '';
  if (meterSerial === undefined || costHead === undefined) {
    fail('format', 'a new-connection tracking number needs both the meter serial and the cost head');
  }
  if (!isIntegerIn(meterSerial, 1, MAX_METERS_PER_APPLICATION)) {
    const got = describeValue(meterSerial);
    fail('meter_serial_range', `the meter serial must be 1-${MAX_METERS_PER_APPLICATION}, got ${got}`);
  }
  if (!isCostHead(costHead)) {
    const got = describeValue(costHead);
    fail('cost_head', `the cost head must be 1 (application fee), 2 (demand note) or 3 (estimate), got ${got}`);
  }
  return `|${meterSerial}|${costHead}`;
}

/** Parses a tracking number as typed: Bangla digits, and spaces or dashes between parts, are fine. */
export function parseTrackingNumber(input: string): TrackingNumber {
  if (typeof input !== 'string') fail('type', 'the tracking number must be a string');
  const sections = input.split('|');
  if (sections.length !== 1 && sections.length !== 3) {
    const bars = sections.length - 1;
    fail('format', `a tracking number is ${TRACKING_NUMBER_DIGITS} digits, optionally followed by |meter serial|cost head; found ${bars} bars`);
  }
  const digits = normalizeDigits(sections[0], FIELD);
  requireLength(digits, TRACKING_NUMBER_DIGITS, FIELD);

  const cardType = Number(digits[0]);
  if (cardType === 0) fail('card_type', 'the card type (first digit) is never 0');
  const dhaka = decodeDhakaDateTime(digits.slice(4, 16));
  const parsed: TrackingNumber = {
    value: digits,
    cardType,
    officeCode: digits.slice(1, 4),
    issuedAt: fromDhakaParts(dhaka),
    dhaka,
    serial: Number(digits.slice(16, 19)),
  };
  if (sections.length === 1) return parsed;

  // Each is exactly one digit ("01" is not a meter serial).
  const meterSerialDigit = normalizeDigits(sections[1], FIELD);
  const meterSerial = Number(meterSerialDigit);
  if (meterSerialDigit.length !== 1 || !isIntegerIn(meterSerial, 1, MAX_METERS_PER_APPLICATION)) {
    const max = MAX_METERS_PER_APPLICATION;
    fail('meter_serial_range', `the meter serial after the first bar must be one digit 1-${max} (an application holds at most ${max} meters)`);
  }
  const costHeadDigit = normalizeDigits(sections[2], FIELD);
  const costHead = Number(costHeadDigit);
  if (costHeadDigit.length !== 1 || !isCostHead(costHead)) {
    fail('cost_head', 'the cost head after the second bar must be 1 (application fee), 2 (demand note) or 3 (estimate)');
  }
  return {
    ...parsed,
    value: `${digits}|${meterSerial}|${costHead}`,
    meterSerial,
    costHead,
    costHeadName: costHeads[costHead].name,
  };
}

/** YYMMDDHHMMSS, Dhaka wall clock, checked field by field so the error says which one is off. */
function decodeDhakaDateTime(twelveDigits: string): DhakaParts {
  const twoDigitsAt = (index: number) => Number(twelveDigits.slice(index, index + 2));
  const year = expandTwoDigitYear(twoDigitsAt(0));
  const month = twoDigitsAt(2);
  const day = twoDigitsAt(4);
  const hour = twoDigitsAt(6);
  const minute = twoDigitsAt(8);
  const second = twoDigitsAt(10);
  if (month < 1 || month > 12) fail('month_range', `the date has month ${pad(month, 2)}; months run from 01 to 12`);
  const lastDay = daysInMonth(year, month);
  if (day < 1 || day > lastDay) {
    fail('day_range', `the date has day ${pad(day, 2)}; ${year}-${pad(month, 2)} has days 01 to ${lastDay}`);
  }
  if (hour > 23 || minute > 59 || second > 59) {
    fail('time_range', `the time ${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)} is not a time of day`);
  }
  return { year, month, day, hour, minute, second };
}
