/**
 * Wall-clock time in Asia/Dhaka, for slips and tracking numbers. Bangladesh is UTC+6 all year
 * (it tried daylight saving once, in 2009; the simulator ignores that), so this is plain
 * arithmetic on a fixed offset: no Intl, no tz database, exact whatever TZ the process runs in.
 */
import { DomainError } from './errors.js';

export const DHAKA_UTC_OFFSET_MS = 6 * 60 * 60 * 1000;

/** A Dhaka wall-clock instant; month is 1-12. */
export interface DhakaParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function requireValidDate(at: unknown): asserts at is Date {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new DomainError('at', 'date', 'expected a valid Date');
  }
}

export function toDhakaParts(at: Date): DhakaParts {
  requireValidDate(at);
  // A Date shifted by +6h reads, in UTC, as Dhaka's wall clock.
  const shifted = new Date(at.getTime() + DHAKA_UTC_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/**
 * The instant a Dhaka wall-clock reading names. Parts are expected in range (see daysInMonth);
 * out-of-range parts roll over as in Date.UTC.
 */
export function fromDhakaParts(parts: DhakaParts): Date {
  const wallClockAsUtc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  wallClockAsUtc.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  wallClockAsUtc.setUTCHours(parts.hour, parts.minute, parts.second, 0);
  return new Date(wallClockAsUtc.getTime() - DHAKA_UTC_OFFSET_MS);
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** "2026-11-22 12:42:00": the Dhaka wall clock, as slips print it. */
export function formatDhakaDateTime(at: Date): string {
  const p = toDhakaParts(at);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)} ${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Days in `month` (1-12) of `year`, in the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  const days = DAYS_IN_MONTH[month - 1];
  if (days === undefined) throw new DomainError('month', 'month_range', `month must be 1-12, got ${month}`);
  return days;
}
