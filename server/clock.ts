import type { Database } from 'better-sqlite3';

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
 * API moves. Offsets live in SQLite so a restart keeps them and parallel test runs that use
 * different merchants never see each other's time. They are also kept in memory, since every
 * request reads its merchant's time (some more than once) and only this class moves them.
 */
export class MerchantClocks {
  private readonly selectOffset;
  private readonly upsertOffset;
  private readonly offsets = new Map<string, number>();

  constructor(
    db: Database,
    readonly base: Clock,
  ) {
    this.selectOffset = db.prepare<[string], { offset_ms: number }>(
      'SELECT offset_ms FROM merchant_clocks WHERE merchant_id = ?',
    );
    this.upsertOffset = db.prepare<[string, number]>(
      `INSERT INTO merchant_clocks (merchant_id, offset_ms) VALUES (?, ?)
       ON CONFLICT (merchant_id) DO UPDATE SET offset_ms = excluded.offset_ms`,
    );
  }

  offsetMs(merchantId: string): number {
    let offset = this.offsets.get(merchantId);
    if (offset === undefined) {
      offset = this.selectOffset.get(merchantId)?.offset_ms ?? 0;
      this.offsets.set(merchantId, offset);
    }
    return offset;
  }

  merchantNow(merchantId: string): Date {
    return new Date(this.base.now().getTime() + this.offsetMs(merchantId));
  }

  /** Moves the merchant's clock forward (never back: deadlines already passed stay passed). */
  advance(merchantId: string, ms: number): Date {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('a test clock only moves forward');
    const offset = this.offsetMs(merchantId) + Math.round(ms);
    this.upsertOffset.run(merchantId, offset);
    this.offsets.set(merchantId, offset);
    return this.merchantNow(merchantId);
  }

  reset(merchantId: string): void {
    this.upsertOffset.run(merchantId, 0);
    this.offsets.set(merchantId, 0);
  }

  /** Drops a deleted merchant's offset from memory (its row goes with the merchant's). */
  forget(merchantId: string): void {
    this.offsets.delete(merchantId);
  }
}
