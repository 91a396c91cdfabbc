/**
 * Every drop-in gateway API the server speaks. A new dialect is a folder beside the others with
 * an adapter (layer.ts's DialectAdapter) built from this context, added to the list below.
 */
import type { CheckoutCatalog } from '../checkout/catalog.js';
import type { ApiFaultDeps } from '../faults/api-faults.js';
import type { Logger } from '../logger.js';
import type { MerchantApi } from '../payments/merchant-api.js';
import type { PageLookups } from '../payments/page-lookups.js';
import type { PaymentService } from '../payments/service.js';
import type { ViewNames } from '../payments/view.js';
import type { RefundService } from '../refunds/service.js';
import type { Store } from '../storage/port.js';
import { createEkpayAdapter } from './ekpay/index.js';
import type { DialectAdapter } from './layer.js';
import { sslcommerzAdapter } from './sslcommerz/adapter.js';

/**
 * What an adapter may use: the same services the native API uses, and storage only through a
 * unit's `tx` (its own records: `tx.dialects`; the merchant's: `tx.merchants`). A unit opened
 * here awaits nothing but repositories and tx-taking calls.
 */
export interface DialectContext {
  /** Where the dialects' own units start (the store the services share). */
  store: Store;
  payments: PaymentService;
  /**
   * createForDialect (the payment and, through its `attach(created, tx)`, the dialect's session in
   * one unit) and view(tx, payment) in the caller's unit.
   */
  merchantApi: Pick<MerchantApi, 'createForDialect' | 'view'>;
  catalog: CheckoutCatalog;
  names: ViewNames;
  /** The hosted checkout page's lookup (each opens its own unit: never call it inside one). */
  pages: Pick<PageLookups, 'findCheckout'>;
  /** For the adapter's own apiFaults(…) after it knows the merchant. */
  faults: ApiFaultDeps;
  /** Refunds of succeeded payments (each opens its own unit: never call them inside one). */
  refunds: Pick<RefundService, 'create' | 'get'>;
  publicUrl: string | undefined;
  logger: Logger;
}

export function createDialectAdapters(context: DialectContext): DialectAdapter[] {
  return [createEkpayAdapter(context), sslcommerzAdapter(context)];
}
