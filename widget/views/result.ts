import { html, nothing, type TemplateResult } from 'lit';
import type { Localization } from '../i18n/index.js';
import type { PaymentStatus, Slip } from '../session-view.js';
import { definitionRows } from './summary.js';

export type EndStatus = Extract<PaymentStatus, 'succeeded' | 'failed' | 'cancelled' | 'expired'>;

export interface ResultProps {
  status: EndStatus;
  slip: Slip | null;
  returnUrl: string | null;
  /** In the widget's language: "Return to DESCO". */
  merchantName: string;
  l: Localization;
  /** Turns a server-relative URL of the slip (pdfUrl) into one the browser can open. */
  resolveUrl(url: string): string;
  onPrint(): void;
}

/** The server renders its printable and PDF slips in the widget's language when asked (`?lang=bn`). */
function withLang(url: string, locale: string): string {
  const localized = new URL(url);
  localized.searchParams.set('lang', locale);
  return localized.href;
}

function renderSlip(slip: Slip, l: Localization, resolveUrl: ResultProps['resolveUrl'], onPrint: () => void) {
  const { t, digits, money } = l;
  const { amounts } = slip;
  return html`
    <section class="slip" part="slip" aria-labelledby="slip-title">
      <h3 id="slip-title" part="slip-title">${t.slip.heading}</h3>
      <dl>
        ${definitionRows([
          [t.slip.trackingNumber, digits(slip.trackingNumber), 'wide'],
          [t.slip.transactionId, slip.gatewayTransactionId, 'wide'],
          [t.summary.merchant, l.name(slip.merchant), 'wide'],
          [t.summary.customerName, slip.customerName],
          [t.summary.accountNo, slip.accountNo && digits(slip.accountNo), 'id'],
          [t.summary.billNo, slip.billNo && digits(slip.billNo), 'id'],
          [t.summary.meterNo, slip.meterNo && digits(slip.meterNo), 'id'],
          [t.slip.method, l.name(slip.method)],
          [t.slip.gateway, l.name(slip.gateway)],
          [t.slip.instrument, slip.instrument],
          [l.baseAmountLabel(slip.purpose), money(amounts.billAmount)],
          [t.summary.lateFee, amounts.lateFee === '0.00' ? null : money(amounts.lateFee)],
          [t.table.serviceCharge, money(amounts.serviceCharge)],
          [t.table.convenienceFee, money(amounts.convenienceFee)],
          [t.table.discount, amounts.discount === '0.00' ? null : money(amounts.discount)],
          [t.table.total, money(amounts.total)],
          [t.slip.paidAt, digits(slip.paidAtDhaka)],
        ])}
      </dl>
      <div class="actions" part="slip-actions">
        <button type="button" class="primary" part="print-button" @click=${onPrint}>${t.slip.print}</button>
        ${slip.htmlUrl
          ? html`<a part="slip-link" href=${withLang(resolveUrl(slip.htmlUrl), l.locale)} target="_blank" rel="noopener"
              >${t.slip.printable}</a
            >`
          : nothing}
        ${slip.pdfUrl
          ? html`<a part="pdf-link" href=${withLang(resolveUrl(slip.pdfUrl), l.locale)} target="_blank" rel="noopener">${t.slip.pdf}</a>`
          : nothing}
      </div>
    </section>
  `;
}

/** Heading and explanation of each way a payment ends. */
export function resultTexts(status: EndStatus, l: Localization): { title: string; body: string | null } {
  const { result } = l.t;
  return {
    succeeded: { title: result.successTitle, body: null },
    failed: { title: result.failedTitle, body: result.failedBody },
    cancelled: { title: result.cancelledTitle, body: result.cancelledBody },
    expired: { title: result.expiredTitle, body: result.expiredBody },
  }[status];
}

/** The end of the flow: success with the payment slip, or failed / cancelled / expired. */
export function renderResult(props: ResultProps): TemplateResult {
  const { status, slip, returnUrl, merchantName, l, resolveUrl, onPrint } = props;
  const { title, body } = resultTexts(status, l);
  return html`
    <section class=${`result ${status}`} part=${`result result-${status}`} aria-labelledby="result-title">
      <h2 id="result-title" part="result-title" tabindex="-1">${title}</h2>
      ${body ? html`<p>${body}</p>` : nothing}
      ${status === 'succeeded' && slip ? renderSlip(slip, l, resolveUrl, onPrint) : nothing}
      ${returnUrl
        ? html`<p class="actions"><a class="primary" part="return-link" href=${returnUrl}>${l.t.result.returnToMerchant(merchantName)}</a></p>`
        : nothing}
    </section>
  `;
}
