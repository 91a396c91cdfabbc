/**
 * Security headers for every answer of the gateway, by helmet, in four flavours chosen by path:
 *
 * - The APIs (`/api/*`, and the drop-in gateway APIs' paths: http/api-paths.ts): what OWASP's REST Security Cheat Sheet asks of JSON answers, and no
 *   more: `Cache-Control: no-store` (answers carry client secrets and payment data),
 *   `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'`, `X-Frame-Options: DENY`,
 *   `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` and a same-origin
 *   `Cross-Origin-Resource-Policy` (which CORS calls from the widget are not subject to). The
 *   headers meant for documents (COOP, Origin-Agent-Cluster, X-DNS-Prefetch-Control, ...) would
 *   only make every API answer longer.
 * - The gateway's own pages (default): a strict Content-Security-Policy. Scripts and
 *   styles only from this origin, never inline (the pages link their files; Lit's styles are
 *   adopted stylesheets, which style-src does not govern), images also as data: URLs, no plugins,
 *   framed only by this origin.
 * - The hosted checkout page (`/checkout/:id`): the same policy, except that it may be framed by
 *   the origins in `checkoutFrameAncestors`, so a merchant can embed it if it chooses. The
 *   default is any origin (`*`): this is a simulator whose payments move no money, and merchants
 *   demo the page inside their own portals; set the option to a list of origins to lock it down
 *   (X-Frame-Options is dropped there, since it cannot express a list).
 * - The widget's files (`/widget/*`) and what an embedded widget loads besides (the method tiles
 *   and the Bangla web font, `CROSS_ORIGIN_ASSET_PATHS`): no CSP (a script, image or font file
 *   does not need one), but `Cross-Origin-Resource-Policy: cross-origin` and
 *   `Access-Control-Allow-Origin: *`, so pages on any origin can load
 *   `<script type="module" src=".../widget/billpay-checkout.js">`, its images and its font.
 *
 * Off on purpose: HSTS and upgrade-insecure-requests. The simulator is served over plain http
 * (localhost, CI containers reached by service name); upgrading would break those pages, and
 * HSTS on localhost would pin every local dev server to https for a year.
 */
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { CROSS_ORIGIN_ASSET_PATHS } from '../pages/assets/urls.js';
import { isApiPath } from './api-paths.js';

export interface SecurityHeaderOptions {
  /** CSP `frame-ancestors` sources for the hosted checkout page. Default `['*']` (any origin). */
  checkoutFrameAncestors?: readonly string[];
}

export const WIDGET_PATH_PREFIX = '/widget/';
const CROSS_ORIGIN_PREFIXES: readonly string[] = [WIDGET_PATH_PREFIX, ...CROSS_ORIGIN_ASSET_PATHS];
const HOSTED_CHECKOUT_PAGE = /^\/checkout\/[^/]+\/?$/;

function pagePolicy(frameAncestors: readonly string[]) {
  return {
    useDefaults: false as const,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': frameAncestors,
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'"],
    },
  };
}

interface HeaderSet {
  set: Map<string, string>;
  /** Headers helmet takes away (X-Powered-By, which Express adds unless told not to). */
  removed: string[];
}

/**
 * The headers a helmet middleware sets. With fixed options (no nonces, no per-request
 * functions) helmet answers every request alike, so it is run once, against a response that
 * records, and each request then gets the same headers in one call instead of running helmet's
 * dozen middlewares again (among them the CSP, which helmet re-joins on every request).
 */
function headersOf(middleware: RequestHandler): HeaderSet {
  const headers: HeaderSet = { set: new Map(), removed: [] };
  const recorder = {
    setHeader: (name: string, value: string) => headers.set.set(name, value),
    removeHeader: (name: string) => {
      headers.set.delete(name);
      headers.removed.push(name);
    },
  };
  let finished = false;
  middleware({} as Request, recorder as unknown as Response, () => {
    finished = true;
  });
  // A helmet that went asynchronous or failed would leave the headers half-recorded: refuse to start.
  if (!finished) throw new Error('helmet did not finish synchronously; its headers cannot be recorded');
  return headers;
}

/** helmet's options for the pages and the API (exported for the test that replays them). */
export function pageHelmetOptions(frameAncestors: readonly string[], allowFraming: boolean) {
  return {
    contentSecurityPolicy: pagePolicy(frameAncestors),
    strictTransportSecurity: false,
    xFrameOptions: allowFraming ? (false as const) : { action: 'sameorigin' as const },
  };
}

function pageHeaders(frameAncestors: readonly string[], allowFraming: boolean): HeaderSet {
  return headersOf(helmet(pageHelmetOptions(frameAncestors, allowFraming)));
}

/** helmet's options for the API (exported for the test that replays them). */
export const API_HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  strictTransportSecurity: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' as const },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

function apiHeaders(): HeaderSet {
  const headers = headersOf(helmet(API_HELMET_OPTIONS));
  return { set: new Map([['Cache-Control', 'no-store'], ...headers.set]), removed: headers.removed };
}

function widgetAssetHeaders(): HeaderSet {
  const headers = headersOf(
    helmet({
      contentSecurityPolicy: false,
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      strictTransportSecurity: false,
    }),
  );
  // A module script from another origin is fetched in CORS mode.
  return { set: new Map([['Access-Control-Allow-Origin', '*'], ...headers.set]), removed: headers.removed };
}

/** One middleware for the whole app; mount it first so every answer (errors too) carries the headers. */
export function securityHeaders(options: SecurityHeaderOptions = {}): RequestHandler {
  const defaultPages = pageHeaders(["'self'"], false);
  const hostedCheckout = pageHeaders(options.checkoutFrameAncestors ?? ['*'], true);
  const widgetAssets = widgetAssetHeaders();
  const api = apiHeaders();
  return (req, res, next) => {
    const path = req.path;
    const headers = isApiPath(path)
      ? api
      : CROSS_ORIGIN_PREFIXES.some((prefix) => path.startsWith(prefix))
        ? widgetAssets
        : HOSTED_CHECKOUT_PAGE.test(path)
          ? hostedCheckout
          : defaultPages;
    res.setHeaders(headers.set);
    for (const name of headers.removed) res.removeHeader(name);
    next();
  };
}
