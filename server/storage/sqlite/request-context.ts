import type { Database } from 'better-sqlite3';
import { findMerchantByKeySha256, getMerchant, type Merchant } from '../../payments/merchants.js';
import type { ClockRepository } from '../repositories/clocks.js';
import type { FaultRepository } from '../repositories/faults.js';
import type { RequestContext, RequestContextRepository } from '../repositories/request-context.js';
import { statement } from '../statements.js';

/**
 * On SQLite a context is put together from what this process keeps: the merchant from its cache
 * (payments/merchants.ts), the clock offset and fault settings from MerchantStateCache; in the
 * steady state a request's context reads nothing from the file.
 */
export function sqliteRequestContext(db: Database, clocks: ClockRepository, faults: FaultRepository): RequestContextRepository {
  const around = async (merchant: Merchant | null): Promise<RequestContext | null> =>
    merchant ? { merchant, clockOffsetMs: await clocks.offsetMs(merchant.id), faults: await faults.get(merchant.id) } : null;
  return {
    bySecretKeySha256: (keySha256) => around(findMerchantByKeySha256(db, keySha256)),
    byMerchantId: (merchantId) => around(getMerchant(db, merchantId)),
    async byPaymentId(paymentId) {
      const row = statement<[string], { merchant_id: string }>(db, 'SELECT merchant_id FROM payments WHERE id = ?').get(paymentId);
      return row ? around(getMerchant(db, row.merchant_id)) : null;
    },
  };
}
