/**
 * GET /checkout/:id: the hosted checkout page, for merchants who redirect to the gateway instead
 * of embedding the widget. It is a plain page around `<billpay-checkout>`; when the payment ends,
 * the slip stays on screen and the page's script (assets/scripts.ts) counts down "Returning to
 * <merchant> in 15 s" beside "Return to <merchant> now" and "Stay on this page", then navigates to
 * the merchant's signed return URL unless the customer chose to stay. No inline script: the CSP
 * stays strict. Bangla pages link the Bangla web font and name the merchant in Bangla.
 */
import { Router } from 'express';
import { toBanglaDigits } from '../../domain/digits.js';
import { BANGLA_FONT_CSS_URL, HOSTED_CHECKOUT_SCRIPT_URL } from './assets/urls.js';
import { html, parseLocale, renderPage, type Locale, type SafeHtml } from './html.js';

/** Where the server serves the built widget (vite's dist/widget/billpay-checkout.js). */
export const WIDGET_SCRIPT_URL = '/widget/billpay-checkout.js';

/** What the page needs to know about one payment. */
export interface HostedCheckout {
  clientSecret: string;
  /** The merchant's preferred language for this payment; `?lang=` overrides it. */
  locale?: Locale;
  merchantName: string;
  /** The merchant's name in Bangla, for `bn` pages; the English one when left out. */
  merchantBnName?: string;
}

export interface HostedCheckoutDeps {
  /** null for an unknown payment id. */
  findCheckout(paymentId: string): Promise<HostedCheckout | null>;
  /** How long the countdown to the merchant runs before the browser goes; default 15 s. */
  returnDelayMs?: number;
}

/** Long enough to read the slip's tracking number and choose to print it or stay. */
export const DEFAULT_RETURN_DELAY_MS = 15_000;

const TEXTS = {
  en: {
    title: (merchant: string) => `Pay ${merchant}`,
    simulator: 'billpay-sim: a simulated payment gateway. No real money moves.',
    returning: (merchant: string) => `Returning to ${merchant} in`,
    seconds: 's',
    continueTo: (merchant: string) => `Return to ${merchant} now`,
    stay: 'Stay on this page',
    staying: 'You stay on this page; return whenever you are ready.',
    needsJavaScript: 'This checkout needs JavaScript. Please enable it and reload the page.',
    notFoundTitle: 'Payment not found',
    notFound: 'There is no payment to pay at this address. Please start again from the merchant’s page.',
  },
  bn: {
    title: (merchant: string) => `বিল পরিশোধ: ${merchant}`,
    simulator: 'billpay-sim: একটি সিমুলেটেড পেমেন্ট গেটওয়ে। কোনো প্রকৃত অর্থ লেনদেন হয় না।',
    returning: (merchant: string) => `${merchant} পাতায় ফিরে যাওয়া হবে`,
    seconds: 'সেকেন্ডে',
    continueTo: (merchant: string) => `এখনই ফিরে যান: ${merchant}`,
    stay: 'এই পাতায় থাকুন',
    staying: 'আপনি এই পাতায় আছেন; যখন খুশি ফিরে যেতে পারেন।',
    needsJavaScript: 'এই চেকআউটের জন্য জাভাস্ক্রিপ্ট দরকার। এটি চালু করে পেজটি আবার লোড করুন।',
    notFoundTitle: 'পেমেন্ট পাওয়া যায়নি',
    notFound: 'এই ঠিকানায় পরিশোধের মতো কোনো পেমেন্ট নেই। মার্চেন্টের পেজ থেকে আবার শুরু করুন।',
  },
} as const;

/**
 * The end of a payment on a page around the checkout (this one and the demo portal's): once the
 * widget ends, the page script (assets/scripts.ts) reveals it and counts down to the merchant.
 * It sits inside a live region that exists from the start, so revealing it is announced.
 */
export function renderReturnNotice(merchant: string, locale: Locale, returnDelayMs: number = DEFAULT_RETURN_DELAY_MS): SafeHtml {
  const t = TEXTS[locale];
  const wholeSeconds = String(Math.ceil(returnDelayMs / 1000));
  const seconds = locale === 'bn' ? toBanglaDigits(wholeSeconds) : wholeSeconds;
  return html`<div role="status" aria-live="polite">
<div id="return-notice" class="return-notice" data-return-delay-ms="${returnDelayMs}" hidden>
<p id="return-countdown">${t.returning(merchant)} <span id="return-seconds" class="nowrap" data-unit="${t.seconds}">${seconds} ${t.seconds}</span></p>
<p id="return-staying" hidden>${t.staying}</p>
<p class="actions"><a id="return-link" class="button" href="#">${t.continueTo(merchant)}</a>
<button id="return-stay" type="button" class="secondary">${t.stay}</button></p>
</div>
</div>`;
}

export function renderHostedCheckoutPage(
  paymentId: string,
  checkout: HostedCheckout,
  locale: Locale,
  returnDelayMs: number = DEFAULT_RETURN_DELAY_MS,
): string {
  const t = TEXTS[locale];
  const merchant = locale === 'bn' ? checkout.merchantBnName ?? checkout.merchantName : checkout.merchantName;
  const body = html`<main class="sheet checkout-page">
<header class="sheet-header">
<h1>${t.title(merchant)}</h1>
<p>${t.simulator}</p>
</header>
<billpay-checkout payment-id="${paymentId}" client-secret="${checkout.clientSecret}" locale="${locale}"></billpay-checkout>
${renderReturnNotice(merchant, locale, returnDelayMs)}
<noscript><p>${t.needsJavaScript}</p></noscript>
</main>`;
  return renderPage({
    title: t.title(merchant),
    lang: locale,
    body,
    scripts: [WIDGET_SCRIPT_URL, HOSTED_CHECKOUT_SCRIPT_URL],
    // The widget would link it too; linked here it loads with the page.
    styles: locale === 'bn' ? [BANGLA_FONT_CSS_URL] : [],
  });
}

export function renderNotFoundPage(locale: Locale): string {
  const t = TEXTS[locale];
  const body = html`<main class="sheet"><h1>${t.notFoundTitle}</h1><p>${t.notFound}</p></main>`;
  return renderPage({ title: t.notFoundTitle, lang: locale, body });
}

export function hostedCheckoutRoutes(deps: HostedCheckoutDeps): Router {
  const router = Router();
  router.get('/checkout/:id', async (req, res) => {
    // The page holds the client secret: never cached, never stored.
    res.set('Cache-Control', 'no-store').type('html');
    const checkout = await deps.findCheckout(req.params.id);
    const requested = parseLocale(req.query.lang);
    if (checkout === null) {
      res.status(404).send(renderNotFoundPage(requested ?? 'en'));
      return;
    }
    const locale = requested ?? checkout.locale ?? 'en';
    res.send(renderHostedCheckoutPage(req.params.id, checkout, locale, deps.returnDelayMs));
  });
  return router;
}
