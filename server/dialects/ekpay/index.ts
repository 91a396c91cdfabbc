/**
 * The ekPay drop-in API (research gateway-apis.md §1; docs/drop-in/ekpay.md): its routes, its
 * browser return and its IPN, as a DialectAdapter over the services.
 */
import { isTerminal } from '../../../domain/payment-state.js';
import type { PaymentTransition } from '../../payments/events.js';
import type { DialectContext } from '../index.js';
import type { DialectAdapter } from '../layer.js';
import type { DialectSession } from '../sessions.js';
import { buildIpnBody, type IpnLookups } from './ipn.js';
import { ekpayOpenApi } from './openapi.js';
import { ekpayReturnUrl, withTransactionId } from './return-url.js';
import { ekpayRouter } from './routes.js';
import type { EkpaySessionData } from './schemas.js';
import { SecureTokens } from './token.js';

/** ekPay notifies once, when the payment ends. */
const endsPayment = (transition: PaymentTransition): boolean => transition.from !== transition.to && isTerminal(transition.to);

export function createEkpayAdapter(ctx: DialectContext): DialectAdapter {
  const lookups: IpnLookups = { catalog: ctx.catalog, names: ctx.names };
  const ekpaySession = (session: DialectSession) => session as unknown as DialectSession<EkpaySessionData>;
  return {
    id: 'ekpay',
    pathPrefixes: ['/ekpaypg'],
    router: ekpayRouter(ctx, new SecureTokens(), lookups),
    openApi: ekpayOpenApi,
    async returnUrl(_tx, payment, session) {
      return ekpayReturnUrl(payment.status, ekpaySession(session).data, session.reference);
    },
    notifies: endsPayment,
    /** The JSON IPN when the payment ends (paid, failed, expired, cancelled), to ipn_uri?transId=<trnx_id>. */
    async notification(_tx, transition, session) {
      if (!endsPayment(transition)) return null;
      const { data } = ekpaySession(session);
      if (data.ipnUri === null) return null;
      const redirectTo = ekpayReturnUrl(transition.to, data, session.reference);
      const body = buildIpnBody(transition.payment, ekpaySession(session), transition.at, redirectTo, lookups);
      return {
        type: 'ekpay.ipn',
        url: withTransactionId(data.ipnUri, session.reference, true),
        body: JSON.stringify(body),
        contentType: 'application/json',
      };
    },
  };
}
