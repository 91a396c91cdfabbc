/**
 * Which merchant a request belongs to, for the journal and the per-merchant faults: the one its
 * secret key names (`Authorization: Bearer …`), or, for the checkout API (which the browser calls
 * with a client secret), the merchant of the payment in the path. Resolved at most once per request.
 */
import type { Request } from 'express';
import type { Database } from 'better-sqlite3';
import { findMerchantBySecretKey } from '../payments/merchants.js';
import { statement } from '../storage/statements.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const PAYMENT_IN_PATH = /^\/api\/v1\/(?:payments|checkout|test\/payments)\/(pay_[A-Za-z0-9]+)(?:\/|$)/;

/** null: resolved, and the request belongs to no merchant. */
const resolved = new WeakMap<Request, string | null>();
/** The payment a request is about, when its path does not name it (a drop-in gateway's call). */
const paymentOfRequest = new WeakMap<Request, string>();

/**
 * Records who a request belongs to once it is known (the route's authentication calls this),
 * and which payment it is about when the path does not say.
 */
export function attributeRequest(req: Request, merchantId: string, paymentId?: string): void {
  resolved.set(req, merchantId);
  if (paymentId !== undefined) paymentOfRequest.set(req, paymentId);
}

/** The payment a request was attributed to (attributeRequest), if any. */
export function attributedPayment(req: Request): string | null {
  return paymentOfRequest.get(req) ?? null;
}

/** The payment id in an API path (`/api/v1/payments/pay_…`, `/api/v1/checkout/pay_…/confirm`), if any. */
export function paymentIdInPath(path: string): string | null {
  return PAYMENT_IN_PATH.exec(path)?.[1] ?? null;
}

export type RequestMerchantResolver = (req: Request) => string | null;

export function requestMerchantResolver(db: Database): RequestMerchantResolver {
  const paymentMerchant = (paymentId: string) =>
    statement<[string], { merchant_id: string }>(db, 'SELECT merchant_id FROM payments WHERE id = ?').get(paymentId)
      ?.merchant_id ?? null;

  return (req) => {
    const known = resolved.get(req);
    if (known !== undefined) return known;
    const key = BEARER.exec(req.get('authorization') ?? '')?.[1];
    let merchantId: string | null = null;
    if (key) {
      merchantId = findMerchantBySecretKey(db, key)?.id ?? null;
    } else if (req.originalUrl.startsWith('/api/v1/checkout/')) {
      const paymentId = paymentIdInPath(req.originalUrl);
      merchantId = paymentId ? paymentMerchant(paymentId) : null;
    }
    resolved.set(req, merchantId);
    return merchantId;
  };
}
