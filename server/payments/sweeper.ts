import type { Logger } from '../logger.js';

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
