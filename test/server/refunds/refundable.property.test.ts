/**
 * Property: whatever sequence of partial refunds a merchant sends (any amounts, any outcomes, the
 * clock moving in between), the pending and succeeded refunds never add up to more than amount +
 * late fee, a refund is accepted exactly when it fits in what is left, and what the API says is
 * left is always that limit less what was accepted and did not fail.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { REFUNDABLE, refundClient, type RefundOutcome, type RefundView } from './client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Amounts in whole paisa in the model (exact integers), as 2-decimal strings on the wire. */
const toAmount = (paisa: number) => `${Math.floor(paisa / 100)}.${String(paisa % 100).padStart(2, '0')}`;
const toPaisa = (amount: string) => {
  const [taka = '0', paisa = '0'] = amount.split('.');
  return Number(taka) * 100 + Number(paisa);
};
const LIMIT = toPaisa(REFUNDABLE);

const step = fc.record({
  paisa: fc.integer({ min: 1, max: 900 }),
  outcome: fc.constantFrom<RefundOutcome>('instant', 'pending_then_success', 'failed'),
  advanceSeconds: fc.constantFrom(0, 0, 3, 10),
});

describe('partial refunds', () => {
  it('never exceed the refundable amount, whatever the sequence', async () => {
    const api = await refundClient(server);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const payment = await api.paidPayment();
        let committed = 0;
        let outcome: RefundOutcome | undefined;
        for (const { paisa, outcome: next, advanceSeconds } of steps) {
          if (next !== outcome) await api.setOutcome(next);
          outcome = next;
          const res = await api.refund(payment.id, { amount: toAmount(paisa) });
          if (paisa <= LIMIT - committed) {
            expect(res.status).toBe(201);
            if ((res.body as RefundView).status !== 'failed') committed += paisa;
          } else {
            expect(res.status).toBe(422);
            expect(res.body.errors[0]).toMatchObject({ field: 'amount', rule: 'exceeds_refundable' });
          }
          if (advanceSeconds > 0) await api.advanceClock(advanceSeconds);

          const list = (await api.get(`/api/v1/payments/${payment.id}/refunds`).expect(200)).body;
          const counted = (list.data as RefundView[]).filter((refund) => refund.status !== 'failed');
          const total = counted.reduce((sum, refund) => sum + toPaisa(refund.amount), 0);
          expect(total).toBe(committed);
          expect(total).toBeLessThanOrEqual(LIMIT);
          expect(toPaisa(list.refundable)).toBe(LIMIT - committed);
          expect(toPaisa(list.amountRefunded)).toBeLessThanOrEqual(total);
        }
      }),
      { numRuns: 30 },
    );
  });
});
