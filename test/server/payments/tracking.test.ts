import { describe, expect, it } from 'vitest';
import { formatTrackingNumber, parseTrackingNumber } from '../../../domain/tracking-number.js';
import { allocateSerial } from '../../../server/payments/tracking.js';
import type { Database } from '../../../server/storage/database.js';
import { freshDatabaseEachTest } from '../../helpers/temp-db.js';

let db: Database;
freshDatabaseEachTest((opened) => {
  db = opened.db;
});

const at = new Date('2026-11-22T06:42:00.400Z');

describe('tracking serials', () => {
  it('counts 000-999 per office and second, then overflows into the next second', () => {
    const serials = Array.from({ length: 1001 }, () => allocateSerial(db, '305', at));
    expect(serials.slice(0, 1000).map((s) => s.serial)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(serials.slice(0, 1000).every((s) => s.at.toISOString() === '2026-11-22T06:42:00.000Z')).toBe(true);
    expect(serials[1000]).toEqual({ serial: 0, at: new Date('2026-11-22T06:42:01.000Z') });
    // The next second's own payments continue after the overflow.
    expect(allocateSerial(db, '305', new Date('2026-11-22T06:42:01.900Z')).serial).toBe(1);
  });

  it('skips the seconds it found full, whichever second a claim asks for', () => {
    const second = (offset: number) => new Date(at.getTime() + offset * 1000);
    const claimsAt = (offset: number, count: number) => Array.from({ length: count }, () => allocateSerial(db, '305', second(offset)));
    // Seconds 0 and 1 full; the overflow lands in second 2.
    claimsAt(0, 2000);
    expect(allocateSerial(db, '305', second(0))).toEqual({ serial: 0, at: new Date('2026-11-22T06:42:02.000Z') });
    // Asked for a second inside the full run, or for the run's first: the run's next second.
    expect(allocateSerial(db, '305', second(1))).toEqual({ serial: 1, at: new Date('2026-11-22T06:42:02.000Z') });
    // A second past the run is its own; one before it (never used) too.
    expect(allocateSerial(db, '305', second(5))).toEqual({ serial: 0, at: new Date('2026-11-22T06:42:05.000Z') });
    expect(allocateSerial(db, '305', second(-1))).toEqual({ serial: 0, at: new Date('2026-11-22T06:41:59.000Z') });
    expect(allocateSerial(db, '305', second(0)).at).toEqual(new Date('2026-11-22T06:42:02.000Z'));
    // Filling second 2 up (997 more after serials 0-2) moves the overflow to second 3, and second 5 keeps counting.
    const rest = claimsAt(1, 997);
    expect(rest.at(-1)).toEqual({ serial: 999, at: new Date('2026-11-22T06:42:02.000Z') });
    expect(allocateSerial(db, '305', second(0))).toEqual({ serial: 0, at: new Date('2026-11-22T06:42:03.000Z') });
    expect(allocateSerial(db, '305', second(5)).serial).toBe(1);
    // Every serial handed out is distinct.
    const all = db.prepare('SELECT sum(last_serial + 1) AS handedOut FROM tracking_serials').get() as { handedOut: number };
    expect(all.handedOut).toBe(2000 + 5 + 997 + 2);
  });

  it('keeps offices apart', () => {
    expect(allocateSerial(db, '305', at).serial).toBe(0);
    expect(allocateSerial(db, '104', at).serial).toBe(0);
    expect(allocateSerial(db, '305', at).serial).toBe(1);
  });

  it('gives what formats the Dhaka time, serial and new-connection suffix', () => {
    const first = allocateSerial(db, '305', at);
    const value = formatTrackingNumber({ cardType: 6, officeCode: '305', ...first, meterSerial: 1, costHead: 2 });
    expect(value).toBe('6305261122124200000|1|2');
    expect(parseTrackingNumber(value)).toMatchObject({ cardType: 6, officeCode: '305', serial: 0 });
    expect(formatTrackingNumber({ cardType: 4, officeCode: '123', ...allocateSerial(db, '123', at) })).toBe('4123261122124200000');
  });
});
