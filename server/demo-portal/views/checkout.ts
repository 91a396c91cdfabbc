/**
 * "Next": the checkout embedded in the portal's own page, `<billpay-checkout>` for the payment the
 * portal created. When the payment ends, the hosted checkout's page script (reused, it keys on the
 * same element ids) sends the browser to the portal's signed return URL, exactly as the gateway's
 * own page does, so both ways of paying end at the same verified return.
 */
import { HOSTED_CHECKOUT_SCRIPT_URL } from '../../pages/assets/urls.js';
import { WIDGET_SCRIPT_URL } from '../../pages/hosted-checkout.js';
import { html } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { portalPage } from './layout.js';

/** How long "Returning to …" shows before the browser moves on. */
const RETURN_DELAY_MS = 1500;

export interface EmbeddedCheckoutPage {
  paymentId: string;
  clientSecret: string;
  merchantName: string;
}

export function renderEmbeddedCheckout(page: EmbeddedCheckoutPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].checkout;
  const body = html`<h1>${t.title(page.merchantName)}</h1>
<section class="portal-panel portal-checkout" data-return-delay-ms="${RETURN_DELAY_MS}">
<p class="hint">${t.hint}</p>
<billpay-checkout payment-id="${page.paymentId}" client-secret="${page.clientSecret}" locale="${lang}"></billpay-checkout>
<div role="status" aria-live="polite">
<div id="return-notice" class="return-notice" hidden>
<p>${t.returning(page.merchantName)}</p>
<p><a id="return-link" class="button" href="#">${t.continueTo}</a></p>
</div>
</div>
<noscript><p>${t.needsJavaScript}</p></noscript>
</section>`;
  return portalPage({ lang, title: t.title(page.merchantName), path, body, scripts: [WIDGET_SCRIPT_URL, HOSTED_CHECKOUT_SCRIPT_URL] });
}
