import type pg from 'pg';
import { MERCHANT_COLUMNS, sha256Hex, toMerchant, type Merchant, type MerchantRow } from '../../payments/merchants.js';
import type { MerchantRepository } from '../repositories/merchants.js';

/**
 * The merchants on PostgreSQL. No cache: another instance may delete an ephemeral merchant or
 * seed a changed one at any time, and the next request anywhere must see it.
 */
export function postgresMerchants(client: pg.ClientBase): MerchantRepository {
  const one = async (name: string, text: string, value: string): Promise<Merchant | null> => {
    const { rows } = await client.query<MerchantRow>({ name, text, values: [value] });
    return rows[0] ? toMerchant(rows[0]) : null;
  };
  return {
    async seed(seeds, at, options = {}) {
      for (const seed of seeds) {
        await client.query({
          name: 'merchants.seed',
          text: `INSERT INTO merchants (id, name, short_name, secret_key_sha256, utility, bill_layout, office_code, ephemeral, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
                   secret_key_sha256 = excluded.secret_key_sha256, utility = excluded.utility,
                   bill_layout = excluded.bill_layout, office_code = excluded.office_code,
                   ephemeral = GREATEST(merchants.ephemeral, excluded.ephemeral)`,
          values: [
            seed.id,
            seed.name,
            seed.shortName,
            sha256Hex(seed.secretKey),
            seed.utility,
            seed.billLayout,
            seed.officeCode,
            options.ephemeral ? 1 : 0,
            at.getTime(),
          ],
        });
        for (const [index, secret] of seed.webhookSecrets.entries()) {
          // Later secrets in the list are newer: ordering by created_at then picks the newest.
          await client.query({
            name: 'merchants.activate-secret',
            text: `INSERT INTO merchant_webhook_secrets (merchant_id, secret, created_at) VALUES ($1, $2, $3)
                   ON CONFLICT (merchant_id, secret) DO UPDATE SET retired_at = NULL`,
            values: [seed.id, secret, at.getTime() + index],
          });
        }
      }
    },
    findBySecretKeySha256: (keySha256) =>
      one('merchants.by-key', `SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE secret_key_sha256 = $1`, keySha256),
    get: (merchantId) => one('merchants.get', `SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE id = $1`, merchantId),
    async isEphemeral(merchantId) {
      const { rows } = await client.query<{ ephemeral: number }>({
        name: 'merchants.ephemeral',
        text: 'SELECT ephemeral FROM merchants WHERE id = $1',
        values: [merchantId],
      });
      return rows[0] ? rows[0].ephemeral === 1 : null;
    },
    async delete(merchantId) {
      await client.query({ name: 'merchants.delete', text: 'DELETE FROM merchants WHERE id = $1', values: [merchantId] });
    },
    async listIds() {
      const { rows } = await client.query<{ id: string }>({ name: 'merchants.ids', text: 'SELECT id FROM merchants ORDER BY id' });
      return rows.map((row) => row.id);
    },
    async webhookSecrets(merchantId) {
      const { rows } = await client.query<{ secret: string }>({
        name: 'merchants.webhook-secrets',
        text: `SELECT secret FROM merchant_webhook_secrets
               WHERE merchant_id = $1 AND retired_at IS NULL ORDER BY created_at DESC`,
        values: [merchantId],
      });
      return rows.map((row) => row.secret);
    },
  };
}
