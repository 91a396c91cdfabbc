import type { FaultSettings } from '../../faults/settings.js';

/** Each merchant's fault settings (PUT /api/v1/test/faults), and the count of their seeded draws. */
export interface FaultRepository {
  get(merchantId: string): Promise<FaultSettings | null>;
  /** Replaces the merchant's settings; their draws start again from the first. */
  put(merchantId: string, settings: FaultSettings, at: Date): Promise<void>;
  /** Removes the merchant's settings; true when there were some. */
  clear(merchantId: string): Promise<boolean>;
  /** Every merchant's settings (for an adapter that keeps them in memory). */
  all(): Promise<Array<{ merchantId: string; settings: FaultSettings }>>;
  /**
   * The index (0, 1, …) of the merchant's next seeded draw, counted in the database so that
   * instances sharing it draw one sequence, as one process would; null without settings.
   */
  takeDraw(merchantId: string): Promise<number | null>;
}
