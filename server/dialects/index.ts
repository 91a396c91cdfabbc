/**
 * Every drop-in gateway API the server speaks. A new dialect is a folder beside the others with
 * an adapter (layer.ts's DialectAdapter) built from this context, added to the list below.
 */
import type { Database } from 'better-sqlite3';
import type { CheckoutCatalog } from '../checkout/catalog.js';
import type { CheckoutService } from '../checkout/service.js';
import type { Clock, MerchantClocks } from '../clock.js';
import type { ApiFaultDeps } from '../faults/api-faults.js';
import type { Logger } from '../logger.js';
import type { MerchantApi } from '../payments/merchant-api.js';
import type { PageLookups } from '../payments/page-lookups.js';
import type { PaymentService } from '../payments/service.js';
import type { ViewNames } from '../payments/view.js';
import type { RefundService } from '../refunds/service.js';
import type { GroupCommit } from '../storage/group-commit.js';
import { createEkpayAdapter } from './ekpay/index.js';
import type { DialectAdapter } from './layer.js';
import { sslcommerzAdapter } from './sslcommerz/adapter.js';

/** What an adapter may use: the same services the native API uses, nothing below them. */
export interface DialectContext {
  db: Database;
  /** The base clock (not a merchant's): signatures and return links that merchants check against their wall clock. */
  clock: Clock;
  clocks: MerchantClocks;
  payments: PaymentService;
  merchantApi: MerchantApi;
  checkout: CheckoutService;
  catalog: CheckoutCatalog;
  names: ViewNames;
  pages: PageLookups;
  groupCommit: GroupCommit;
  /** For the adapter's own apiFaults(…) after it knows the merchant. */
  faults: ApiFaultDeps;
  /** Refunds of succeeded payments (create, get, listForPayment, refundableAmount). */
  refunds: RefundService;
  publicUrl: string | undefined;
  logger: Logger;
}

export function createDialectAdapters(context: DialectContext): DialectAdapter[] {
  return [createEkpayAdapter(context), sslcommerzAdapter(context)];
}
