/**
 * The public verify page: is a slip with this tracking number genuine, i.e. issued by this
 * simulator? Anyone can ask, and tracking numbers can be guessed (card digit, office, Dhaka date
 * and time, a serial from 000), so the rule is:
 *
 * - By tracking number alone, the page says whether the slip is genuine and shows only what the
 *   slip's holder reads on it and what names nobody: tracking number, merchant, purpose, total
 *   paid, time paid and, once there are refunds, the amount refunded. Never the payment id, the
 *   customer, the account, bill or meter, the instrument, a transaction id, or a link to the slip
 *   or the checkout.
 * - With the slip's token (`?token=`, in the verify address of the slip's QR code, which only the
 *   slip and its JSON carry), the requester has proved they hold the slip: the page adds the rows
 *   of the slip's bill and payment sections as issued (customer, account, bill, meter, month,
 *   method, gateway, instrument, transaction id), so every printed field can be compared. Still no
 *   payment id and no link.
 * - A token that is not this slip's says so (the slip may have been altered) and shows the first set.
 *
 *   GET /verify/:trackingNumber[?token=…]              200 genuine, 404 not issued here, 400 malformed (names the rule)
 *   GET /verify/:trackingNumber?format=json[&token=…]  the same as JSON; 404/400 as problem+json
 *   GET /verify?trackingNumber=…         the page's form: redirects to the address above
 *
 * Look-ups are rate-limited per client (server/http/rate-limit.ts): past the limit, a 429 problem
 * with Retry-After. The empty form and its redirect are not look-ups.
 */
import { Router, type Request, type Response } from 'express';
import { isDomainError, type DomainError } from '../../domain/errors.js';
import { parseTrackingNumber } from '../../domain/tracking-number.js';
import { ApiProblem, BadRequest } from '../http/problems.js';
import { rateLimit, type RateLimitSettings } from '../http/rate-limit.js';
import type { Logger } from '../logger.js';
import { slipSectionFields } from '../slips/html-slip.js';
import { formatPaidAt, localizeDigits, purposeLabel, SLIP_LABELS } from '../slips/labels.js';
import type { Slip, SlipLookup } from '../slips/slip.js';
import { slipTokenMatches } from '../slips/token.js';
import { BANGLA_FONT_CSS_URL } from './assets/urls.js';
import { fieldList, html, parseLocale, renderPage, type Locale, type SafeHtml } from './html.js';

export type VerifyLookup = Pick<SlipLookup, 'findSlipByTrackingNumber'>;

/** Whether the requester proved they hold the slip: its token (`held`), none given, or another one. */
export type Holder = 'held' | 'not-shown' | 'wrong-token';

export type Verdict =
  | { kind: 'genuine'; slip: Slip; holder: Holder }
  | { kind: 'unknown'; trackingNumber: string }
  | { kind: 'malformed'; input: string; error: DomainError };

/** Requests one client may look up per minute unless configured: far above a person or a test suite, far below a sweep. */
export const DEFAULT_VERIFY_RATE_LIMIT: RateLimitSettings = { limit: 60, windowMs: 60_000 };

export interface VerifyOptions {
  rateLimit?: RateLimitSettings;
  logger?: Logger;
}

/**
 * Parses what was typed (Bangla digits and spaces are fine), looks the canonical number up and,
 * for a genuine slip, checks the token if one was given (constant time).
 */
export async function verifyTrackingNumber(deps: VerifyLookup, input: string, token?: unknown): Promise<Verdict> {
  let trackingNumber: string;
  try {
    trackingNumber = parseTrackingNumber(input).value;
  } catch (error) {
    if (isDomainError(error)) return { kind: 'malformed', input, error };
    throw error;
  }
  const found = await deps.findSlipByTrackingNumber(trackingNumber);
  if (found === null) return { kind: 'unknown', trackingNumber };
  const holder: Holder = token === undefined ? 'not-shown' : slipTokenMatches(token, found.token) ? 'held' : 'wrong-token';
  return { kind: 'genuine', slip: found.slip, holder };
}

