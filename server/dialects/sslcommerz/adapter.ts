/**
 * The SSLCommerz v4 drop-in API (research section 2): its routes, its return form and its IPN,
 * over the one core. See docs/drop-in/sslcommerz.md.
 */
import type { DialectContext } from '../index.js';
import type { DialectAdapter } from '../layer.js';
import type { DialectSession } from '../sessions.js';
import { endsSession, ipnFor } from './ipn.js';
import { sslcommerzOpenApi } from './openapi.js';
import { returnPageUrl } from './return-form.js';
import { sslcommerzRouter } from './routes.js';
import { DIALECT, type SslcommerzSessionData } from './session.js';

export function sslcommerzAdapter(ctx: DialectContext): DialectAdapter {
  return {
    id: DIALECT,
    pathPrefixes: ['/gwprocess', '/validator', '/EasyCheckOut'],
    router: sslcommerzRouter(ctx),
    openApi: sslcommerzOpenApi,
    returnUrl: (tx, payment) => returnPageUrl(tx, payment),
    notifies: endsSession,
    // The layer hands every dialect its own sessions: this one's data is what init.ts wrote.
    notification: (tx, transition, session) => ipnFor(ctx.names, tx, transition, session as unknown as DialectSession<SslcommerzSessionData>),
  };
}
