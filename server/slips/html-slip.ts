/**
 * The printable HTML slip: every field of the slip, the QR code of its verify address (with the
 * slip's token), a print button, a link to the PDF and one to the other language (both keep the token). In `bn`, Bangla labels and Bangla digits (opaque ids such as the
 * payment id stay as issued, since they are codes, not numbers).
 */
import { fieldList, html, renderPage, type Field, type Locale } from '../pages/html.js';
import { BANGLA_FONT_CSS_URL, SLIP_SCRIPT_URL } from '../pages/assets/urls.js';
import {
  formatBillMonth,
  formatPaidAt,
  localizeAmount,
  localizeDigits,
  merchantNameIn,
  purposeLabel,
  SLIP_LABELS,
  slipRechargeFields,
  slipRefundRows,
} from './labels.js';
import { qrSvg } from './qr.js';
import { CHARGE_ROWS, type Slip, type SlipAmounts } from './slip.js';

export interface SlipRenderOptions {
  locale: Locale;
}

/** A slip URL in a language: its query (the token) kept, `lang` set. */
function withLang(url: string, locale: Locale): string {
  const localized = new URL(url);
  localized.searchParams.set('lang', locale);
  return localized.href;
}

/**
 * The rows of the slip's bill and payment sections, label and value as the slip prints them (rows
 * with no value are left out by fieldList). The verify page's full match shows the same rows.
 */
export function slipSectionFields(slip: Slip, locale: Locale): { bill: Field[]; payment: Field[] } {
  const t = SLIP_LABELS[locale];
  const code = (text: string) => html`<span class="code">${text}</span>`;
  const numeric = (text: string | null) => text !== null && code(localizeDigits(text, locale));
  return {
    bill: [
      [t.merchant, merchantNameIn(slip, locale)],
      [t.purpose, purposeLabel(slip.purpose, locale)],
      [t.customerName, slip.customerName],
      [t.reference, code(slip.reference)],
      [t.accountNo, numeric(slip.accountNo)],
      [t.billNo, numeric(slip.billNo)],
      [t.meterNo, numeric(slip.meterNo)],
      [t.billMonth, slip.billMonth !== null && formatBillMonth(slip.billMonth, locale)],
    ],
    payment: [
      [t.trackingNumber, numeric(slip.trackingNumber)],
      [t.paidAt, formatPaidAt(slip.paidAtDhaka, locale)],
      [t.method, locale === 'bn' ? slip.method.bnName : slip.method.name],
      [t.gateway, locale === 'bn' ? slip.gateway.bnName : slip.gateway.name],
      [t.instrument, localizeDigits(slip.instrument, locale)],
      [t.paymentId, code(slip.paymentId)],
      [t.gatewayTransactionId, code(slip.gatewayTransactionId)],
    ],
  };
}

export function renderSlipHtml(slip: Slip, { locale }: SlipRenderOptions): string {
  const t = SLIP_LABELS[locale];
  const digits = (text: string): string => localizeDigits(text, locale);
  const numeric = (text: string | null) => text !== null && html`<span class="code">${digits(text)}</span>`;
  const sections = slipSectionFields(slip, locale);
  const bill = fieldList(sections.bill);
  const payment = fieldList(sections.payment);

  const amountRow = (key: keyof SlipAmounts) =>
    html`<tr><th scope="row">${t.amounts[key]}</th><td class="amount">${localizeAmount(slip.amounts[key], locale)}</td></tr>`;

  const other: Locale = locale === 'bn' ? 'en' : 'bn';
  const refundRows = slipRefundRows(slip, locale);
  const refunds =
    refundRows.length > 0 &&
    html`<section aria-labelledby="slip-refunds"><h2 id="slip-refunds">${t.refundsSection}</h2>
<table class="amounts refunds">
<thead><tr><td></td><th scope="col">${t.amountColumn}</th></tr></thead>
<tbody>${refundRows.map((row) => html`<tr><th scope="row">${row.label}</th><td class="amount">${row.amount}</td></tr>`)}</tbody>
<tfoot><tr><th scope="row">${t.amountRefunded}</th><td class="amount">${localizeAmount(slip.amountRefunded ?? '0.00', locale)}</td></tr></tfoot>
</table></section>`;

  const rechargeFields = slipRechargeFields(slip, locale);
  const recharge =
    rechargeFields.length > 0 &&
    html`<section class="recharge" aria-labelledby="slip-recharge"><h2 id="slip-recharge">${t.rechargeSection}</h2>
${fieldList(rechargeFields.map(([label, value], index) => [label, index === 0 ? html`<span class="token" data-recharge-token>${value}</span>` : value]))}
<p class="hint">${t.tokenSimulated}</p></section>`;

  const body = html`<main class="sheet slip">
<header class="sheet-header">
<h1>${t.slip}</h1>
<p class="merchant-name">${merchantNameIn(slip, locale)}</p>
<p class="tracking">${t.trackingNumber}: ${numeric(slip.trackingNumber)}</p>
</header>
<section aria-labelledby="slip-bill"><h2 id="slip-bill">${t.billSection}</h2>${bill}</section>
<section aria-labelledby="slip-amounts"><h2 id="slip-amounts">${t.amountsSection}</h2>
<table class="amounts">
<thead><tr><td></td><th scope="col">${t.amountColumn}</th></tr></thead>
<tbody>${CHARGE_ROWS.map(amountRow)}</tbody>
<tfoot>${amountRow('total')}</tfoot>
</table></section>
<section aria-labelledby="slip-payment"><h2 id="slip-payment">${t.paymentSection}</h2>${payment}</section>
${recharge}
${refunds}
<section class="verify" aria-labelledby="slip-verify"><h2 id="slip-verify">${t.verifyHeading}</h2>
${qrSvg(slip.verifyUrl, t.qrLabel)}
<p>${t.verifyHint} <a href="${slip.verifyUrl}">${slip.verifyUrl}</a></p>
</section>
<footer><p class="issuer">${t.issuedBy}</p>
<nav class="actions no-print">
<button type="button" data-action="print">${t.print}</button>
<a href="${locale === 'bn' ? withLang(slip.pdfUrl, 'bn') : slip.pdfUrl}" download>${t.downloadPdf}</a>
<a href="?${new URL(withLang(slip.htmlUrl, other)).searchParams.toString()}" lang="${other}">${t.otherLanguage}</a>
</nav></footer>
</main>`;

  return renderPage({
    title: `${t.slip} ${digits(slip.trackingNumber)}`,
    lang: locale,
    body,
    scripts: [SLIP_SCRIPT_URL],
    styles: [BANGLA_FONT_CSS_URL],
  });
}
