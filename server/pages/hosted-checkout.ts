/**
 * GET /checkout/:id: the hosted checkout page, for merchants who redirect to the gateway instead
 * of embedding the widget. It is a plain page around `<billpay-checkout>`; when the payment ends,
 * the page's script (assets/scripts.ts) shows "Returning to <merchant>…" with a link and then
 * navigates to the merchant's signed return URL. No inline script: the CSP stays strict.
 */
import { Router } from 'express';
import { HOSTED_CHECKOUT_SCRIPT_URL } from './assets/urls.js';
import { html, parseLocale, renderPage, type Locale } from './html.js';

/** Where the server serves the built widget (vite's dist/widget/billpay-checkout.js). */
export const WIDGET_SCRIPT_URL = '/widget/billpay-checkout.js';

/** What the page needs to know about one payment. */
export interface HostedCheckout {
  clientSecret: string;
  /** The merchant's preferred language for this payment; `?lang=` overrides it. */
  locale?: Locale;
  merchantName: string;
}

export interface HostedCheckoutDeps {
  /** null for an unknown payment id. */
  findCheckout(paymentId: string): HostedCheckout | null;
  /** How long "Returning to <merchant>…" shows before the browser goes; default 2000 ms. */
  returnDelayMs?: number;
}

export const DEFAULT_RETURN_DELAY_MS = 2000;

const TEXTS = {
  en: {
    title: (merchant: string) => `Pay ${merchant}`,
    simulator: 'billpay-sim: a simulated payment gateway. No real money moves.',
    returning: (merchant: string) => `Returning to ${merchant}…`,
    continueTo: (merchant: string) => `Continue to ${merchant}`,
    needsJavaScript: 'This checkout needs JavaScript. Please enable it and reload the page.',
    notFoundTitle: 'Payment not found',
    notFound: 'There is no payment to pay at this address. Please start again from the merchant’s page.',
  },
  bn: {
    title: (merchant: string) => `${merchant}-কে পরিশোধ`,
    simulator: 'billpay-sim: একটি সিমুলেটেড পেমেন্ট গেটওয়ে। কোনো প্রকৃত অর্থ লেনদেন হয় না।',
    returning: (merchant: string) => `${merchant}-এ ফিরে যাচ্ছি…`,
    continueTo: (merchant: string) => `${merchant}-এ যান`,
    needsJavaScript: 'এই চেকআউটের জন্য জাভাস্ক্রিপ্ট দরকার। এটি চালু করে পেজটি আবার লোড করুন।',
    notFoundTitle: 'পেমেন্ট পাওয়া যায়নি',
    notFound: 'এই ঠিকানায় পরিশোধের মতো কোনো পেমেন্ট নেই। মার্চেন্টের পেজ থেকে আবার শুরু করুন।',
  },
} as const;

export function renderHostedCheckoutPage(
  paymentId: string,
  checkout: HostedCheckout,
  locale: Locale,
  returnDelayMs: number = DEFAULT_RETURN_DELAY_MS,
): string {
  const t = TEXTS[locale];
  const merchant = checkout.merchantName;
  // The notice sits inside a live region that exists from the start, so revealing it is announced.
  const body = html`<main class="sheet checkout-page" data-return-delay-ms="${returnDelayMs}">
<header class="sheet-header">
<h1>${t.title(merchant)}</h1>
<p>${t.simulator}</p>
</header>
<billpay-checkout payment-id="${paymentId}" client-secret="${checkout.clientSecret}" locale="${locale}"></billpay-checkout>
<div role="status" aria-live="polite">
<div id="return-notice" class="return-notice" hidden>
<p>${t.returning(merchant)}</p>
<p><a id="return-link" class="button" href="#">${t.continueTo(merchant)}</a></p>
</div>
</div>
<noscript><p>${t.needsJavaScript}</p></noscript>
</main>`;
  return renderPage({
    title: t.title(merchant),
    lang: locale,
    body,
    scripts: [WIDGET_SCRIPT_URL, HOSTED_CHECKOUT_SCRIPT_URL],
  });
}

export function renderNotFoundPage(locale: Locale): string {
  const t = TEXTS[locale];
  const body = html`<main class="sheet"><h1>${t.notFoundTitle}</h1><p>${t.notFound}</p></main>`;
  return renderPage({ title: t.notFoundTitle, lang: locale, body });
}

export function hostedCheckoutRoutes(deps: HostedCheckoutDeps): Router {
  const router = Router();
  router.get('/checkout/:id', (req, res) => {
    // The page holds the client secret: never cached, never stored.
    res.set('Cache-Control', 'no-store').type('html');
    const checkout = deps.findCheckout(req.params.id);
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