const TEXTS = {
  en: {
    title: 'Verify a payment slip',
    genuine: 'Genuine: this payment slip was issued by billpay-sim.',
    unknown: (tn: string) => `Not issued by billpay-sim: no payment slip has tracking number ${tn}.`,
    malformed: (input: string) => `“${input}” is not a valid tracking number.`,
    ruleBroken: 'Rule broken',
    simulatorNote: 'billpay-sim is a payment-gateway simulator: a genuine slip proves a simulated payment; no real money moved.',
    formLabel: 'Tracking number',
    formButton: 'Verify',
    held: 'The code from the slip’s QR code matches: the slip was issued with these details too.',
    notShown: 'To compare the customer and bill details as well, scan the QR code on the slip.',
    wrongToken:
      'The code in this address does not belong to this slip: its customer and bill details cannot be confirmed, and the slip may have been altered.',
  },
  bn: {
    title: 'পেমেন্ট স্লিপ যাচাই',
    genuine: 'আসল: এই পেমেন্ট স্লিপটি billpay-sim থেকে ইস্যু করা হয়েছে।',
    unknown: (tn: string) => `billpay-sim এটি ইস্যু করেনি: ${tn} ট্র্যাকিং নম্বরের কোনো পেমেন্ট স্লিপ নেই।`,
    malformed: (input: string) => `“${input}” সঠিক ট্র্যাকিং নম্বর নয়।`,
    ruleBroken: 'যে নিয়ম ভাঙা হয়েছে',
    simulatorNote: 'billpay-sim একটি পেমেন্ট গেটওয়ে সিমুলেটর: আসল স্লিপ কেবল একটি সিমুলেটেড পেমেন্ট প্রমাণ করে; কোনো প্রকৃত অর্থ লেনদেন হয়নি।',
    formLabel: 'ট্র্যাকিং নম্বর',
    formButton: 'যাচাই করুন',
    held: 'স্লিপের QR কোডের কোড মিলেছে: স্লিপটি এই তথ্যগুলো নিয়েও ইস্যু করা হয়েছিল।',
    notShown: 'গ্রাহক ও বিলের তথ্যও মিলিয়ে দেখতে স্লিপের QR কোড স্ক্যান করুন।',
    wrongToken: 'এই ঠিকানার কোডটি এই স্লিপের নয়: গ্রাহক ও বিলের তথ্য নিশ্চিত করা যায়নি, স্লিপটি পরিবর্তিত হয়ে থাকতে পারে।',
  },
} as const;

/** Echoed input is escaped anyway; this only keeps a pasted essay from filling the page. */
const MAX_ECHOED_INPUT = 64;

function shorten(input: string): string {
  return input.length <= MAX_ECHOED_INPUT ? input : `${input.slice(0, MAX_ECHOED_INPUT)}…`;
}

/**
 * The slip's bill and payment rows as issued, less those shown above and the payment id (which
 * opens the payment's pages).
 */
function heldDetails(slip: Slip, locale: Locale): SafeHtml {
  const { bill, payment } = slipSectionFields(slip, locale);
  const labels = SLIP_LABELS[locale];
  const left = new Set([labels.paymentId, labels.merchant, labels.purpose, labels.trackingNumber, labels.paidAt]);
  return html`<p>${TEXTS[locale].held}</p>
${fieldList([...bill, ...payment].filter(([label]) => !left.has(label)))}`;
}

function verdictBody(verdict: Verdict, locale: Locale): SafeHtml {
  const t = TEXTS[locale];
  const labels = SLIP_LABELS[locale];
  switch (verdict.kind) {
    case 'genuine': {
      const { slip, holder } = verdict;
      return html`<p class="verdict genuine" role="status">${t.genuine}</p>
${fieldList([
  [labels.trackingNumber, html`<span class="code">${localizeDigits(slip.trackingNumber, locale)}</span>`],
  [labels.merchant, slip.merchant.name],
  [labels.purpose, purposeLabel(slip.purpose, locale)],
  [labels.amounts.total, `${localizeDigits(slip.amounts.total, locale)} BDT`],
  [labels.amountRefunded, slip.refunds?.length ? `${localizeDigits(slip.amountRefunded ?? '0.00', locale)} BDT` : null],
  [labels.paidAt, formatPaidAt(slip.paidAtDhaka, locale)],
])}
${holder === 'held' ? heldDetails(slip, locale) : holder === 'wrong-token' ? html`<p class="verdict not-genuine" role="alert">${t.wrongToken}</p>` : html`<p>${t.notShown}</p>`}`;
    }
    case 'unknown':
      return html`<p class="verdict not-genuine" role="alert">${t.unknown(localizeDigits(verdict.trackingNumber, locale))}</p>`;
    case 'malformed':
      return html`<p class="verdict not-genuine" role="alert">${t.malformed(shorten(verdict.input))}</p>
${fieldList([[t.ruleBroken, html`<span class="code">${verdict.error.rule}</span>: ${verdict.error.message}`]])}`;
  }
}

