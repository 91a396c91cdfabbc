import type { Database } from 'better-sqlite3';
import type { Logger } from '../logger.js';
import { writeTransaction } from '../storage/database.js';

/** Anything with deadlines to apply: payments, refunds. `sweep` returns how many it settled. */
export interface Sweepable {
  sweep(): number;
}

/**
 * Applies lapsed deadlines periodically, so a payment or refund nobody reads still settles (and
 * its webhook goes out). One indexed query per merchant per tick for each, whatever the number
 * of sessions. Returns the function that stops it.
 */
export function startSweeper(sweepables: readonly Sweepable[], intervalMs: number, logger: Logger): () => void {
  const timer = setInterval(() => {
    for (const sweepable of sweepables) {
      try {
        const settled = sweepable.sweep();
        if (settled > 0) logger.debug({ settled }, 'sweep applied lapsed deadlines');
      } catch (error) {
        logger.error({ err: error }, 'sweep failed');
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Rows handled per merchant per sweep pass, so one pass never holds the lock for long. */
const SWEEP_BATCH = 500;

export interface LapsedDeadlines {
  /** The merchant's clock now. */
  now(merchantId: string): Date;
  /** Up to `limit` ids of the merchant's rows whose deadline is at or before `now` (one indexed query). */
  lapsedIds(merchantId: string, now: Date, limit: number): string[];
  /** Applies what is due to one row; true when its state changed. */
  settle(id: string): boolean;
}

/**
 * Applies every lapsed deadline: per merchant (each has its own clock), one indexed query for
 * the rows past their deadline, then each through `settle`, with one commit per batch rather
 * than per row, so a mass expiry stays cheap. No timer per session. Returns how many changed.
 */
export function sweepLapsed(db: Database, merchantIds: readonly string[], deadlines: LapsedDeadlines): number {
  let settled = 0;
  for (const merchantId of merchantIds) {
    const now = deadlines.now(merchantId);
    for (;;) {
      const ids = deadlines.lapsedIds(merchantId, now, SWEEP_BATCH);
      const settledInBatch = writeTransaction(db, () => ids.filter((id) => deadlines.settle(id)).length);
      settled += settledInBatch;
      // A short batch was the last; a batch where nothing moved would repeat forever.
      if (ids.length < SWEEP_BATCH || settledInBatch === 0) break;
    }
  }
  return settled;
}
