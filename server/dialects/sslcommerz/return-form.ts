/**
 * The browser's way back (research 2.2 [C]): the real gateway's page ends with a form POST
 * (urlencoded) of the whole 2.3 field set to `success_url`, `fail_url` or `cancel_url`. The
 * hosted checkout page goes to `GET /gwprocess/v4/return/<paymentId>?sig=…` (the session view's
 * return URL), which renders that form and submits it with a page asset (no inline script; the
 * page's CSP `form-action` allows the merchant's origin). The link is signed with the merchant's
 * webhook secret, so only the page we handed out opens it; the fields are built when it is opened.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { toBanglaDigits } from '../../../domain/digits.js';
import { isTerminal } from '../../../domain/payment-state.js';
import { AUTO_SUBMIT_SCRIPT_URL } from '../../pages/assets/urls.js';
import { fieldList, html, parseLocale, renderPage, type Locale } from '../../pages/html.js';
import type { PaymentRecord } from '../../payments/record.js';
import type { Tx } from '../../storage/port.js';
import type { DialectContext } from '../index.js';
import { transactionFields, type SslStatus } from './fields.js';
import { DIALECT, type SslcommerzSessionData } from './session.js';
import { signFields } from './verify-sign.js';

export const RETURN_PATH = '/gwprocess/v4/return/:paymentId';

function signature(secret: string, paymentId: string): string {
  return createHmac('sha256', secret).update(`sslcommerz-return:${paymentId}`).digest('base64url');
}

/** The signed address of the return page, or null when the merchant has no secret to sign with; read in the caller's unit. */
export async function returnPageUrl(tx: Tx, payment: PaymentRecord): Promise<string | null> {
  const [secret] = await tx.merchants.webhookSecrets(payment.merchantId);
  if (!secret) return null;
  return `${payment.baseUrl}/gwprocess/v4/return/${payment.id}?sig=${signature(secret, payment.id)}`;
}

