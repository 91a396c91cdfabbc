import type pg from 'pg';
import type { RefundOutcome } from '../../../domain/refund-state.js';
import { REFUND_COLUMNS, refundChangeValues, refundValues, toRecord, type RefundRecord, type RefundRow } from '../../refunds/repository.js';
import type { RefundRepository } from '../repositories/refunds.js';

const SELECT = `SELECT ${REFUND_COLUMNS} FROM refunds`;

/** The refunds on PostgreSQL. `lock` is FOR NO KEY UPDATE, as for payments; lapsed claims skip locked rows. */
export function postgresRefunds(client: pg.ClientBase): RefundRepository {
  const one = async (name: string, text: string, refundId: string): Promise<RefundRecord | null> => {
    const { rows } = await client.query<RefundRow>({ name, text, values: [refundId] });
    return rows[0] ? toRecord(rows[0]) : null;
  };
  return {
    async insert(refund) {
      await client.query({
        name: 'refunds.insert',
        text: `INSERT INTO refunds (${REFUND_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        values: refundValues(refund),
      });
    },
    async update(refund) {
      await client.query({
        name: 'refunds.update',
        text: 'UPDATE refunds SET status = $1, failure_reason = $2, deadline_at = $3, completed_at = $4, updated_at = $5 WHERE id = $6',
        values: refundChangeValues(refund),
      });
    },
    find: (refundId) => one('refunds.find', `${SELECT} WHERE id = $1`, refundId),
    lock: (refundId) => one('refunds.lock', `${SELECT} WHERE id = $1 FOR NO KEY UPDATE`, refundId),
    async ofPayment(paymentId) {
      const { rows } = await client.query<RefundRow>({ name: 'refunds.of-payment', text: `${SELECT} WHERE payment_id = $1 ORDER BY id`, values: [paymentId] });
      return rows.map(toRecord);
    },
    async claimLapsedIds(merchantId, at, limit) {
      const { rows } = await client.query<{ id: string }>({
        name: 'refunds.claim-lapsed',
        text: `SELECT id FROM refunds WHERE merchant_id = $1 AND deadline_at IS NOT NULL AND deadline_at <= $2
               ORDER BY deadline_at LIMIT $3 FOR NO KEY UPDATE SKIP LOCKED`,
        values: [merchantId, at.getTime(), limit],
      });
      return rows.map((row) => row.id);
    },
    async deleteOfMerchant(merchantId) {
      const { rowCount } = await client.query({ name: 'refunds.delete-of-merchant', text: 'DELETE FROM refunds WHERE merchant_id = $1', values: [merchantId] });
      return rowCount ?? 0;
    },
    async outcome(merchantId) {
      const { rows } = await client.query<{ outcome: RefundOutcome }>({
        name: 'refunds.outcome',
        text: 'SELECT outcome FROM merchant_refund_outcomes WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rows[0]?.outcome ?? 'instant';
    },
    async setOutcome(merchantId, outcome, at) {
      await client.query({
        name: 'refunds.set-outcome',
        text: `INSERT INTO merchant_refund_outcomes (merchant_id, outcome, updated_at) VALUES ($1, $2, $3)
               ON CONFLICT (merchant_id) DO UPDATE SET outcome = excluded.outcome, updated_at = excluded.updated_at`,
        values: [merchantId, outcome, at.getTime()],
      });
    },
    async clearOutcome(merchantId) {
      await client.query({ name: 'refunds.clear-outcome', text: 'DELETE FROM merchant_refund_outcomes WHERE merchant_id = $1', values: [merchantId] });
    },
  };
}
