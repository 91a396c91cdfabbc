/**
 * The demo utility portal at `/` (seeds 000 and 001, English and Bangla): a real merchant of the
 * simulator. It talks to the gateway only over HTTP through the public merchant API, receives
 * signed webhooks at `POST /demo/webhooks/:merchant`, verifies the browser's signed return at
 * `GET /demo/return/:merchant`, and keeps its own record of what is paid (migrations.ts).
 *
 * Mount it before the app's JSON body guard: its forms post urlencoded bodies and its webhook
 * endpoint needs the raw bytes the signature covers. Each route parses only its own body, and
 * every other request passes through untouched.
 */
import { Router, type ErrorRequestHandler } from 'express';
import { portalAssetRoutes } from './assets.js';
import { callbackRoutes } from './callback-routes.js';
import { PortalContext, PortalPageError, type DemoPortalDeps } from './context.js';
import { GatewayError } from './gateway-client.js';
import { PORTAL_TEXTS } from './i18n.js';
import { newConnectionRoutes } from './new-connection-routes.js';
import { postpaidRoutes } from './postpaid-routes.js';
import { rechargeRoutes } from './recharge-routes.js';
import { renderError } from './views/error.js';

export type { DemoPortalDeps } from './context.js';
export { demoPortalMigrations } from './migrations.js';

/** Portal pages fail as pages; the webhook endpoint's problems go on to the app's problem+json handler. */
function portalErrorPages(ctx: PortalContext): ErrorRequestHandler {
  return (error, req, res, next) => {
    const lang = ctx.lang(req);
    if (error instanceof PortalPageError) {
      res.status(error.status).type('html').send(renderError(error.title(lang), error.text(lang), lang, req.originalUrl));
      return;
    }
    if (error instanceof GatewayError) {
      const t = PORTAL_TEXTS[lang].errors;
      // A refusal (409, 422) is the gateway's answer to this request; anything else is a bad gateway.
      const status = error.status === 409 || error.status === 422 ? error.status : 502;
      res.status(status).type('html').send(renderError(t.gatewayTitle, t.gateway(error.message), lang, req.originalUrl));
      return;
    }
    next(error);
  };
}

export function demoPortalRoutes(deps: DemoPortalDeps): Router {
  const ctx = new PortalContext(deps);
  const router = Router();
  router.use(portalAssetRoutes());
  router.use(postpaidRoutes(ctx));
  router.use(rechargeRoutes(ctx));
  router.use(newConnectionRoutes(ctx));
  router.use(callbackRoutes(ctx));
  router.use(portalErrorPages(ctx));
  return router;
}
