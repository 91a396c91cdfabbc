/** One new-connection application: the applicant, and each meter with its two fees and where they stand. */
import type { MerchantFixture } from '../../../domain/fixtures-schema.js';
import { fieldList, html, type SafeHtml } from '../../pages/html.js';
import type { Application, ApplicationMeter } from '../application-store.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import type { FeeKind } from '../new-connection.js';
import type { PortalPayment } from '../store.js';
import { digits, gatewayPageIn, money, named, withLang } from './format.js';
import { panel, portalPage } from './layout.js';
import { applicationNumber, phaseName } from './new-connection.js';

/** Where one fee of one meter stands. */
export type FeeStanding =
  | { kind: 'paid'; payment: PortalPayment }
  | { kind: 'payable' }
  /** A demand note before its meter's application fee is paid. */
  | { kind: 'not_issued' };

export interface ApplicationPage {
  application: Application;
  merchant: MerchantFixture;
  officeLabel: string;
  feeStanding(meter: ApplicationMeter, kind: FeeKind): FeeStanding;
}

function feeCell(page: ApplicationPage, meter: ApplicationMeter, kind: FeeKind, lang: Locale): SafeHtml {
  const t = PORTAL_TEXTS[lang];
  const amount = kind === 'application_fee' ? meter.applicationFee : meter.demandNote;
  const standing = page.feeStanding(meter, kind);
  const action = (() => {
    switch (standing.kind) {
      case 'paid':
        return html`<span class="badge paid">${t.status.paid}</span>
${standing.payment.slip ? html`<a class="button small secondary" href="${gatewayPageIn(standing.payment.slip.htmlUrl, lang)}">${t.bills.paymentSlip}</a>` : ''}
<br><span class="hint">${t.newConnection.trackingNo}:</span> <span class="tracking">${standing.payment.trackingNumber ?? ''}</span>`;
      case 'payable': {
        const href = withLang(`/demo/new-connection/${page.application.id}/meters/${meter.meterSerial}/${kind}/pay`, lang);
        return html`<span class="badge unpaid">${t.status.unpaid}</span> <a class="button small" href="${href}">${t.bills.payOnline}</a>`;
      }
      case 'not_issued':
        return html`<span class="hint">${t.newConnection.afterApplicationFee}</span>`;
    }
  })();
  const label = kind === 'application_fee' ? t.newConnection.applicationFee : t.newConnection.demandNote;
  return html`<td data-label="${label}"><div><span class="num">${money(amount, lang)}</span><br>${action}</div></td>`;
}

export function renderApplication(page: ApplicationPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].newConnection;
  const { application } = page;
  const title = `${t.applicationNo} ${digits(applicationNumber(application.id), lang)}`;
  const rows = application.meters.map(
    (meter) => html`<tr>
<th scope="row">${t.meter} ${digits(meter.meterSerial, lang)}</th>
<td data-label="${t.phase}">${phaseName(meter.phases, lang)}</td>
<td class="num" data-label="${t.loadKw}">${digits(meter.loadKw, lang)}</td>
${feeCell(page, meter, 'application_fee', lang)}
${feeCell(page, meter, 'demand_note', lang)}
</tr>`,
  );
  const body = html`<h1>${title}</h1>
${panel(
  t.applicantDetails,
  fieldList([
    [t.applicantName, application.applicantName],
    [t.mobile, digits(application.mobile, lang)],
    [PORTAL_TEXTS[lang].home.utility, named(page.merchant, lang)],
    [t.office, page.officeLabel],
  ]),
)}
${panel(
  t.meters,
  html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="meters-heading">
<table class="portal-table fees stack-on-phone">
<thead><tr><th scope="col">${t.meter}</th><th scope="col">${t.phase}</th><th scope="col" class="num">${t.loadKw}</th><th scope="col">${t.applicationFee}</th><th scope="col">${t.demandNote}</th></tr></thead>
<tbody>${rows}</tbody>
</table>
</div>`,
  'meters-heading',
)}`;
  return portalPage({ lang, title, path, body });
}

