/**
 * The IPN (research 2.3 [C]): when a session ends, a urlencoded form POST of the signed 2.3 field
 * set to the session's `ipn_url`. The layer queues it in the webhook outbox inside the
 * transition's transaction (retries, delivery log, journal, webhook faults). A success first
 * issues `val_id` and `bank_tran_id`, so that the IPN, the return form and the queries agree.
 */
import { isTerminal } from '../../../domain/payment-state.js';
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import type { PaymentTransition } from '../../payments/events.js';
import type { ViewNames } from '../../payments/view.js';
import type { Tx } from '../../storage/port.js';
import type { DialectNotification } from '../layer.js';
import type { DialectSession } from '../sessions.js';
import { transactionFields } from './fields.js';
import { DIALECT, issueKeys, type SslcommerzSessionData } from './session.js';
import { signFields } from './verify-sign.js';

export const IPN_TYPE = 'sslcommerz.ipn';

/** SSLCommerz notifies (and issues a success's keys) once, when the session ends. */
export function endsSession(transition: PaymentTransition): boolean {
  return transition.from !== transition.to && isTerminal(transition.to);
}

/** The IPN of `transition`, in its unit `tx` (which also issues the keys of a success). */
export async function ipnFor(
  names: ViewNames,
  tx: Tx,
  transition: PaymentTransition,
  session: DialectSession<SslcommerzSessionData>,
): Promise<DialectNotification | null> {
  if (!endsSession(transition)) return null;
  const payment = transition.record;
  const data =
    payment.status === 'succeeded' ? await issueKeys(tx, session, formatDhakaDateTime(payment.paidAt ?? transition.at)) : session.data;
  const signingKey = (await tx.dialects.account(DIALECT, session.merchantId))?.signingKey;
  if (!data.urls.ipn || !signingKey) return null;
  const fields = signFields(transactionFields(payment, data, names), signingKey);
  return {
    type: IPN_TYPE,
    url: data.urls.ipn,
    body: new URLSearchParams(fields).toString(),
    contentType: 'application/x-www-form-urlencoded',
  };
}
