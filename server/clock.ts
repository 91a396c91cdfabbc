import type { Tx } from './storage/port.js';

/** The one source of time in the server: nothing else reads the system time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to; tests of the 5-minute timer run in milliseconds. */
export class ManualClock implements Clock {
  private epochMs: number;

  constructor(start: Date | string = '2026-11-22T06:42:00.000Z') {
    this.epochMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.epochMs);
  }

  advance(ms: number): void {
    this.epochMs += ms;
  }

  advanceSeconds(seconds: number): void {
    this.advance(seconds * 1000);
  }

  set(at: Date | string): void {
    this.epochMs = new Date(at).getTime();
  }
}

/**
 * Per-merchant test clocks: each merchant's time is the base clock plus an offset that the test
 * API moves. Offsets are stored rows, read in the unit that needs them (never cached), so a
 * clock moved through one instance is in force on every instance at its next read, and parallel
 * test runs on different merchants never see each other's time.
 */
export class MerchantClocks {
  constructor(readonly base: Clock) {}

  /** The merchant's now, as of the offset stored when `tx` reads it. */
  async now(tx: Pick<Tx, 'clocks'>, merchantId: string): Promise<Date> {
    return this.withOffset(await tx.clocks.offsetMs(merchantId));
  }

  /** The time of a merchant whose offset is known (a request's context read it already). */
  withOffset(offsetMs: number): Date {
    return new Date(this.base.now().getTime() + offsetMs);
  }

  /** Moves the merchant's clock forward (never back: deadlines already passed stay passed). */
  async advance(tx: Pick<Tx, 'clocks'>, merchantId: string, ms: number): Promise<Date> {
    // One statement adds to the stored offset: advances racing on several instances add up.
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a test clock only moves forward');
    return this.withOffset(await tx.clocks.addOffsetMs(merchantId, Math.round(ms)));
  }

  async reset(tx: Pick<Tx, 'clocks'>, merchantId: string): Promise<void> {
    await tx.clocks.setOffsetMs(merchantId, 0);
  }
}
