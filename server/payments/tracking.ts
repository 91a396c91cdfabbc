import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';

export const MAX_SERIAL = 999;

const CLAIM_SERIAL = `INSERT INTO tracking_serials (office_code, second, last_serial) VALUES (?, ?, 0)
  ON CONFLICT (office_code, second) DO UPDATE SET last_serial = last_serial + 1
    WHERE last_serial < ${MAX_SERIAL}
  RETURNING last_serial`;

/** Seconds (unix) from `from` to `to`, each with all its serials handed out. */
interface FullRun {
  from: number;
  to: number;
}

/**
 * Per database and office, the latest run of seconds found full. A full second stays full, so a
 * claim in that run starts after it instead of trying each of its seconds again: above 1,000
 * successes a second for one office, the seconds handed out run ahead of the clock, and without
 * this every claim retried every second between. (A claim rolled back after filling a second
 * leaves one serial of it unused; nothing is handed out twice.)
 */
const fullRuns = new WeakMap<Database, Map<string, FullRun>>();

/**
 * The next free serial (0-999) for `officeCode` in the second of `at`; when a second's thousand
 * serials are used up, the payment takes the next second's. Call inside the transaction that
 * stores the tracking number, so the serial is never handed out twice (SQLite's
 * SerialRepository; PaymentService.succeed formats the number).
 */
export function allocateSerial(db: Database, officeCode: string, at: Date): { serial: number; at: Date } {
  const claim = statement<[string, string], { last_serial: number }>(db, CLAIM_SERIAL);
  let runs = fullRuns.get(db);
  if (!runs) {
    runs = new Map();
    fullRuns.set(db, runs);
  }
  const requested = Math.floor(at.getTime() / 1000);
  const known = runs.get(officeCode);
  const inKnownRun = known !== undefined && requested >= known.from && requested <= known.to;
  for (let second = inKnownRun ? known.to + 1 : requested; ; second += 1) {
    const row = claim.get(officeCode, String(second));
    if (!row) continue;
    // Every second from the requested one up to here is full, this one too if it just gave its last serial.
    const lastFull = row.last_serial === MAX_SERIAL ? second : second - 1;
    if (lastFull >= requested) runs.set(officeCode, { from: inKnownRun ? known.from : requested, to: lastFull });
    return { serial: row.last_serial, at: new Date(second * 1000) };
  }
}
