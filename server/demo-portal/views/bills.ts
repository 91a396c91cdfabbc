/** Seed 000, step 6: "Post Paid All Bill Information": the account, then its bills with Pay Online or Payment Slip. */
import type { AccountFixture, MerchantFixture } from '../../../domain/fixtures-schema.js';
import { fieldList, html, type SafeHtml } from '../../pages/html.js';
import type { BillRow, Named } from '../accounts.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { billMonthShort, digits, gatewayPageIn, money, named, withLang } from './format.js';
import { panel, portalPage } from './layout.js';

export interface BillsPage {
  merchant: MerchantFixture;
  account: AccountFixture;
  division: Named | null;
  rows: readonly BillRow[];
}

/** Where a bill's own pages are: its copy, its check-and-pay page, the portal's slip of an earlier payment. */
export function billPath(page: Pick<BillsPage, 'merchant' | 'account'>, billNo: string, leaf: 'copy' | 'pay' | 'slip', lang: Locale): string {
  return withLang(`/demo/${page.merchant.id}/accounts/${page.account.accountNo}/bills/${billNo}/${leaf}`, lang);
}

/** Seed 000: "Pay Online" for an unpaid bill, "Payment Slip" for every paid one, whoever took the payment. */
function paymentCell(row: BillRow, page: BillsPage, lang: Locale): SafeHtml {
  const t = PORTAL_TEXTS[lang].bills;
  const { standing } = row;
  switch (standing.kind) {
    case 'paid':
      return standing.payment.slip
        ? html`<a class="button small secondary" href="${gatewayPageIn(standing.payment.slip.htmlUrl, lang)}">${t.paymentSlip}</a>`
        : html`${t.paid}`;
    case 'paid_earlier':
      return html`<a class="button small secondary" href="${billPath(page, row.bill.billNo, 'slip', lang)}">${t.paymentSlip}</a>`;
    case 'unpaid':
      return html`<a class="button small" href="${billPath(page, row.bill.billNo, 'pay', lang)}">${t.payOnline}</a>`;
  }
}

export function renderBills(page: BillsPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].bills;
  const { account } = page;
  const info = fieldList([
    [t.accountName, account.consumerName],
    [t.division, page.division ? named(page.division, lang) : null],
    [t.address, account.address],
    [t.accountNo, digits(account.accountNo, lang)],
    [t.load, digits(account.loadKw, lang)],
    [t.tariff, account.tariff],
  ]);
  const rows = page.rows.map((row) => {
    const paid = row.standing.kind !== 'unpaid';
    // data-label names the column when a phone stacks each row into a card (assets.ts).
    return html`<tr>
<td class="num" data-label="${t.sl}">${digits(row.serial, lang)}</td>
<td data-label="${t.billMonth}">${billMonthShort(row.bill.billMonth, lang)}</td>
<td class="code" data-label="${t.billNo}">${digits(row.bill.billNo, lang)}</td>
<td class="num" data-label="${t.units}">${digits(row.bill.unitsKwh, lang)}</td>
<td class="num" data-label="${t.amount}">${money(row.bill.amount, lang)}</td>
<td class="nowrap" data-label="${t.lastDate}">${digits(row.bill.lastDateOfPayment, lang)}</td>
<td class="nowrap" data-label="${t.viewBillCopy}"><a href="${billPath(page, row.bill.billNo, 'copy', lang)}" aria-label="${t.billCopy} ${digits(row.bill.billNo, lang)}">${t.billCopy}</a></td>
<td data-label="${t.status}"><span class="badge ${paid ? 'paid' : 'unpaid'}">${paid ? t.paid : t.unpaid}</span></td>
<td data-label="${t.billPayment}">${paymentCell(row, page, lang)}</td>
</tr>`;
  });
  const table =
    page.rows.length === 0
      ? html`<p>${t.noBills}</p>`
      : html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="bills-heading">
<table class="portal-table bills stack-on-phone">
<thead><tr>
<th scope="col">${t.sl}</th><th scope="col">${t.billMonth}</th><th scope="col">${t.billNo}</th><th scope="col" class="num">${t.units}</th>
<th scope="col" class="num">${t.amount}</th><th scope="col">${t.lastDate}</th><th scope="col">${t.viewBillCopy}</th><th scope="col">${t.status}</th><th scope="col">${t.billPayment}</th>
</tr></thead>
<tbody>${rows}</tbody>
</table>
</div>`;
  const body = html`<h1>${t.title}</h1>
<p class="subtitle">${named(page.merchant, lang)}</p>
${panel(t.accountInformation, info)}
${panel(t.listOfBills, table, 'bills-heading')}`;
  return portalPage({ lang, title: t.title, path, body });
}