/** Whether `presented` is the link's signature under one of the merchant's webhook secrets (newest first). */
function signatureMatches(secrets: readonly string[], paymentId: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const given = Buffer.from(presented);
  return secrets.some((secret) => {
    const expected = Buffer.from(signature(secret, paymentId));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

/** Where each outcome goes: the gateway sends a lapsed session to fail_url [G]. */
function targetOf(status: SslStatus, urls: SslcommerzSessionData['urls']): string {
  if (status === 'VALID') return urls.success;
  if (status === 'CANCELLED') return urls.cancel;
  return urls.fail;
}

const TEXTS = {
  en: {
    returning: (merchant: string) => `Returning to ${merchant}…`,
    outcome: {
      VALID: 'Payment successful.',
      FAILED: 'Payment failed.',
      CANCELLED: 'Payment cancelled.',
      EXPIRED: 'The payment session expired.',
      PENDING: 'The payment has not ended.',
    } satisfies Record<SslStatus, string>,
    sending: (merchant: string) => `Your browser is sending the result to ${merchant}.`,
    continueTo: (merchant: string) => `Continue to ${merchant}`,
    transaction: 'Transaction ID',
    amount: 'Amount',
    money: (amount: string) => `${amount} BDT`,
    simulator: 'billpay-sim: a simulated payment gateway (SSLCommerz drop-in). No real money moves.',
    invalidTitle: 'Return link not valid',
    invalid: 'This return link is not valid, or the payment has not ended. Please start again from the merchant’s page.',
  },
  bn: {
    returning: (merchant: string) => `${merchant}-এ ফিরে যাচ্ছি…`,
    outcome: {
      VALID: 'পেমেন্ট সফল হয়েছে।',
      FAILED: 'পেমেন্ট ব্যর্থ হয়েছে।',
      CANCELLED: 'পেমেন্ট বাতিল করা হয়েছে।',
      EXPIRED: 'পেমেন্ট সেশনের মেয়াদ শেষ হয়েছে।',
      PENDING: 'পেমেন্ট এখনো শেষ হয়নি।',
    } satisfies Record<SslStatus, string>,
    sending: (merchant: string) => `আপনার ব্রাউজার ফলাফলটি ${merchant}-এ পাঠাচ্ছে।`,
    continueTo: (merchant: string) => `${merchant}-এ যান`,
    transaction: 'লেনদেন আইডি',
    amount: 'পরিমাণ',
    money: (amount: string) => `${toBanglaDigits(amount)} টাকা`,
    simulator: 'billpay-sim: একটি সিমুলেটেড পেমেন্ট গেটওয়ে (SSLCommerz ড্রপ-ইন)। কোনো প্রকৃত অর্থ লেনদেন হয় না।',
    invalidTitle: 'ফেরার লিংকটি সঠিক নয়',
    invalid: 'এই ফেরার লিংকটি সঠিক নয়, অথবা পেমেন্ট এখনো শেষ হয়নি। মার্চেন্টের পেজ থেকে আবার শুরু করুন।',
  },
} as const;

export function renderReturnPage(
  merchant: string,
  target: string,
  fields: Readonly<Record<string, string>>,
  locale: Locale,
): string {
  const t = TEXTS[locale];
  const status = fields.status as SslStatus;
  const body = html`<main class="sheet">
<header class="sheet-header">
<h1>${t.returning(merchant)}</h1>
<p>${t.simulator}</p>
</header>
<p class="return-notice">${t.outcome[status]} ${t.sending(merchant)}</p>
${fieldList([
  [t.transaction, fields.tran_id],
  [t.amount, t.money(fields.amount ?? '')],
])}
<form method="post" action="${target}" data-auto-submit class="actions">
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<button type="submit" class="button">${t.continueTo(merchant)}</button>
</form>
</main>`;
  return renderPage({ title: t.returning(merchant), lang: locale, body, scripts: [AUTO_SUBMIT_SCRIPT_URL] });
}

/**
 * The page's CSP: the pages' own, with the merchant's origin allowed as a form target. And the
 * POST carries our origin (Origin, Referer without the path), as the real gateway's page does,
 * rather than `Origin: null` under the pages' `no-referrer`.
 */
function allowFormTarget(res: Response, target: string): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy !== 'string') return;
  const origin = new URL(target).origin;
  res.setHeader('Content-Security-Policy', policy.replace("form-action 'self'", `form-action 'self' ${origin}`));
  res.setHeader('Referrer-Policy', 'origin');
}

/** GET /gwprocess/v4/return/:paymentId?sig=…[&lang=bn]. */
export function returnPage(ctx: DialectContext) {
  return async (req: Request, res: Response): Promise<void> => {
    res.set('Cache-Control', 'no-store').type('html');
    const locale = parseLocale(req.query.lang) ?? 'en';
    const paymentId = String(req.params.paymentId);
    // One unit: the payment read first applies a lapse, whose transition may change the session
    // (keys issued on success), so the session is read after it, in the same unit.
    const seen = await ctx.payments.readWith(paymentId, {}, async (payment, _now, tx) => {
      const session = await tx.dialects.session<SslcommerzSessionData>(paymentId);
      if (!session || session.dialect !== DIALECT || !isTerminal(payment.status)) return null;
      const account = await tx.dialects.account(DIALECT, payment.merchantId);
      if (!account?.signingKey) return null;
      if (!signatureMatches(await tx.merchants.webhookSecrets(payment.merchantId), paymentId, req.query.sig)) return null;
      const merchant = await tx.merchants.get(payment.merchantId);
      return { payment, session, signingKey: account.signingKey, merchantName: merchant?.shortName ?? payment.merchantId };
    });
    const found = seen?.result;
    if (!found) {
      const t = TEXTS[locale];
      const body = html`<main class="sheet"><h1>${t.invalidTitle}</h1><p>${t.invalid}</p></main>`;
      res.status(404).send(renderPage({ title: t.invalidTitle, lang: locale, body }));
      return;
    }
    const { payment, session, signingKey, merchantName } = found;
    const fields = signFields(transactionFields(payment, session.data, ctx.names), signingKey);
    const target = targetOf(fields.status as SslStatus, session.data.urls);
    allowFormTarget(res, target);
    res.send(renderReturnPage(merchantName, target, fields, locale));
  };
}
