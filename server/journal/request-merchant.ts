/**
 * Which merchant a request belongs to, for the journal and the per-merchant faults: the one its
 * secret key names (`Authorization: Bearer …`), or, for the checkout API (which the browser calls
 * with a client secret), the merchant of the payment in the path. Resolved at most once per
 * request, through the store (nothing cached across requests: a merchant deleted on another
 * instance is unknown here at its next request).
 */
import type { Request } from 'express';
import { sha256Hex } from '../payments/merchants.js';
import type { Store } from '../storage/port.js';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const PAYMENT_IN_PATH = /^\/api\/v1\/(?:payments|checkout|test\/payments)\/(pay_[A-Za-z0-9]+)(?:\/|$)/;

/** null: resolved, and the request belongs to no merchant; a promise while it is being resolved. */
const resolved = new WeakMap<Request, string | null | Promise<string | null>>();
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

/** The request's merchant id, or null when it belongs to none; rejects only when the store cannot be read. */
export type RequestMerchantResolver = (req: Request) => Promise<string | null>;

export function requestMerchantResolver(store: Store): RequestMerchantResolver {
  const resolve = (req: Request): Promise<string | null> =>
    store.read(async (tx) => {
      const key = BEARER.exec(req.get('authorization') ?? '')?.[1];
      if (key) return (await tx.merchants.findBySecretKeySha256(sha256Hex(key)))?.id ?? null;
      if (!req.originalUrl.startsWith('/api/v1/checkout/')) return null;
      const paymentId = paymentIdInPath(req.originalUrl);
      return paymentId ? ((await tx.payments.find(paymentId))?.merchantId ?? null) : null;
    });

  return async (req) => {
    const known = resolved.get(req);
    if (known !== undefined) return known;
    const resolving = resolve(req);
    resolved.set(req, resolving);
    try {
      const merchantId = await resolving;
      // attributeRequest may have answered meanwhile (the route authenticated): it knows best.
      if (resolved.get(req) === resolving) resolved.set(req, merchantId);
      return merchantId;
    } catch (error) {
      if (resolved.get(req) === resolving) resolved.delete(req);
      throw error;
    }
  };
}
