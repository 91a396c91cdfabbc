/**
 * SSLCommerz v4's endpoints at its own paths. Each API call reads its parameters (form body,
 * query string), checks the store's credentials, attributes the request to the merchant (and
 * payment) for the journal, passes through the merchant's API faults, and answers JSON in
 * SSLCommerz's shape with HTTP 200, whatever goes wrong (the clients branch on body fields).
 * Two pages: the hosted checkout at `/EasyCheckOut/<sessionkey>` and the return form.
 */
import { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { apiFaults } from '../../faults/api-faults.js';
import { baseUrlOf } from '../../http/base-url.js';
import { ApiProblem } from '../../http/problems.js';
import { isApiPath } from '../../http/api-paths.js';
import { attributeRequest } from '../../http/request-context.js';
import { renderHostedCheckoutPage, renderNotFoundPage } from '../../pages/hosted-checkout.js';
import { parseLocale } from '../../pages/html.js';
import type { Merchant } from '../../payments/merchants.js';
import { checkDialectCredentials } from '../credentials.js';
import type { DialectContext } from '../index.js';
import type { Tx } from '../../storage/port.js';
import { FormError, readForm, readParameters } from './form.js';
import { createSession, CREDENTIAL_ERROR, InitRefused } from './init.js';
import { INVALID_REQUEST, merchantTransaction } from './merchant-trans.js';
import { RETURN_PATH, returnPage } from './return-form.js';
import { DIALECT, type SslcommerzSessionData } from './session.js';
import { ownSession, validate } from './validation.js';
import { sendJson, type JsonText } from '../../http/send-json.js';

export const INIT_PATH = '/gwprocess/v4/api.php';
export const VALIDATION_PATH = '/validator/api/validationserverAPI.php';
export const MERCHANT_TRANS_PATH = '/validator/api/merchantTransIDvalidationAPI.php';
export const CHECKOUT_PAGE_PATH = '/EasyCheckOut/:sessionkey';

interface Answer {
  paymentId: string | null;
  /** An object, or its JSON text made ahead (the init's). */
  answer: Record<string, unknown> | JsonText;
}

interface Endpoint {
  path: string;
  methods: readonly string[];
  /** The parameters, without empty values (unset fields arrive as empty strings: they count as absent). */
  read(req: Request): Promise<Record<string, string>>;
  /** What this endpoint answers when it refuses the request before handling it. */
  refused(reason: 'bad_request' | 'credentials' | 'internal', detail: string): Record<string, unknown>;
  /** The payment the parameters name, known before handling (for the journal and faults); read in the caller's unit. */
  locate?(tx: Tx, merchant: Merchant, params: Readonly<Record<string, string>>): Promise<string | null>;
  handle(req: Request, merchant: Merchant, params: Readonly<Record<string, string>>): Answer | Promise<Answer>;
}

/** Answers carry transaction data: never cached, like our API's. */
function answer(res: Response, body: Record<string, unknown> | JsonText): void {
  // sendJson: res.json's bytes without its per-call overhead (this answers every SSLCommerz call).
  sendJson(res.req, res, 200, body, { 'Cache-Control': 'no-store' });
}

/**
 * One handler per endpoint: read, check the store, then the merchant's API faults (known only
 * now), then handle. Called in turn rather than as three router layers, each of which cost a
 * pass through Express's route dispatch on every call.
 */
function endpointHandler(ctx: DialectContext, endpoint: Endpoint): RequestHandler {
  const faults = apiFaults(ctx.faults, isApiPath);
  const run = async (req: Request, res: Response, next: NextFunction, merchant: Merchant, params: Record<string, string>) => {
    try {
      const result = await endpoint.handle(req, merchant, params);
      if (result.paymentId) attributeRequest(req, merchant.id, result.paymentId);
      answer(res, result.answer);
    } catch (error) {
      next(error);
    }
  };
  return async (req, res, next) => {
    if (!endpoint.methods.includes(req.method)) {
      answer(res, endpoint.refused('bad_request', `${req.method} is not supported here; use ${endpoint.methods.join(' or ')}`));
      return;
    }
    let params: Record<string, string>;
    try {
      params = await endpoint.read(req);
    } catch (error) {
      if (!(error instanceof FormError)) {
        next(error);
        return;
      }
      answer(res, endpoint.refused('bad_request', `Invalid form data: ${error.message}`));
      return;
    }
    const { store_id: storeId, store_passwd: password } = params;
    let known: { merchant: Merchant; paymentId: string | null } | null;
    try {
      // The store's credentials and the payment the parameters name: one read unit.
      known =
        storeId && password
          ? await ctx.store.read(async (tx) => {
              const check = await checkDialectCredentials(tx, DIALECT, storeId, password);
              if (!check.ok) return null;
              return { merchant: check.merchant, paymentId: (await endpoint.locate?.(tx, check.merchant, params)) ?? null };
            })
          : null;
    } catch (error) {
      next(error);
      return;
    }
    if (!known) {
      answer(res, endpoint.refused('credentials', CREDENTIAL_ERROR));
      return;
    }
    const { merchant } = known;
    attributeRequest(req, merchant.id, known.paymentId ?? undefined);
    // A fault answers (or drops) the request itself; otherwise it calls on, maybe after a delay.
    faults(req, res, (error?: unknown) => {
      if (error) next(error);
      else void run(req, res, next, merchant, params);
    });
  };
}

function validatorRefusal(reason: 'bad_request' | 'credentials' | 'internal', detail: string): Record<string, unknown> {
  if (reason === 'credentials') return { APIConnect: 'INACTIVE', status: 'INVALID_TRANSACTION', errorReason: detail };
  if (reason === 'internal') return { APIConnect: 'FAILED', status: 'INVALID_TRANSACTION', errorReason: detail };
  return { ...INVALID_REQUEST, status: 'INVALID_TRANSACTION', errorReason: detail };
}

const initRefusal = (_reason: string, detail: string) => ({ status: 'FAILED', failedreason: detail });

function endpoints(ctx: DialectContext): Endpoint[] {
  const readQuery = (req: Request) => readParameters(req);
  return [
    {
      path: INIT_PATH,
      methods: ['POST'],
      read: readForm,
      refused: initRefusal,
      async handle(req, merchant, params) {
        try {
          return await createSession(ctx, merchant, params.store_id as string, params, baseUrlOf(req, ctx.publicUrl));
        } catch (error) {
          if (error instanceof InitRefused) return { paymentId: null, answer: initRefusal('bad_request', error.message) };
          throw error;
        }
      },
    },
    {
      path: VALIDATION_PATH,
      methods: ['GET', 'POST'],
      read: readQuery,
      refused: validatorRefusal,
      locate: async (tx, merchant, params) => (params.val_id ? ((await ownSession(tx, merchant, params.val_id))?.paymentId ?? null) : null),
      handle(_req, merchant, params) {
        if (!params.val_id) return { paymentId: null, answer: validatorRefusal('bad_request', 'val_id is required') };
        return validate(ctx, merchant, params.val_id);
      },
    },
    {
      path: MERCHANT_TRANS_PATH,
      methods: ['GET', 'POST'],
      read: readQuery,
      refused: (reason, detail) => {
        const { status: _status, ...rest } = validatorRefusal(reason, detail);
        return rest;
      },
      locate: async (tx, merchant, params) => {
        const key = params.bank_tran_id ?? params.sessionkey;
        return key ? ((await ownSession(tx, merchant, key))?.paymentId ?? null) : null;
      },
      handle: (_req, merchant, params) => merchantTransaction(ctx, merchant, params),
    },
  ];
}

/** GET /EasyCheckOut/<sessionkey>: the hosted checkout page of the session's payment. */
function checkoutPage(ctx: DialectContext): RequestHandler {
  return async (req, res) => {
    res.set('Cache-Control', 'no-store').type('html');
    const locale = parseLocale(req.query.lang);
    const key = String(req.params.sessionkey);
    const session = await ctx.store.read((tx) => tx.dialects.sessionByKey<SslcommerzSessionData>(DIALECT, key));
    const checkout = session?.data.sessionkey === key ? await ctx.pages.findCheckout(session.paymentId) : null;
    if (!session || !checkout) {
      res.status(404).send(renderNotFoundPage(locale ?? 'en'));
      return;
    }
    res.send(renderHostedCheckoutPage(session.paymentId, checkout, locale ?? checkout.locale ?? 'en'));
  };
}

export function sslcommerzRouter(ctx: DialectContext): Router {
  const router = Router();
  for (const endpoint of endpoints(ctx)) router.all(endpoint.path, endpointHandler(ctx, endpoint));
  router.get(CHECKOUT_PAGE_PATH, checkoutPage(ctx));
  router.get(RETURN_PATH, returnPage(ctx));
  // Anything else under SSLCommerz's API prefixes, and any failure in them, in its shape: never an HTML page.
  router.use('/gwprocess', (_req, res) => {
    res.status(404).json({ status: 'FAILED', failedreason: 'No such SSLCommerz API' });
  });
  router.use('/validator', (_req, res) => {
    res.status(404).json({ ...INVALID_REQUEST, errorReason: 'No such SSLCommerz API' });
  });
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    if (!path.startsWith('/gwprocess/v4/api.php') && !path.startsWith('/validator/')) {
      next(error);
      return;
    }
    if (res.headersSent) return;
    // A problem the request caused (a malformed Billpay-Simulate header, say) is told as such.
    const caused = error instanceof ApiProblem && error.status < 500;
    if (!caused) ctx.logger.error({ err: error, path }, 'sslcommerz: request failed');
    const reason = caused ? 'bad_request' : 'internal';
    const detail = caused ? error.message : 'The simulator could not complete the request; see its log';
    answer(res, path.startsWith('/validator/') ? validatorRefusal(reason, detail) : initRefusal(reason, detail));
  });
  return router;
}
