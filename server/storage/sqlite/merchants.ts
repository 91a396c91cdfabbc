import type { Database } from 'better-sqlite3';
import {
  deleteMerchantRow,
  findMerchantByKeySha256,
  getMerchant,
  getMerchantSecrets,
  listMerchantIds,
  seedMerchants,
} from '../../payments/merchants.js';
import type { MerchantRepository } from '../repositories/merchants.js';
import { statement } from '../statements.js';
import type { MerchantStateCache } from './merchant-state-cache.js';

/** The merchants on SQLite: today's statements (payments/merchants.ts), with its read cache. */
export function sqliteMerchants(db: Database, cache: MerchantStateCache): MerchantRepository {
  return {
    async seed(seeds, at, options = {}) {
      seedMerchants(db, seeds, at);
      if (!options.ephemeral) return;
      const mark = statement<[string]>(db, 'UPDATE merchants SET ephemeral = 1 WHERE id = ?');
      for (const seed of seeds) mark.run(seed.id);
    },
    async findBySecretKeySha256(keySha256) {
      return findMerchantByKeySha256(db, keySha256);
    },
    async get(merchantId) {
      return getMerchant(db, merchantId);
    },
    async isEphemeral(merchantId) {
      const row = statement<[string], { ephemeral: number }>(db, 'SELECT ephemeral FROM merchants WHERE id = ?').get(merchantId);
      return row ? row.ephemeral === 1 : null;
    },
    async delete(merchantId) {
      deleteMerchantRow(db, merchantId);
      // Its clock and fault rows went with it (ON DELETE CASCADE).
      cache.clear();
    },
    async listIds() {
      return listMerchantIds(db);
    },
    async webhookSecrets(merchantId) {
      return getMerchantSecrets(db, merchantId);
    },
  };
}

