/**
 * A request's context: the merchant it belongs to, with that merchant's clock offset and fault
 * settings, read once per request in one unit (on PostgreSQL one joined query) and handed to
 * whatever needs it: the API faults, the route's authentication, the journal's request entry.
 * The merchant is the one its secret key names (`Authorization: Bearer …`), the one a route
 * attributed the request to (a drop-in gateway's credentials, a checkout's client secret), or,
 * for the checkout API, the merchant of the payment in the path. Nothing here is kept across
 * requests; on PostgreSQL the adapter caches nothing either, so a merchant deleted, a clock
 * advanced or a fault set on another instance is in force here at the next request (on SQLite,
 * whose file one process owns, the adapter keeps what it wrote: storage/sqlite/merchant-state-cache.ts).
 */
import type { Request } from 'express';
import { sha256Hex } from '../payments/merchants.js';
import type { RequestContext } from '../storage/repositories/request-context.js';
import type { Store } from '../storage/port.js';
import { bearerKey } from './auth.js';

export type { RequestContext };

const PAYMENT_IN_PATH = /^\/api\/v1\/(?:payments|checkout|test\/payments)\/(pay_[A-Za-z0-9]+)(?:\/|$)/;

/** The context read for a request (a promise while it is being read). */
const contexts = new WeakMap<Request, Promise<RequestContext | null>>();
/** Who a route said the request belongs to, and which payment it is about when the path does not say. */
const attributions = new WeakMap<Request, { merchantId: string; paymentId?: string }>();

/**
 * Records who a request belongs to once a route knows (its authentication calls this), and which
 * payment it is about when the path does not say.
 */
export function attributeRequest(req: Request, merchantId: string, paymentId?: string): void {
  attributions.set(req, { merchantId, ...(paymentId !== undefined ? { paymentId } : {}) });
}

/** The payment a request was attributed to (attributeRequest), if any. */
export function attributedPayment(req: Request): string | null {
  return attributions.get(req)?.paymentId ?? null;
}

/** The payment id in an API path (`/api/v1/payments/pay_…`, `/api/v1/checkout/pay_…/confirm`), if any. */
export function paymentIdInPath(path: string): string | null {
  return PAYMENT_IN_PATH.exec(path)?.[1] ?? null;
}

export interface RequestContexts {
  /** The request's context, or null when it belongs to no (known) merchant; read at most once per request. Rejects only when the store cannot be read. */
  of(req: Request): Promise<RequestContext | null>;
  /** The request's merchant id, or null: the attributed one without a read, else its context's. */
  merchantOf(req: Request): Promise<string | null>;
}

export function requestContexts(store: Store): RequestContexts {
  const read = (req: Request): Promise<RequestContext | null> =>
    store.read(async (tx) => {
      const attributed = attributions.get(req)?.merchantId;
      if (attributed !== undefined) return tx.requestContext.byMerchantId(attributed);
      const key = bearerKey(req.get('authorization'));
      if (key) return tx.requestContext.bySecretKeySha256(sha256Hex(key));
      if (!req.originalUrl.startsWith('/api/v1/checkout/')) return null;
      const paymentId = paymentIdInPath(req.originalUrl);
      return paymentId ? tx.requestContext.byPaymentId(paymentId) : null;
    });

  const of = (req: Request): Promise<RequestContext | null> => {
    let context = contexts.get(req);
    if (!context) {
      context = read(req);
      contexts.set(req, context);
      // A failed read is not remembered: a later ask reads again.
      context.catch(() => contexts.delete(req));
    }
    return context;
  };

  return {
    of,
    async merchantOf(req) {
      return attributions.get(req)?.merchantId ?? (await of(req))?.merchant.id ?? null;
    },
  };
}
