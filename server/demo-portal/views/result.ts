/**
 * Where the portal lands after a payment (via its verified return): the outcome, the tracking
 * number, and the slip (HTML, PDF) and verify links of the gateway.
 */
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import { fieldList, html, type SafeHtml } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import type { PortalPayment } from '../store.js';
import { digits, gatewayPageIn, money, withLang } from './format.js';
import { portalPage } from './layout.js';
import { notice } from './payment-check.js';

export interface ResultPage {
  payment: PortalPayment;
  /** Back to where the payment started (bill list, application, recharge). */
  back: { href: string; label: string };
}

type Outcome = 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'pending';

function outcomeOf(status: string): Outcome {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'expired' ? status : 'pending';
}

export function renderResult(page: ResultPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].result;
  const { payment } = page;
  const outcome = outcomeOf(payment.status);
  const title = t[outcome];
  const tone = outcome === 'succeeded' ? 'good' : outcome === 'pending' ? 'warn' : 'bad';
  const links: SafeHtml | '' = payment.slip
    ? html`<div class="actions">
<a class="button" href="${gatewayPageIn(payment.slip.htmlUrl, lang)}">${t.slipHtml}</a>
<a class="button secondary" href="${gatewayPageIn(payment.slip.pdfUrl, lang)}" download>${t.slipPdf}</a>
<a class="button secondary" href="${gatewayPageIn(payment.slip.verifyUrl, lang)}">${t.verify}</a>
</div>`
    : '';
  const hint = outcome === 'pending' ? t.pendingHint : outcome === 'succeeded' ? t.succeededHint : t.tryAgain;
  const body = html`<h1>${title}</h1>
<section class="portal-panel">
${notice(hint, tone)}
${fieldList([
  [t.trackingNo, payment.trackingNumber ? html`<span class="tracking" data-tracking-number>${payment.trackingNumber}</span>` : null],
  [t.paymentId, html`<span class="code">${payment.paymentId}</span>`],
  [t.reference, html`<span class="code">${payment.reference}</span>`],
  [t.billAmount, money(payment.amount, lang)],
  [t.lateFee, payment.lateFee === '0.00' ? null : money(payment.lateFee, lang)],
  [t.paidAt, payment.paidAt ? digits(formatDhakaDateTime(new Date(payment.paidAt)), lang) : null],
])}
${links}
<p><a href="${withLang(page.back.href, lang)}">${page.back.label}</a></p>
</section>`;
  return portalPage({ lang, title, path, body });
}
