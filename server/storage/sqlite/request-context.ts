import type { Database } from 'better-sqlite3';
import { findMerchantByKeySha256, getMerchant, type Merchant } from '../../payments/merchants.js';
import type { RequestContext, RequestContextRepository } from '../repositories/request-context.js';
import { statement } from '../statements.js';
import type { MerchantStateCache } from './merchant-state-cache.js';

/**
 * On SQLite a context is put together from what this process keeps: the merchant from its cache
 * (payments/merchants.ts), the clock offset and fault settings from MerchantStateCache; in the
 * steady state a request's context reads nothing from the file.
 */
export function sqliteRequestContext(db: Database, state: MerchantStateCache): RequestContextRepository {
  // Put together synchronously: every part is a cache lookup in the steady state.
  const around = (merchant: Merchant | null): RequestContext | null =>
    merchant ? { merchant, clockOffsetMs: state.offsetMs(merchant.id), faults: state.faultSettings(merchant.id) } : null;
  return {
    bySecretKeySha256: async (keySha256) => around(findMerchantByKeySha256(db, keySha256)),
    byMerchantId: async (merchantId) => around(getMerchant(db, merchantId)),
    async byPaymentId(paymentId) {
      const row = statement<[string], { merchant_id: string }>(db, 'SELECT merchant_id FROM payments WHERE id = ?').get(paymentId);
      return row ? around(getMerchant(db, row.merchant_id)) : null;
    },
  };
}
