import type { Database } from 'better-sqlite3';
import { formatTrackingNumber, type CostHead } from '../../domain/tracking-number.js';
import { statement } from '../storage/statements.js';

export const MAX_SERIAL = 999;

/**
 * The next free serial (0-999) for `officeCode` in the second of `at`; when a second's thousand
 * serials are used up, the payment takes the next second's. Call inside the transaction that
 * stores the tracking number, so the serial is never handed out twice.
 */
export function allocateSerial(db: Database, officeCode: string, at: Date): { serial: number; at: Date } {
  const claim = statement<[string, string], { last_serial: number }>(
    db,
    `INSERT INTO tracking_serials (office_code, second, last_serial) VALUES (?, ?, 0)
     ON CONFLICT (office_code, second) DO UPDATE SET last_serial = last_serial + 1
       WHERE last_serial < ${MAX_SERIAL}
     RETURNING last_serial`,
  );
  for (let second = Math.floor(at.getTime() / 1000); ; second += 1) {
    const row = claim.get(officeCode, String(second));
    if (row) return { serial: row.last_serial, at: new Date(second * 1000) };
  }
}

export interface TrackingInput {
  cardType: number;
  officeCode: string;
  at: Date;
  /** New-connection payments: the meter in the application (1-5) and the cost head. */
  meterSerial?: number | null;
  costHead?: CostHead | null;
}

/** Allocates a serial and formats the tracking number (the caller stores it, UNIQUE). */
export function issueTrackingNumber(db: Database, input: TrackingInput): string {
  const { serial, at } = allocateSerial(db, input.officeCode, input.at);
  const newConnection =
    input.meterSerial != null && input.costHead != null
      ? { meterSerial: input.meterSerial, costHead: input.costHead }
      : {};
  return formatTrackingNumber({ cardType: input.cardType, officeCode: input.officeCode, at, serial, ...newConnection });
}
