/**
 * Prepaid recharge: the meter number is decoded as it is checked (utility, manufacturer, meter
 * type, serial: seed 002), codec errors show next to the field, then an amount and the two ways
 * to pay. "Check meter" is a GET of the same form, so it works without any script.
 */
import type { MeterNumber } from '../../../domain/identifiers/index.js';
import { fieldList, html } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { textField } from './fields.js';
import { digits, named, shortName, withLang } from './format.js';
import { panel, portalPage } from './layout.js';
import { payButtons } from './payment-check.js';

export interface DemoMeter {
  meterNo: string;
  consumerName: string;
  merchant: { shortName: string; bnShortName: string };
}

export interface RechargePage {
  meterInput: string;
  meter: MeterNumber | null;
  meterError: string | null;
  consumerName: string | null;
  amountInput: string;
  amountError: string | null;
  demoMeters: readonly DemoMeter[];
}

export function renderRecharge(page: RechargePage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].recharge;
  const meter = page.meter;
  const decoded = meter
    ? html`<div class="decoded" role="status">${fieldList([
        [t.meter, digits(meter.value, lang)],
        [t.utility, named(meter.utility, lang)],
        [t.manufacturer, named(meter.manufacturer, lang)],
        [t.meterType, named(meter.meterType, lang)],
        [t.serial, digits(meter.serial, lang)],
        [t.consumer, page.consumerName],
      ])}</div>`
    : '';
  const demoMeters = page.demoMeters.map(
    (m) => html`<li><a href="${withLang(`/demo/recharge?meterNo=${m.meterNo}`, lang)}">${digits(m.meterNo, lang)}</a> (${shortName(m.merchant, lang)}, ${m.consumerName})</li>`,
  );
  const body = html`<h1>${t.title}</h1>
<section class="portal-panel">
<form method="post" action="${withLang('/demo/recharge', lang)}" novalidate>
${lang === 'bn' ? html`<input type="hidden" name="lang" value="bn">` : ''}
<div class="form-grid">
${textField({ name: 'meterNo', label: t.meterNo, value: page.meterInput, hint: t.meterHint, error: page.meterError, inputMode: 'numeric', required: true })}
${textField({ name: 'amount', label: t.amount, value: page.amountInput, hint: t.amountHint, error: page.amountError, inputMode: 'decimal', required: true })}
</div>
<div class="actions"><button type="submit" class="button secondary" formmethod="get" formaction="/demo/recharge">${t.check}</button></div>
${decoded}
${payButtons(lang)}
</form>
</section>
${panel(t.demoMeters, html`<ul>${demoMeters}</ul>`)}`;
  return portalPage({ lang, title: t.title, path, body });
}
