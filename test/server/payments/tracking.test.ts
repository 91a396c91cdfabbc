import { describe, expect, it } from 'vitest';
import { parseTrackingNumber } from '../../../domain/tracking-number.js';
import { allocateSerial, issueTrackingNumber } from '../../../server/payments/tracking.js';
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

  it('keeps offices apart', () => {
    expect(allocateSerial(db, '305', at).serial).toBe(0);
    expect(allocateSerial(db, '104', at).serial).toBe(0);
    expect(allocateSerial(db, '305', at).serial).toBe(1);
  });

  it('formats the Dhaka time, serial and new-connection suffix', () => {
    const value = issueTrackingNumber(db, { cardType: 6, officeCode: '305', at, meterSerial: 1, costHead: 2 });
    expect(value).toBe('6305261122124200000|1|2');
    expect(parseTrackingNumber(value)).toMatchObject({ cardType: 6, officeCode: '305', serial: 0 });
    expect(issueTrackingNumber(db, { cardType: 4, officeCode: '123', at })).toBe('4123261122124200000');
  });
});
