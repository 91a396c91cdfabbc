import type { Logger } from '../logger.js';
import type { PaymentService } from './service.js';

/**
 * Applies lapsed deadlines periodically, so a payment nobody reads still expires (and its
 * webhook goes out). One indexed query per merchant per tick, whatever the number of sessions.
 * Returns the function that stops it.
 */
export function startSweeper(payments: PaymentService, intervalMs: number, logger: Logger): () => void {
  const timer = setInterval(() => {
    try {
      const settled = payments.sweep();
      if (settled > 0) logger.debug({ settled }, 'sweep applied lapsed deadlines');
    } catch (error) {
      logger.error({ err: error }, 'sweep failed');
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