function renderVerifyPage(verdict: Verdict | null, locale: Locale, typed = ''): string {
  const t = TEXTS[locale];
  const body = html`<main class="sheet verify-page">
<h1>${t.title}</h1>
${verdict && verdictBody(verdict, locale)}
<form class="verify-form" action="/verify" method="get">
<input type="hidden" name="lang" value="${locale}">
<label for="verify-tn">${t.formLabel}</label>
<input id="verify-tn" name="trackingNumber" value="${shorten(typed)}" inputmode="numeric" autocomplete="off" required>
<button type="submit" class="button">${t.formButton}</button>
</form>
<p class="issuer">${t.simulatorNote}</p>
</main>`;
  return renderPage({ title: t.title, lang: locale, body, styles: [BANGLA_FONT_CSS_URL] });
}

const STATUS_OF: Record<Verdict['kind'], number> = { genuine: 200, unknown: 404, malformed: 400 };

/**
 * The JSON of a genuine slip: the same facts the page shows. `holder` says whether the slip's
 * token was given (false for none and for another); only then come the customer and bill fields.
 */
function genuineJson(slip: Slip, holder: Holder): object {
  return {
    genuine: true,
    holder: holder === 'held',
    trackingNumber: slip.trackingNumber,
    merchant: { name: slip.merchant.name },
    purpose: slip.purpose,
    total: slip.amounts.total,
    amountRefunded: slip.amountRefunded ?? '0.00',
    paidAt: slip.paidAt,
    paidAtDhaka: slip.paidAtDhaka,
    ...(holder === 'held'
      ? {
          customerName: slip.customerName,
          reference: slip.reference,
          accountNo: slip.accountNo,
          billNo: slip.billNo,
          meterNo: slip.meterNo,
          billMonth: slip.billMonth,
          amounts: slip.amounts,
          method: slip.method,
          gateway: slip.gateway,
          instrument: slip.instrument,
          gatewayTransactionId: slip.gatewayTransactionId,
        }
      : {}),
  };
}

/** In JSON, "not genuine" is a problem (404 or 400) like every error of the API. */
function verdictProblem(verdict: Exclude<Verdict, { kind: 'genuine' }>): ApiProblem {
  if (verdict.kind === 'unknown') {
    return new ApiProblem(404, 'slip-not-issued', 'Not issued by billpay-sim', TEXTS.en.unknown(verdict.trackingNumber), {
      genuine: false,
      trackingNumber: verdict.trackingNumber,
    });
  }
  const { field, rule, message } = verdict.error;
  return new BadRequest(message, { genuine: false, errors: [{ field, rule, message }] });
}

function localeOf(req: Request): Locale {
  return parseLocale(req.query.lang) ?? 'en';
}

function sendPage(res: Response, status: number, page: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('html').send(page);
}

export function verifyRoutes(deps: VerifyLookup, options: VerifyOptions = {}): Router {
  const router = Router();
  const limit = rateLimit(options.rateLimit ?? DEFAULT_VERIFY_RATE_LIMIT, 'verify', options.logger);

  router.get('/verify', (req, res) => {
    const typed = typeof req.query.trackingNumber === 'string' ? req.query.trackingNumber.trim() : '';
    if (typed === '') {
      sendPage(res, 200, renderVerifyPage(null, localeOf(req)));
      return;
    }
    const lang = parseLocale(req.query.lang);
    res.redirect(303, `/verify/${encodeURIComponent(typed)}${lang ? `?lang=${lang}` : ''}`);
  });

  router.get('/verify/:trackingNumber', limit, async (req, res) => {
    const { trackingNumber } = req.params as { trackingNumber: string };
    const verdict = await verifyTrackingNumber(deps, trackingNumber, req.query.token);
    if (req.query.format === 'json') {
      if (verdict.kind !== 'genuine') throw verdictProblem(verdict);
      res.set('Cache-Control', 'no-store').json(genuineJson(verdict.slip, verdict.holder));
      return;
    }
    sendPage(res, STATUS_OF[verdict.kind], renderVerifyPage(verdict, localeOf(req), trackingNumber));
  });

  return router;
}
