import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { PaymentState } from '../../../domain/payment-state.js';
import type { PaymentRecord } from '../../payments/record.js';
import { PAYMENT_COLUMN_LIST, paymentChanges, paymentFromValues, paymentValues } from '../../payments/repository.js';
import { duplicateWithoutHolder, holderOf, type PaymentRepository } from '../repositories/payments.js';

const SELECT = `SELECT ${PAYMENT_COLUMN_LIST} FROM payments`;
const PLACEHOLDERS = PAYMENT_COLUMN_LIST.split(', ')
  .map((_column, index) => `$${index + 1}`)
  .join(', ');

/**
 * Inserts that found a duplicate whose holder then vanished (lapsed, deleted) before it could be
 * named: each tries again. A third in a row means no payment holds the key (the id itself is taken).
 */
const INSERT_ATTEMPTS = 3;

/** The UPDATE for one set of changed columns, named by a digest of the set (names stop at 63 bytes). */
const updates = new Map<string, { name: string; text: string }>();

function updateFor(columns: readonly string[]): { name: string; text: string } {
  const key = columns.join(',');
  let update = updates.get(key);
  if (!update) {
    const set = columns.map((column, index) => `${column} = $${index + 1}`).join(', ');
    update = {
      name: `payments.update.${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`,
      text: `UPDATE payments SET ${set} WHERE id = $${columns.length + 1}`,
    };
    updates.set(key, update);
  }
  return update;
}

/**
 * The payments on PostgreSQL. `lock` is SELECT … FOR NO KEY UPDATE: two lockers of a payment
 * exclude each other as with FOR UPDATE, but (the key never changing) units inserting rows that
 * reference the payment (refunds, transitions) are not held up. A lapsed-payment claim skips rows
 * other units hold. An insert lets the unique indexes decide (ON CONFLICT DO NOTHING waits for a
 * unit inserting the same key, and then names the payment that won) instead of failing the unit.
 */
export function postgresPayments(client: pg.ClientBase): PaymentRepository {
  const one = async (name: string, text: string, values: unknown[]): Promise<PaymentRecord | null> => {
    const { rows } = await client.query<unknown[]>({ name, text, values, rowMode: 'array' });
    return rows[0] ? paymentFromValues(rows[0]) : null;
  };
  const payments: PaymentRepository = {
    async insert(payment) {
      for (let attempt = 1; attempt <= INSERT_ATTEMPTS; attempt += 1) {
        const { rowCount } = await client.query({
          name: 'payments.insert',
          text: `INSERT INTO payments (${PAYMENT_COLUMN_LIST}) VALUES (${PLACEHOLDERS}) ON CONFLICT DO NOTHING`,
          values: paymentValues(payment),
        });
        if (rowCount === 1) return { inserted: true };
        const held = await holderOf(payments, payment);
        if (held) return held;
      }
      throw duplicateWithoutHolder(payment);
    },
    find: (paymentId) => one('payments.find', `${SELECT} WHERE id = $1`, [paymentId]),
    lock: (paymentId) => one('payments.lock', `${SELECT} WHERE id = $1 FOR NO KEY UPDATE`, [paymentId]),
    async update(payment, before) {
      const { columns, values } = paymentChanges(payment, before);
      if (columns.length === 0) return;
      await client.query({ ...updateFor(columns), values: [...values, payment.id] });
    },
    async recordTransition(transition) {
      await client.query({
        name: 'payments.record-transition',
        text: 'INSERT INTO payment_transitions (payment_id, from_state, to_state, event, at) VALUES ($1, $2, $3, $4, $5)',
        values: [transition.paymentId, transition.from, transition.to, transition.event, transition.at.getTime()],
      });
    },
    async transitions(paymentId) {
      const { rows } = await client.query<{ from: PaymentState; to: PaymentState; event: string; at: number }>({
        name: 'payments.transitions',
        text: 'SELECT from_state AS "from", to_state AS "to", event, at FROM payment_transitions WHERE payment_id = $1 ORDER BY seq',
        values: [paymentId],
      });
      return rows.map((row) => ({ paymentId, from: row.from, to: row.to, event: row.event, at: new Date(row.at) }));
    },
    findByReference: (merchantId, reference) =>
      one('payments.by-reference', `${SELECT} WHERE merchant_id = $1 AND reference = $2`, [merchantId, reference]),
    async findIdByReference(merchantId, reference) {
      const { rows } = await client.query<{ id: string }>({
        name: 'payments.id-by-reference',
        text: 'SELECT id FROM payments WHERE merchant_id = $1 AND reference = $2',
        values: [merchantId, reference],
      });
      return rows[0]?.id ?? null;
    },
    findByTrackingNumber: (trackingNumber) =>
      one('payments.by-tracking-number', `${SELECT} WHERE tracking_number = $1`, [trackingNumber]),
    findLiveForBill: (merchantId, billKey) =>
      one(
        'payments.live-for-bill',
        `${SELECT} WHERE merchant_id = $1 AND bill_key = $2 AND status NOT IN ('failed', 'cancelled', 'expired')`,
        [merchantId, billKey],
      ),
    async claimLapsedIds(merchantId, at, limit) {
      const { rows } = await client.query<{ id: string }>({
        name: 'payments.claim-lapsed',
        text: `SELECT id FROM payments WHERE merchant_id = $1 AND deadline_at IS NOT NULL AND deadline_at <= $2
               ORDER BY deadline_at LIMIT $3 FOR NO KEY UPDATE SKIP LOCKED`,
        values: [merchantId, at.getTime(), limit],
      });
      return rows.map((row) => row.id);
    },
    async deleteOfMerchant(merchantId) {
      const { rowCount } = await client.query({
        name: 'payments.delete-of-merchant',
        text: 'DELETE FROM payments WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rowCount ?? 0;
    },
  };
  return payments;
}
