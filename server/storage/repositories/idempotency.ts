/** What a request with an Idempotency-Key was answered: what a repeat of it gets again. */
export interface IdempotentAnswer {
  /** The fingerprint of the request (requestFingerprint): the same key with another body is refused. */
  requestSha256: string;
  status: number;
  /** The response body, as JSON. */
  body: unknown;
}

/**
 * The stored answers to requests with an Idempotency-Key, per merchant and key. A unit that
 * honours a key starts with `lock`: a repeat of the request arriving meanwhile (on any instance)
 * waits until the first unit ends, then finds its answer instead of doing the work again.
 */
export interface IdempotencyRepository {
  find(merchantId: string, key: string): Promise<IdempotentAnswer | null>;
  /** Takes the key for the rest of this unit, after any unit holding it has ended; then its stored answer, if any. */
  lock(merchantId: string, key: string): Promise<IdempotentAnswer | null>;
  /**
   * Stores the answer unless the key has one already, and returns the one stored: this one
   * (`stored`), or the first one, which is what the request must be answered. A unit that did
   * its work without `lock` and gets another's answer back must roll its own work back.
   */
  put(merchantId: string, key: string, answer: IdempotentAnswer, at: Date): Promise<{ stored: boolean; answer: IdempotentAnswer }>;
  /** Deletes the merchant's stored answers (test reset); returns how many. */
  deleteOfMerchant(merchantId: string): Promise<number>;
}
