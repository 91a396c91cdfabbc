/**
 * Where the portal lands after a payment (via its verified return): the outcome, the tracking
 * number, and the slip (HTML, PDF) and verify links of the gateway.
 */
import { formatDhakaDateTime } from '../../../domain/dhaka-time.js';
import { fieldList, html, type SafeHtml } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import type { GatewayCharge } from '../gateway-client.js';
import type { PortalPayment } from '../store.js';
import { digits, gatewayPageIn, money, named, withLang } from './format.js';
import { portalPage } from './layout.js';
import { notice } from './payment-check.js';

export interface ResultPage {
  payment: PortalPayment;
  /** What the gateway's slip says was charged; null before a slip exists. */
  charge: GatewayCharge | null;
  /** Back to where the payment started (bill list, application, recharge). */
  back: { href: string; label: string };
}

type Outcome = 'succeeded' | 'failed' | 'cancelled' | 'expired' | 'pending';

function outcomeOf(status: string): Outcome {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'expired' ? status : 'pending';
}

/** "What was charged": the gateway's amounts row by row, the method and, for a recharge, its token. */
/** What the amount paid for, in the customer's words: "Bill Amount", "Recharge Amount", "Fee". */
function amountLabel(purpose: PortalPayment['purpose'], lang: Locale): string {
  const t = PORTAL_TEXTS[lang].result;
  return purpose === 'prepaid_recharge' ? t.rechargeAmount : purpose === 'postpaid_bill' ? t.billAmount : t.feeAmount;
}

function chargedPanel(charge: GatewayCharge, purpose: PortalPayment['purpose'], lang: Locale): SafeHtml {
  const t = PORTAL_TEXTS[lang].result;
  const paidFor = amountLabel(purpose, lang);
  const { amounts } = charge;
  const row = (label: string, amount: string) => html`<tr><th scope="row">${label}</th><td class="num">${money(amount, lang)}</td></tr>`;
  const optional = (label: string, amount: string) => (amount === '0.00' ? '' : row(label, amount));
  const recharge = charge.recharge
    ? html`<div class="recharge-token">
${fieldList([
  [t.rechargeToken, html`<span class="token" data-recharge-token>${digits(charge.recharge.tokenGrouped, lang)}</span>`],
  [t.energy, t.energyKwh(digits(charge.recharge.energyKwh, lang))],
])}
<p class="hint">${t.tokenNote}</p>
</div>`
    : '';
  return html`<section class="portal-panel" aria-labelledby="charged-heading">
<h2 id="charged-heading">${t.chargedSection}</h2>
${recharge}
<table class="portal-table charged">
<tbody>
${row(paidFor, amounts.billAmount)}
${optional(t.lateFee, amounts.lateFee)}
${row(t.serviceCharge, amounts.serviceCharge)}
${row(t.convenienceFee, amounts.convenienceFee)}
${optional(t.discount, amounts.discount)}
</tbody>
<tfoot>${row(t.total, amounts.total)}</tfoot>
</table>
${fieldList([
  [t.method, `${named(charge.method, lang)} (${named(charge.gateway, lang)})`],
  [t.instrument, digits(charge.instrument, lang)],
])}
</section>`;
}

export function renderResult(page: ResultPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].result;
  const { payment, charge } = page;
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
  [t.trackingNo, payment.trackingNumber ? html`<span class="tracking" data-tracking-number>${digits(payment.trackingNumber, lang)}</span>` : null],
  [t.paidAt, payment.paidAt ? digits(formatDhakaDateTime(new Date(payment.paidAt)), lang) : null],
  [t.reference, html`<span class="code">${payment.reference}</span>`],
  [t.paymentId, html`<span class="code opaque">${payment.paymentId}</span>`],
  [amountLabel(payment.purpose, lang), charge ? null : money(payment.amount, lang)],
  [t.lateFee, charge || payment.lateFee === '0.00' ? null : money(payment.lateFee, lang)],
])}
${links}
<p><a href="${withLang(page.back.href, lang)}">${page.back.label}</a></p>
</section>
${charge ? chargedPanel(charge, payment.purpose, lang) : ''}`;
  return portalPage({ lang, title, path, body });
}
