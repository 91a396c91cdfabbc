import { describe, expect, it } from 'vitest';
import { copyPayment, type PaymentRecord } from '../../../server/payments/record.js';
import { paidCardPayment as paid } from '../../helpers/payment-records.js';

/** The objects (Dates aside) reachable from `value`, each with its path. */
function objectsIn(value: unknown, path = '$'): Array<[string, object]> {
  if (typeof value !== 'object' || value === null || value instanceof Date) return [];
  return [[path, value], ...Object.entries(value).flatMap(([key, child]) => objectsIn(child, `${path}.${key}`))];
}

describe('copyPayment', () => {
  it('gives an equal payment that shares no object with the original (so a new nested field cannot be missed)', () => {
    const copy = copyPayment(paid);
    expect(copy).toEqual(paid);
    const originals = new Map(objectsIn(paid));
    for (const [path, object] of objectsIn(copy)) expect(object, path).not.toBe(originals.get(path));
  });

  it('copies payments whose optional parts are null', () => {
    const open = { ...paid, selection: null, instrument: null, lastError: null };
    expect(copyPayment(open)).toEqual(open);
  });
});
