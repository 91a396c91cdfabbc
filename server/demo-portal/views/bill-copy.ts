/**
 * Seed 000's "View Bill Copy": the bill as the utility prints it, and the portal's "Payment Slip"
 * of a bill paid before the portal went online (the fixtures' history, paid at a bank counter, so
 * no gateway slip exists). Both are printable pages of the portal (print button, print styles).
 */
import { dhakaDate } from '../bill-check.js';
import type { AccountFixture, BillFixture, MerchantFixture } from '../../../domain/fixtures-schema.js';
import { SLIP_SCRIPT_URL } from '../../pages/assets/urls.js';
import { fieldList, html, type SafeHtml } from '../../pages/html.js';
import type { Named } from '../accounts.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { billPath } from './bills.js';
import { billMonthShort, digits, money, named, withLang } from './format.js';
import { panel, portalPage } from './layout.js';
import { notice } from './payment-check.js';

export interface BillCopyPage {
  merchant: MerchantFixture;
  account: AccountFixture;
  bill: BillFixture;
  division: Named | null;
  paid: boolean;
  latePaymentRate: string;
}

function printActions(page: Pick<BillCopyPage, 'merchant' | 'account'>, lang: Locale): SafeHtml {
  const t = PORTAL_TEXTS[lang].billCopy;
  return html`<div class="actions no-print">
<button type="button" class="button" data-action="print">${t.print}</button>
<a href="${withLang(`/demo/${page.merchant.id}/accounts/${page.account.accountNo}/bills`, lang)}">${t.back}</a>
</div>`;
}

export function renderBillCopy(page: BillCopyPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang];
  const { account, bill } = page;
  const consumer = fieldList([
    [t.bills.accountName, account.consumerName],
    [t.bills.accountNo, digits(account.accountNo, lang)],
    [t.bills.address, account.address],
    [t.bills.division, page.division ? named(page.division, lang) : null],
    [t.bills.tariff, account.tariff],
    [t.bills.load, digits(account.loadKw, lang)],
  ]);
  const billFields = fieldList([
    [t.bills.billMonth, billMonthShort(bill.billMonth, lang)],
    [t.bills.billNo, html`<span class="code">${digits(bill.billNo, lang)}</span>`],
    [t.bills.units, digits(bill.unitsKwh, lang)],
    [t.bills.amount, money(bill.amount, lang)],
    [t.bills.lastDate, digits(bill.lastDateOfPayment, lang)],
    [t.bills.status, html`<span class="badge ${page.paid ? 'paid' : 'unpaid'}">${page.paid ? t.bills.paid : t.bills.unpaid}</span>`],
  ]);
  const payLink = page.paid
    ? ''
    : html`<p class="no-print"><a class="button" href="${billPath(page, bill.billNo, 'pay', lang)}">${t.bills.payOnline}</a></p>`;
  const body = html`<h1>${t.billCopy.title}</h1>
<p class="subtitle">${named(page.merchant, lang)}</p>
${panel(t.billCopy.consumerSection, consumer)}
${panel(t.billCopy.billSection, html`${billFields}<p class="hint">${t.billCopy.lateNote(digits(page.latePaymentRate, lang))}</p>${payLink}`)}
${printActions(page, lang)}`;
  return portalPage({ lang, title: `${t.billCopy.title} ${digits(bill.billNo, lang)}`, path, body, scripts: [SLIP_SCRIPT_URL] });
}

export interface EarlierPaymentSlipPage {
  merchant: MerchantFixture;
  account: AccountFixture;
  bill: BillFixture;
  paidAt: string;
}

export function renderEarlierPaymentSlip(page: EarlierPaymentSlipPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang];
  const { account, bill } = page;
  const fields = fieldList([
    [t.bills.accountName, account.consumerName],
    [t.bills.accountNo, digits(account.accountNo, lang)],
    [t.bills.billMonth, billMonthShort(bill.billMonth, lang)],
    [t.bills.billNo, html`<span class="code">${digits(bill.billNo, lang)}</span>`],
    [t.earlierSlip.amountPaid, money(bill.amount, lang)],
    [t.earlierSlip.paymentDate, digits(dhakaDate(new Date(page.paidAt)), lang)],
    [t.earlierSlip.paidThrough, t.earlierSlip.otherChannel],
  ]);
  const body = html`<h1>${t.earlierSlip.title}</h1>
<p class="subtitle">${named(page.merchant, lang)}</p>
<section class="portal-panel">
${notice(t.earlierSlip.hint, 'good')}
${fields}
<p class="hint">${t.earlierSlip.noTracking}</p>
</section>
${printActions(page, lang)}`;
  return portalPage({ lang, title: `${t.earlierSlip.title} ${digits(bill.billNo, lang)}`, path, body, scripts: [SLIP_SCRIPT_URL] });
}
