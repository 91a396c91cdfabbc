/**
 * "Next": the checkout embedded in the portal's own page, `<billpay-checkout>` for the payment the
 * portal created. When the payment ends, the slip stays and the hosted checkout's notice and page
 * script (reused) count down to the portal's signed return URL, exactly as on the gateway's own
 * page, so both ways of paying end the same way at the same verified return.
 */
import { HOSTED_CHECKOUT_SCRIPT_URL } from '../../pages/assets/urls.js';
import { renderReturnNotice, WIDGET_SCRIPT_URL } from '../../pages/hosted-checkout.js';
import { html } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { portalPage } from './layout.js';

export interface EmbeddedCheckoutPage {
  paymentId: string;
  clientSecret: string;
  merchantName: string;
}

export function renderEmbeddedCheckout(page: EmbeddedCheckoutPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].checkout;
  const body = html`<h1>${t.title(page.merchantName)}</h1>
<section class="portal-panel portal-checkout">
<p class="hint">${t.hint}</p>
<billpay-checkout payment-id="${page.paymentId}" client-secret="${page.clientSecret}" locale="${lang}"></billpay-checkout>
${renderReturnNotice(page.merchantName, lang)}
<noscript><p>${t.needsJavaScript}</p></noscript>
</section>`;
  return portalPage({ lang, title: t.title(page.merchantName), path, body, scripts: [WIDGET_SCRIPT_URL, HOSTED_CHECKOUT_SCRIPT_URL] });
}
