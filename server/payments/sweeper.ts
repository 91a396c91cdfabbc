import type { Logger } from '../logger.js';
import type { Store, Tx } from '../storage/port.js';

/** Anything with deadlines to apply: payments, refunds. */
export interface Sweepable {
  /** Applies the merchants' lapsed deadlines (all merchants by default), at most `budget` rows; returns how many changed. */
  sweep(merchantIds?: readonly string[], budget?: number): Promise<number>;
}

/**
 * Rows settled between two yields to the event loop. A settle (transition, outbox, journal) takes
 * on the order of 100 µs, so a slice holds the event loop for tens of milliseconds at most.
 */
export const SWEEP_SLICE_ROWS = 200;

/**
 * Applies every lapsed deadline in slices, yielding to the event loop between them, so a mass
 * expiry (a test clock moved past 100,000 open sessions, or the first sweep after downtime) never
 * makes other requests wait behind it. The first slice runs before this returns its promise.
 */
export async function sweepInSlices(sweepables: readonly Sweepable[], merchantIds?: readonly string[]): Promise<number> {
  let settled = 0;
  for (const sweepable of sweepables) {
    for (;;) {
      const inSlice = await sweepable.sweep(merchantIds, SWEEP_SLICE_ROWS);
      settled += inSlice;
      if (inSlice < SWEEP_SLICE_ROWS) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return settled;
}

/**
 * Applies lapsed deadlines periodically, so a payment or refund nobody reads still settles (and
 * its webhook goes out). One indexed query per merchant per tick for each, whatever the number
 * of sessions; a pass still running at the next tick is not doubled. Returns the function that
 * stops it.
 */
export function startSweeper(sweepables: readonly Sweepable[], intervalMs: number, logger: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepInSlices(sweepables)
      .then((settled) => {
        if (settled > 0) logger.debug({ settled }, 'sweep applied lapsed deadlines');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'sweep failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Rows handled per merchant per sweep pass, so one pass never holds the lock for long. */
const SWEEP_BATCH = 500;

export interface LapsedDeadlines {
  /** The merchant's clock now. */
  now(tx: Tx, merchantId: string): Promise<Date>;
  /**
   * Up to `limit` ids of the merchant's rows whose deadline is at or before `now` (one indexed
   * query), locked for this unit; rows another instance's sweep holds are skipped, not awaited.
   */
  claimLapsedIds(tx: Tx, merchantId: string, now: Date, limit: number): Promise<string[]>;
  /** Applies what is due to one row in the unit; true when its state changed. */
  settle(tx: Tx, id: string): Promise<boolean>;
}

/**
 * Applies every lapsed deadline: per merchant (each has its own clock), one indexed query for
 * the rows past their deadline, then each through `settle`, claimed and settled in one unit per
 * batch (one commit per batch rather than per row, so a mass expiry stays cheap; and the claim's
 * locks keep several instances' sweeps off each other's rows). No timer per session. Stops once
 * `budget` rows have changed; returns how many did.
 */
export async function sweepLapsed(
  store: Store,
  merchantIds: readonly string[],
  deadlines: LapsedDeadlines,
  budget: number = Number.POSITIVE_INFINITY,
): Promise<number> {
  let settled = 0;
  for (const merchantId of merchantIds) {
    while (settled < budget) {
      const batch = Math.min(SWEEP_BATCH, budget - settled);
      const { claimed, settledInBatch } = await store.transact(async (tx) => {
        const now = await deadlines.now(tx, merchantId);
        const ids = await deadlines.claimLapsedIds(tx, merchantId, now, batch);
        let changed = 0;
        for (const id of ids) if (await deadlines.settle(tx, id)) changed += 1;
        return { claimed: ids.length, settledInBatch: changed };
      });
      settled += settledInBatch;
      // A short batch was the last; a batch where nothing moved would repeat forever.
      if (claimed < batch || settledInBatch === 0) break;
    }
  }
  return settled;
}
