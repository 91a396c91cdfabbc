/**
 * The browser's way back (research §1.3): a GET to the merchant's `s_uri` (paid), `f_uri`
 * (failed or expired) or `c_uri` (cancelled), with the merchant's transaction id as `transId`
 * (what most integrations read) and as `trnx_id` (what freelancernishad/laravel-ekpay reads) [G].
 * The URL's own query is kept; parameters of those two names are replaced.
 */
import type { PaymentState } from '../../../domain/payment-state.js';
import type { EkpaySessionData } from './schemas.js';

const FEED_URI: Readonly<Partial<Record<PaymentState, keyof EkpaySessionData['feedUri']>>> = {
  succeeded: 's_uri',
  failed: 'f_uri',
  expired: 'f_uri',
  cancelled: 'c_uri',
};

/** `url` with `transId` (and `trnx_id` unless `transIdOnly`) set to the merchant's transaction id. */
export function withTransactionId(url: string, trnxId: string, transIdOnly = false): string {
  const target = new URL(url);
  target.searchParams.set('transId', trnxId);
  if (!transIdOnly) target.searchParams.set('trnx_id', trnxId);
  return target.toString();
}

/** Where the browser goes once the payment is in `status`; null while it has not ended. */
export function ekpayReturnUrl(status: PaymentState, data: EkpaySessionData, trnxId: string): string | null {
  const which = FEED_URI[status];
  return which === undefined ? null : withTransactionId(data.feedUri[which], trnxId);
}
