/**
 * ekPay's endpoints at its own paths (research §1): a merchant's integration points its base URL
 * at `http://<host>/ekpaypg/v1` and changes nothing else. Each call becomes the services' calls:
 * a session is a payment of purpose `order` created with MerchantApi.createForDialect (the
 * merchant's office code, trnx_id as the reference), with the ekPay session in the same unit;
 * get-status reads the payment with lapsed deadlines applied. Storage only through a unit's `tx`.
 * Every failure is ekPay's shape (errors.ts), never an Express page.
 *
 * The router runs before the app's JSON body parser: it reads its own JSON (whatever the
 * Content-Type says, as PHP clients are not always careful with it).
 */
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { formatAmount, parseAmount } from '../../../domain/money.js';
import { apiFaults } from '../../faults/api-faults.js';
import { isApiPath } from '../../http/api-paths.js';
import { baseUrlOf } from '../../http/base-url.js';
import { BODY_LIMIT_BYTES, hasBody } from '../../http/body.js';
import { toProblem } from '../../http/error-handler.js';
import { attributeRequest } from '../../http/request-context.js';
import type { Merchant } from '../../payments/merchants.js';
import type { CreatePaymentBody } from '../../payments/schemas.js';
import { checkDialectCredentials } from '../credentials.js';
import type { DialectContext } from '../index.js';
import type { DialectSession } from '../sessions.js';
import { EKPAY_CODES, EkpayFailure, REQUIRED_MESSAGES, toEkpayFailure, zodFailure } from './errors.js';
import { ekpayHostedPage } from './hosted-page.js';
import { buildIpnBody, type IpnLookups } from './ipn.js';
import { ekpayReturnUrl } from './return-url.js';
import { getStatusBody, merchantApiBody, merInfoSchema, type EkpaySessionData, type MerchantApiBody } from './schemas.js';
import { newEkpayTransactionId, type SecureTokens } from './token.js';
import { sendJson } from '../../http/send-json.js';

export const EKPAY_BASE_PATH = '/ekpaypg/v1';
const MERCHANT_API_PATH = `${EKPAY_BASE_PATH}/merchant-api`;
const GET_STATUS_PATH = `${EKPAY_BASE_PATH}/get-status`;

const SIMPLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the handlers pass on in res.locals once known. */
interface EkpayLocals {
  merchant?: Merchant;
  session?: DialectSession<EkpaySessionData>;
}

/** An empty POST: nothing for the JSON parser to read (it would leave an empty object behind). */
const requireBody: RequestHandler = (req, _res, next) => {
  if (!hasBody(req.headers)) throw new EkpayFailure(EKPAY_CODES.malformedBody, 'the request body must be a JSON object');
  next();
};

function requireObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new EkpayFailure(EKPAY_CODES.malformedBody, 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** The native create request a merchant-api body stands for: an order of the merchant's office. */
function createRequest(body: MerchantApiBody, merchant: Merchant): CreatePaymentBody {
  const { trns_info: trns, cust_info: cust } = body;
  const amount = formatAmount(parseAmount(typeof trns.trnx_amt === 'number' ? String(trns.trnx_amt) : trns.trnx_amt, 'trns_info.trnx_amt'));
  const customer: NonNullable<CreatePaymentBody['customer']> = {};
  if (cust?.cust_name) customer.name = cust.cust_name;
  if (cust?.cust_mobo_no) customer.mobile = cust.cust_mobo_no;
  // An address ekPay would take may not be one our payment view accepts: it is echoed in the IPN either way.
  if (cust?.cust_email && SIMPLE_EMAIL.test(cust.cust_email)) customer.email = cust.cust_email;
  return { purpose: 'order', reference: trns.trnx_id, amount, officeCode: merchant.officeCode, customer };
}

function sessionData(body: MerchantApiBody, merRegId: string, secureToken: string, ekpayTrnxId: string): EkpaySessionData {
  const cust = body.cust_info;
  return {
    merRegId,
    secureToken,
    ekpayTrnxId,
    feedUri: body.feed_uri,
    ipnUri: body.ipn_info?.ipn_uri ?? null,
    ipnChannel: body.ipn_info?.ipn_channel ?? null,
    ipnEmail: body.ipn_info?.ipn_email ?? null,
    custInfo: {
      cust_id: cust?.cust_id ?? null,
      cust_name: cust?.cust_name ?? null,
      cust_mobo_no: cust?.cust_mobo_no ?? null,
      cust_email: cust?.cust_email ?? null,
      cust_mail_addr: cust?.cust_mail_addr ?? null,
    },
    ordId: body.trns_info.ord_id,
    ordDet: body.trns_info.ord_det,
  };
}

export function ekpayRouter(ctx: DialectContext, tokens: SecureTokens, lookups: IpnLookups): Router {
  const router = Router();
  const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: () => true, strict: true });
  // Per-merchant API faults, once the credentials (or the session) have named the merchant.
  const faults = apiFaults(ctx.faults, isApiPath);
  const locals = (res: express.Response) => res.locals as EkpayLocals;

  /** mer_info first: a request with a bad field is still the merchant's (journal, faults). */
  const authenticate: RequestHandler = async (req, res, next) => {
    const body = requireObject(req.body);
    const merInfo = merInfoSchema.safeParse(body.mer_info, { error: REQUIRED_MESSAGES });
    if (!merInfo.success) throw zodFailure(merInfo.error, 'mer_info');
    const { mer_reg_id: login, mer_pas_key: password } = merInfo.data;
    const check = await ctx.store.read((tx) => checkDialectCredentials(tx, 'ekpay', login, password));
    if (!check.ok) {
      const detail =
        check.reason === 'unknown_login'
          ? `mer_info.mer_reg_id "${login}" is not a registered merchant`
          : `mer_info.mer_pas_key is wrong for mer_reg_id "${login}"`;
      throw new EkpayFailure(EKPAY_CODES.authentication, `authentication failed: ${detail}`);
    }
    attributeRequest(req, check.merchant.id);
    locals(res).merchant = check.merchant;
    next();
  };

  const createSession = async (req: Request, res: express.Response) => {
    const merchant = locals(res).merchant as Merchant;
    const parsed = merchantApiBody.safeParse(req.body, { error: REQUIRED_MESSAGES });
    if (!parsed.success) throw zodFailure(parsed.error);
    const body = parsed.data;
    const request = { body: createRequest(body, merchant), baseUrl: baseUrlOf(req, ctx.publicUrl) };
    const merRegId = (req.body as { mer_info: { mer_reg_id: string } }).mer_info.mer_reg_id.trim();
    let created: { paymentId: string; secureToken: string };
    try {
      // One unit: the payment and its session (creates arriving together share a commit on SQLite).
      created = await ctx.merchantApi.createForDialect(merchant, request, async ({ payment }, tx) => {
        const secureToken = tokens.issue(payment.id, payment.deadlineAt ?? payment.createdAt);
        const ekpayTrnxId = newEkpayTransactionId(payment.createdAt);
        await tx.dialects.insertSession(
          {
            paymentId: payment.id,
            merchantId: merchant.id,
            dialect: 'ekpay',
            reference: payment.reference,
            data: sessionData(body, merRegId, secureToken, ekpayTrnxId),
            createdAt: payment.createdAt,
          },
          // The token names its payment itself (token.ts); ekPay's id is only ever sent, never looked up.
          [],
        );
        return { paymentId: payment.id, secureToken };
      });
    } catch (error) {
      if (toProblem(error).status === 409) {
        throw new EkpayFailure(
          EKPAY_CODES.duplicateTransaction,
          `trns_info.trnx_id "${body.trns_info.trnx_id}" is already used by another session of this merchant`,
        );
      }
      throw error;
    }
    attributeRequest(req, merchant.id, created.paymentId);
    // sendJson: res.json's bytes without its per-call overhead (the API headers say no-store).
    sendJson(req, res, 200, {
      secure_token: created.secureToken,
      msg_code: EKPAY_CODES.created,
      msg_det: 'Secure token generated successfully',
    });
  };

  /** get-status names no merchant: the session does (the newest with this trnx_id). */
  const findSession: RequestHandler = async (req, res, next) => {
    const parsed = getStatusBody.safeParse(requireObject(req.body), { error: REQUIRED_MESSAGES });
    if (!parsed.success) throw zodFailure(parsed.error);
    const { trnx_id: trnxId } = parsed.data;
    const session = await ctx.store.read((tx) => tx.dialects.sessionByReference<EkpaySessionData>('ekpay', trnxId, null));
    if (!session) throw new EkpayFailure(EKPAY_CODES.transactionNotFound, `no transaction has trnx_id "${trnxId}"`);
    attributeRequest(req, session.merchantId, session.paymentId);
    locals(res).session = session;
    next();
  };

  const getStatus: RequestHandler = async (_req, res) => {
    const session = locals(res).session as DialectSession<EkpaySessionData>;
    // The payment as of the merchant's now (a lapse applied first), its view and that now, in one unit.
    const seen = await ctx.payments.readWith(session.paymentId, {}, async (payment, now, tx) => {
      const redirectTo = ekpayReturnUrl(payment.status, session.data, session.reference);
      return buildIpnBody(await ctx.merchantApi.view(tx, payment), session, now, redirectTo, lookups);
    });
    if (!seen) throw new EkpayFailure(EKPAY_CODES.transactionNotFound, `no transaction has trnx_id "${session.reference}"`);
    res.set('Cache-Control', 'no-store').json(seen.result);
  };

  router.post(MERCHANT_API_PATH, requireBody, parseJson, authenticate, faults, createSession);
  router.post(GET_STATUS_PATH, requireBody, parseJson, findSession, faults, getStatus);
  router.get(EKPAY_BASE_PATH, ekpayHostedPage(ctx));

  router.use(EKPAY_BASE_PATH, (req, res) => {
    const path = req.originalUrl.split('?')[0] ?? '';
    const failure = new EkpayFailure(
      EKPAY_CODES.unknownEndpoint,
      `there is no ekPay endpoint ${req.method} ${path}: POST ${MERCHANT_API_PATH}, GET ${EKPAY_BASE_PATH}?sToken=&trnsID=, POST ${GET_STATUS_PATH}`,
      404,
    );
    res.status(failure.status).set('Cache-Control', 'no-store').json(failure.body);
  });

  const answerFailure: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const failure = toEkpayFailure(error);
    if (failure.code === EKPAY_CODES.unavailable) ctx.logger.error({ err: error, path: req.originalUrl }, 'ekpay: request failed');
    res.status(failure.status).set('Cache-Control', 'no-store').json(failure.body);
  };
  router.use(EKPAY_BASE_PATH, answerFailure);
  return router;
}
