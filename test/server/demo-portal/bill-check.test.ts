import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBill, dhakaDate } from '../../../server/demo-portal/bill-check.js';
import { testFixtures } from '../../helpers/server.js';

/** "1234.05" from a count of paisa, with integer arithmetic only. */
function amountFromPaisa(paisa: bigint): string {
  return `${paisa / 100n}.${String(paisa % 100n).padStart(2, '0')}`;
}

/** The late fee in paisa by integers: amount × rate%, half-up. `rateTenThousandths` is the rate × 10^4. */
function lateFeePaisa(amountPaisa: bigint, rateTenThousandths: bigint): bigint {
  const scaled = amountPaisa * rateTenThousandths; // paisa × 10^6 (10^4 for the rate's decimals, 10^2 for "%")
  return (scaled + 500_000n) / 1_000_000n;
}

function rateText(rateTenThousandths: bigint): string {
  const whole = rateTenThousandths / 10_000n;
  const fraction = String(rateTenThousandths % 10_000n).padStart(4, '0').replace(/0+$/, '');
  return fraction === '' ? String(whole) : `${whole}.${fraction}`;
}

describe('checkBill (seed 000, step 7)', () => {
  const rate = testFixtures().settings.latePaymentRate;

  it("charges the fixtures' rate on the seed's DESCO bill paid long after its last date", () => {
    const check = checkBill({ amount: '11.00', lastDateOfPayment: '2023-05-03' }, new Date('2026-11-22T06:42:00Z'), rate);
    expect(rate).toBe('5');
    expect(check).toEqual({
      billAmount: '11.00',
      lateFee: '0.55',
      total: '11.55',
      paymentDate: '2026-11-22',
      lastDateOfPayment: '2023-05-03',
      late: true,
    });
  });

  it('rounds the charge half-up to the paisa (987.25 × 5 % = 49.3625 → 49.36)', () => {
    const check = checkBill({ amount: '987.25', lastDateOfPayment: '2026-10-31' }, new Date('2026-11-22T06:42:00Z'), '5');
    expect([check.lateFee, check.total]).toEqual(['49.36', '1036.61']);
    const halfUp = checkBill({ amount: '0.10', lastDateOfPayment: '2026-10-31' }, new Date('2026-11-22T06:42:00Z'), '5');
    expect(halfUp.lateFee).toBe('0.01'); // 0.005 rounds up, never to even
  });

  it('treats the last date as a Dhaka calendar day: on time until 23:59:59 there, late from midnight', () => {
    const bill = { amount: '1245.50', lastDateOfPayment: '2026-11-30' };
    const lastSecond = checkBill(bill, new Date('2026-11-30T17:59:59Z'), '5');
    const midnight = checkBill(bill, new Date('2026-11-30T18:00:00Z'), '5');
    expect([lastSecond.paymentDate, lastSecond.late, lastSecond.lateFee, lastSecond.total]).toEqual([
      '2026-11-30',
      false,
      '0.00',
      '1245.50',
    ]);
    expect([midnight.paymentDate, midnight.late, midnight.lateFee, midnight.total]).toEqual(['2026-12-01', true, '62.28', '1307.78']);
  });

  it('agrees with integer arithmetic for any amount and rate, late or on time', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 100_000_000n }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.boolean(),
        (amountPaisa, rateUnits, late) => {
          const amount = amountFromPaisa(amountPaisa);
          const paidAt = new Date('2026-11-22T06:42:00Z');
          const lastDateOfPayment = late ? '2026-11-21' : '2026-11-22';
          const check = checkBill({ amount, lastDateOfPayment }, paidAt, rateText(rateUnits));
          const fee = late ? lateFeePaisa(amountPaisa, rateUnits) : 0n;
          expect(check.late).toBe(late);
          expect(check.billAmount).toBe(amount);
          expect(check.lateFee).toBe(amountFromPaisa(fee));
          expect(check.total).toBe(amountFromPaisa(amountPaisa + fee));
        },
      ),
    );
  });
});

describe('dhakaDate', () => {
  it('is the calendar date at UTC+6', () => {
    expect(dhakaDate(new Date('2026-11-21T17:59:59.999Z'))).toBe('2026-11-21');
    expect(dhakaDate(new Date('2026-11-21T18:00:00Z'))).toBe('2026-11-22');
  });
});
