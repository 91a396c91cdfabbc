/** The dashboard: the demo consumer accounts, prepaid recharge and new connection. */
import type { AccountFixture, MerchantFixture } from '../../../domain/fixtures-schema.js';
import { html } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { digits, shortName, withLang } from './format.js';
import { panel, portalPage } from './layout.js';

export interface HomeAccount {
  account: AccountFixture;
  merchant: MerchantFixture;
}

function accountLink(entry: HomeAccount, lang: Locale): string {
  const { account, merchant } = entry;
  return account.kind === 'prepaid'
    ? withLang(`/demo/recharge?meterNo=${encodeURIComponent(account.meterNo ?? '')}`, lang)
    : withLang(`/demo/${merchant.id}/accounts/${account.accountNo}/bills`, lang);
}

export function renderHome(accounts: readonly HomeAccount[], lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].home;
  const rows = accounts.map(
    (entry) => html`<tr>
<td data-label="${t.utility}">${shortName(entry.merchant, lang)}</td>
<td class="code" data-label="${t.accountNo}">${digits(entry.account.accountNo, lang)}</td>
<td data-label="${t.consumer}">${entry.account.consumerName}</td>
<td data-label="${t.kind}">${entry.account.kind === 'prepaid' ? t.prepaid : t.postpaid}</td>
<td data-label=""><a class="button small" href="${accountLink(entry, lang)}">${entry.account.kind === 'prepaid' ? t.recharge : t.billInformation}</a></td>
</tr>`,
  );
  const body = html`<h1>${t.title}</h1>
${panel(
  t.billingAccounts,
  html`<p class="hint">${t.billingAccountsHint}</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="${t.billingAccounts}">
<table class="portal-table stack-on-phone">
<thead><tr><th scope="col">${t.utility}</th><th scope="col">${t.accountNo}</th><th scope="col">${t.consumer}</th><th scope="col">${t.kind}</th><th scope="col"><span class="visually-hidden">${t.billInformation}</span></th></tr></thead>
<tbody>${rows}</tbody>
</table>
</div>`,
)}
<div class="portal-grid">
${panel(t.recharge, html`<p>${t.rechargeHint}</p><p><a class="button" href="${withLang('/demo/recharge', lang)}">${t.recharge}</a></p>`)}
${panel(t.newConnection, html`<p>${t.newConnectionHint}</p><p><a class="button" href="${withLang('/demo/new-connection', lang)}">${t.newConnection}</a></p>`)}
</div>`;
  return portalPage({ lang, title: t.title, path, body });
}
