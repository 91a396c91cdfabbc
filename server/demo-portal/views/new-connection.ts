/** Seed 001: the new-connection applications and the application form (one application: application.ts). */
import type { DomainError } from '../../../domain/errors.js';
import type { MerchantFixture } from '../../../domain/fixtures-schema.js';
import { MAX_METERS_PER_APPLICATION } from '../../../domain/tracking-number.js';
import { html, type SafeHtml } from '../../pages/html.js';
import { fieldErrorText, PORTAL_TEXTS, type Locale } from '../i18n.js';
import type { ApplicationForm, FeeKind, OfficeChoice } from '../new-connection.js';
import type { Application } from '../application-store.js';
import { selectField, textField } from './fields.js';
import { digits, named, shortName, withLang } from './format.js';
import { panel, portalPage } from './layout.js';

/** "000007": how the portal writes an application number. */
export function applicationNumber(id: number): string {
  return String(id).padStart(6, '0');
}

export function feeName(kind: FeeKind, lang: Locale): string {
  const t = PORTAL_TEXTS[lang].newConnection;
  return kind === 'application_fee' ? t.applicationFee : t.demandNote;
}

export function phaseName(phases: 1 | 3, lang: Locale): string {
  const t = PORTAL_TEXTS[lang].newConnection;
  return phases === 1 ? t.singlePhase : t.threePhase;
}

export interface ApplicationsPage {
  applications: readonly Application[];
  offices: readonly OfficeChoice[];
  merchants: readonly MerchantFixture[];
  form: ApplicationForm;
  errors: readonly DomainError[];
}

/** "Sales & Distribution Division-4, Khulna (104)". */
export function officeLabel(offices: readonly OfficeChoice[], merchantId: string, officeCode: string, lang: Locale): string {
  const office = offices.find((o) => o.merchantId === merchantId && o.officeCode === officeCode);
  return office ? `${named(office, lang)} (${digits(officeCode, lang)})` : digits(officeCode, lang);
}

function applicationForm(page: ApplicationsPage, lang: Locale): SafeHtml {
  const t = PORTAL_TEXTS[lang].newConnection;
  const errorOf = (field: string) => {
    const error = page.errors.find((e) => e.field === field);
    return error ? fieldErrorText(error, lang) : null;
  };
  const officeGroups = page.merchants.map((merchant) => ({
    group: shortName(merchant, lang),
    options: page.offices
      .filter((o) => o.merchantId === merchant.id)
      .map((o) => ({ value: o.key, label: `${named(o, lang)} (${digits(o.officeCode, lang)})` })),
  }));
  const meterRows = Array.from({ length: MAX_METERS_PER_APPLICATION }, (_, index) => {
    const row = index + 1;
    return html`<tr>
<th scope="row">${t.meter} ${digits(row, lang)}</th>
<td>${selectField({
      name: `phases${row}`,
      label: `${t.meter} ${digits(row, lang)}: ${t.phase}`,
      hiddenLabel: true,
      value: page.form[`phases${row}`] ?? '',
      options: [
        { value: '', label: t.noMeter },
        { value: '1', label: t.singlePhase },
        { value: '3', label: t.threePhase },
      ],
      error: errorOf(`phases${row}`),
    })}</td>
<td>${textField({
      name: `load${row}`,
      label: `${t.meter} ${digits(row, lang)}: ${t.loadKw}`,
      hiddenLabel: true,
      value: page.form[`load${row}`] ?? '',
      inputMode: 'decimal',
      error: errorOf(`load${row}`),
    })}</td>
</tr>`;
  });
  const metersError = errorOf('meters');
  return html`<form method="post" action="${withLang('/demo/new-connection', lang)}" novalidate>
<div class="form-grid">
${selectField({ name: 'office', label: t.office, value: page.form.office ?? '', options: [{ value: '', label: t.chooseOffice }, ...officeGroups], error: errorOf('office') })}
${textField({ name: 'applicantName', label: t.applicant, value: page.form.applicantName ?? '', error: errorOf('applicantName'), autocomplete: 'name', required: true })}
${textField({ name: 'mobile', label: t.mobile, value: page.form.mobile ?? '', error: errorOf('mobile'), inputMode: 'tel', autocomplete: 'tel', required: true })}
</div>
<div class="table-scroll" tabindex="0" role="region" aria-label="${t.meters}">
<table class="portal-table meters-form">
<caption>${t.meters}</caption>
<thead><tr><th scope="col">${t.meter}</th><th scope="col">${t.phase}</th><th scope="col">${t.loadKw}</th></tr></thead>
<tbody>${meterRows}</tbody>
</table>
</div>
${metersError ? html`<p class="field-error" role="alert">${metersError}</p>` : ''}
<p class="hint">${t.feeSchedule}</p>
<div class="actions"><button type="submit" class="button">${t.submit}</button></div>
</form>`;
}

export function renderApplications(page: ApplicationsPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].newConnection;
  const rows = page.applications.map(
    (a) => html`<tr>
<td class="code" data-label="${t.applicationNo}">${digits(applicationNumber(a.id), lang)}</td>
<td data-label="${t.applicant}">${a.applicantName}</td>
<td data-label="${t.office}">${officeLabel(page.offices, a.merchantId, a.officeCode, lang)}</td>
<td class="num" data-label="${t.meters}">${digits(a.meters.length, lang)}</td>
<td data-label=""><a class="button small" href="${withLang(`/demo/new-connection/${a.id}`, lang)}">${t.open}</a></td>
</tr>`,
  );
  const list =
    page.applications.length === 0
      ? html`<p>${t.noApplications}</p>`
      : html`<div class="table-scroll" tabindex="0" role="region" aria-labelledby="applications-heading">
<table class="portal-table stack-on-phone">
<thead><tr><th scope="col">${t.applicationNo}</th><th scope="col">${t.applicant}</th><th scope="col">${t.office}</th><th scope="col" class="num">${t.meters}</th><th scope="col"><span class="visually-hidden">${t.open}</span></th></tr></thead>
<tbody>${rows}</tbody>
</table>
</div>`;
  const body = html`<h1>${t.title}</h1>
<p class="hint">${t.intro}</p>
${panel(t.applications, list, 'applications-heading')}
${panel(t.newApplication, applicationForm(page, lang))}`;
  return portalPage({ lang, title: t.title, path, body });
}
