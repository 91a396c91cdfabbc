/** Refund calls as a merchant's test makes them, over HTTP, on an ephemeral merchant of its own. */
import { applicationFee, type CreatedPayment } from '../../helpers/api.js';
import type { TestServer } from '../../helpers/server.js';
import { PostgresStore } from '../../../server/storage/postgres/store.js';
import { createTestMerchant, merchantClient, type TestMerchant } from '../test-api/client.js';

/** A bill of 11.00 with a late fee of 1.50: 12.50 refundable, whatever the gateway charged on top. */
export const BILL = { amount: '11.00', lateFee: '1.50' } as const;
export const REFUNDABLE = '12.50';

export interface RefundView {
  id: string;
  object: 'refund';
  paymentId: string;
  amount: string;
  reason: string | null;
  status: 'pending' | 'succeeded' | 'failed';
  failureReason: string | null;
  createdAt: string;
  completedAt: string | null;
}

export type RefundOutcome = 'instant' | 'pending_then_success' | 'failed';

/** The refund's status as stored (not as a read would settle it), on either engine. */
export async function storedRefundStatus(server: TestServer, refundId: string): Promise<string | undefined> {
  return (await server.deps.store.read((tx) => tx.refunds.find(refundId)))?.status;
}

/** How many rows of `table` the merchant has, on either engine. */
export async function countRowsOf(server: TestServer, table: 'refunds' | 'merchant_refund_outcomes', merchantId: string): Promise<number> {
  const { store } = server.deps;
  const sql = `SELECT COUNT(*) AS n FROM ${table} WHERE merchant_id = `;
  if (store instanceof PostgresStore) {
    const { rows } = await store.pool.query<{ n: string }>(`${sql}$1`, [merchantId]);
    return Number(rows[0]?.n);
  }
  return (server.deps.db.prepare(`${sql}?`).get(merchantId) as { n: number }).n;
}

export async function refundClient(server: TestServer, merchant?: TestMerchant) {
  const owner = merchant ?? (await createTestMerchant(server));
  const client = merchantClient(server, owner.secretKey);
  return {
    merchant: owner,
    ...client,
    /** A payment of BILL, paid by card through headless completion. */
    async paidPayment(overrides: Record<string, unknown> = {}): Promise<CreatedPayment> {
      const payment = await client.createPayment(applicationFee({ ...BILL, ...overrides }));
      const done = await client.complete(payment.id, { outcome: 'success', method: 'visa' });
      if (done.body.payment?.status !== 'succeeded') throw new Error(`payment not paid: ${JSON.stringify(done.body)}`);
      return payment;
    },
    refund: (paymentId: string, body: object, idempotencyKey?: string) => {
      const req = client.post(`/api/v1/payments/${paymentId}/refunds`, body);
      return idempotencyKey === undefined ? req : req.set('Idempotency-Key', idempotencyKey);
    },
    async setOutcome(outcome: RefundOutcome): Promise<void> {
      const res = await client.put('/api/v1/test/refunds/outcome', { outcome });
      if (res.status !== 200) throw new Error(`set outcome failed: ${res.status} ${JSON.stringify(res.body)}`);
    },
    async advanceClock(seconds: number): Promise<void> {
      const res = await client.post('/api/v1/test/clock/advance', { seconds });
      if (res.status !== 200) throw new Error(`advance failed: ${res.status} ${JSON.stringify(res.body)}`);
    },
  };
}
