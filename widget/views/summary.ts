import { html, type TemplateResult } from 'lit';
import type { Localization } from '../i18n/index.js';
import type { SessionView } from '../session-view.js';

/**
 * Label/value rows of a definition list, skipping values the payment does not have. An `id`
 * (account, bill number) never breaks inside; a `wide` one (reference, tracking number) also
 * takes the whole width, as it is too long for a column of a phone.
 */
export function definitionRows(
  rows: ReadonlyArray<readonly [label: string, value: string | null | undefined, kind?: 'id' | 'wide']>,
): TemplateResult[] {
  return rows
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([label, value, kind = '']) => html`<div class=${`row ${kind}`}><dt>${label}</dt><dd>${value}</dd></div>`);
}

/** "2022-06" as "06/2022", the way the portal prints bill months. */
function billMonthForDisplay(billMonth: string | null): string | null {
  const match = billMonth ? /^(\d{4})-(\d{2})$/.exec(billMonth) : null;
  return match ? `${match[2]}/${match[1]}` : billMonth;
}

/** Who is being paid, on every screen. */
export function renderHeader(session: SessionView, l: Localization): TemplateResult {
  return html`<header class="header" part="header">
    <p class="merchant" part="merchant">${l.name(session.merchant)}</p>
    <p class="secure" part="secure-note">${l.t.secureCheckout}</p>
  </header>`;
}

/** The bill being paid, as the gateway page shows it above the methods. */
export function renderSummary(session: SessionView, l: Localization): TemplateResult {
  const { t, digits, money } = l;
  const { bill } = session;
  return html`
    <section class="summary" part="summary" aria-labelledby="summary-title">
      <h2 id="summary-title" class="visually-hidden">${t.summary.heading}</h2>
      <dl>
        ${definitionRows([
          [t.summary.purpose, t.purposes[bill.purpose] ?? bill.purpose],
          [t.summary.reference, bill.reference, 'wide'],
          [t.summary.customerName, bill.customerName],
          [t.summary.accountNo, bill.accountNo && digits(bill.accountNo), 'id'],
          [t.summary.billNo, bill.billNo && digits(bill.billNo), 'id'],
          [t.summary.meterNo, bill.meterNo && digits(bill.meterNo), 'id'],
          [t.summary.billMonth, digits(billMonthForDisplay(bill.billMonth) ?? '') || null],
          [l.baseAmountLabel(bill.purpose), money(bill.amount)],
          [t.summary.lateFee, bill.lateFee === '0.00' ? null : money(bill.lateFee)],
        ])}
      </dl>
    </section>
  `;
}
