/** Each merchant's test clock, as its offset from the base clock (MerchantClocks moves it). */
export interface ClockRepository {
  /** The merchant's offset in milliseconds; 0 when it never moved. */
  offsetMs(merchantId: string): Promise<number>;
  setOffsetMs(merchantId: string, offsetMs: number): Promise<void>;
  /** Adds `ms` to the offset in one statement (racing advances on several instances add up); returns the new offset. */
  addOffsetMs(merchantId: string, ms: number): Promise<number>;
}
