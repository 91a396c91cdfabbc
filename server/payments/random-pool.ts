import { randomFillSync } from 'node:crypto';

/**
 * Cryptographically secure random bytes, handed out from a buffer that the CSPRNG refills a few
 * kilobytes at a time. `crypto.randomBytes` costs a call into OpenSSL and a new Buffer for every
 * secret (about 4 µs, a visible share of creating a payment); drawing from the pool costs a copy.
 * Every byte is handed out once. Node pools `randomUUID` the same way, and uuid its generator.
 */
export class RandomPool {
  private readonly pool: Buffer;
  private offset: number;

  constructor(size = 4096) {
    this.pool = Buffer.alloc(size);
    // Empty until the first draw fills it.
    this.offset = size;
  }

  /** `length` fresh random bytes, as base64url text. */
  base64url(length: number): string {
    if (!Number.isInteger(length) || length < 1 || length > this.pool.length) {
      throw new RangeError(`draw 1 to ${this.pool.length} bytes, not ${length}`);
    }
    if (this.offset + length > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const text = this.pool.toString('base64url', this.offset, this.offset + length);
    this.offset += length;
    return text;
  }
}
