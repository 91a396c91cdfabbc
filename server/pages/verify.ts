/**
 * The public verify page: is a slip with this tracking number genuine, i.e. issued by this
 * simulator? Anyone holding a printed slip can ask (the slip's QR code points here), so the page
 * shows only what proves the payment (merchant, purpose, total, time, masked instrument, payment
 * id) and never the customer's name or account.
 *
 *   GET /verify/:trackingNumber          200 genuine, 404 not issued here, 400 malformed (names the rule)
 *   GET /verify/:trackingNumber?format=json   the same as JSON; 404/400 as problem+json
 *   GET /verify?trackingNumber=…         the page's form: redirects to the address above
 */
import { Router, type Request, type Response } from 'express';
import { isDomainError, type DomainError } from '../../domain/errors.js';
import { parseTrackingNumber } from '../../domain/tracking-number.js';
import { ApiProblem, BadRequest } from '../http/problems.js';
import { formatPaidAt, localizeDigits, purposeLabel, SLIP_LABELS } from '../slips/labels.js';
import type { Slip, SlipLookup } from '../slips/slip.js';
import { fieldList, html, parseLocale, renderPage, type Locale, type SafeHtml } from './html.js';

export type VerifyLookup = Pick<SlipLookup, 'findSlipByTrackingNumber'>;

export type Verdict =
  | { kind: 'genuine'; slip: Slip }
  | { kind: 'unknown'; trackingNumber: string }
  | { kind: 'malformed'; input: string; error: DomainError };

/** Parses what was typed (Bangla digits and spaces are fine) and looks the canonical number up. */
export function verifyTrackingNumber(deps: VerifyLookup, input: string): Verdict {
  let trackingNumber: string;
  try {
    trackingNumber = parseTrackingNumber(input).value;
  } catch (error) {
    if (isDomainError(error)) return { kind: 'malformed', input, error };
    throw error;
  }
  const slip = deps.findSlipByTrackingNumber(trackingNumber);
  return slip === null ? { kind: 'unknown', trackingNumber } : { kind: 'genuine', slip };
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
  },
} as const;

/** Echoed input is escaped anyway; this only keeps a pasted essay from filling the page. */
const MAX_ECHOED_INPUT = 64;

function shorten(input: string): string {
  return input.length <= MAX_ECHOED_INPUT ? input : `${input.slice(0, MAX_ECHOED_INPUT)}…`;
}

function verdictBody(verdict: Verdict, locale: Locale): SafeHtml {
  const t = TEXTS[locale];
  const labels = SLIP_LABELS[locale];
  switch (verdict.kind) {
    case 'genuine': {
      const { slip } = verdict;
      return html`<p class="verdict genuine" role="status">${t.genuine}</p>
${fieldList([
  [labels.trackingNumber, html`<span class="code">${localizeDigits(slip.trackingNumber, locale)}</span>`],
  [labels.merchant, slip.merchant.name],
  [labels.purpose, purposeLabel(slip.purpose, locale)],
  [labels.amounts.total, `${localizeDigits(slip.amounts.total, locale)} BDT`],
  [labels.amountRefunded, slip.refunds?.length ? `${localizeDigits(slip.amountRefunded ?? '0.00', locale)} BDT` : null],
  [labels.paidAt, formatPaidAt(slip.paidAtDhaka, locale)],
  [labels.instrument, localizeDigits(slip.instrument, locale)],
  [labels.paymentId, html`<span class="code">${slip.paymentId}</span>`],
])}`;
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
  return renderPage({ title: t.title, lang: locale, body });
}

const STATUS_OF: Record<Verdict['kind'], number> = { genuine: 200, unknown: 404, malformed: 400 };

/** The JSON of a genuine slip: the same facts the page shows. */
function genuineJson(slip: Slip): object {
  return {
    genuine: true,
    trackingNumber: slip.trackingNumber,
    paymentId: slip.paymentId,
    merchant: slip.merchant,
    purpose: slip.purpose,
    total: slip.amounts.total,
    amountRefunded: slip.amountRefunded ?? '0.00',
    paidAt: slip.paidAt,
    paidAtDhaka: slip.paidAtDhaka,
    instrument: slip.instrument,
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

export function verifyRoutes(deps: VerifyLookup): Router {
  const router = Router();

  router.get('/verify', (req, res) => {
    const typed = typeof req.query.trackingNumber === 'string' ? req.query.trackingNumber.trim() : '';
    if (typed === '') {
      sendPage(res, 200, renderVerifyPage(null, localeOf(req)));
      return;
    }
    const lang = parseLocale(req.query.lang);
    res.redirect(303, `/verify/${encodeURIComponent(typed)}${lang ? `?lang=${lang}` : ''}`);
  });

  router.get('/verify/:trackingNumber', (req, res) => {
    const verdict = verifyTrackingNumber(deps, req.params.trackingNumber);
    if (req.query.format === 'json') {
      if (verdict.kind !== 'genuine') throw verdictProblem(verdict);
      res.set('Cache-Control', 'no-store').json(genuineJson(verdict.slip));
      return;
    }
    sendPage(res, STATUS_OF[verdict.kind], renderVerifyPage(verdict, localeOf(req), req.params.trackingNumber));
  });

  return router;
}
