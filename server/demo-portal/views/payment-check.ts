/**
 * The check step before paying (seed 000 step 7 for bills, seed 001's fee detail page for
 * new-connection fees): what will be paid, then "Next" (the checkout embedded in the portal) or
 * "Pay on the gateway page" (the hosted checkout). Both post the same form; the server computes
 * the amounts again and refuses to go on if they changed since this page was shown.
 */
import { fieldList, html, type Field, type SafeHtml } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { withLang } from './format.js';
import { portalPage } from './layout.js';

export interface PaymentCheckPage {
  title: string;
  hint: string;
  fields: readonly Field[];
  /** Notes above the buttons (late charge applies, amounts changed, already paid). */
  notices: readonly SafeHtml[];
  /** Where the form posts (without the language). */
  action: string;
  /** The total shown, posted back so a change is noticed. */
  expectedTotal: string;
  /** False when there is nothing to pay (already paid): no buttons. */
  payable: boolean;
  /** The first button's words: "Next" (seed 000's bill check) unless given ("Pay Online", seed 001). */
  payLabel?: string;
}

export function payButtons(lang: Locale, payLabel = PORTAL_TEXTS[lang].check.next): SafeHtml {
  const t = PORTAL_TEXTS[lang].check;
  return html`<div class="actions">
<button type="submit" class="button" name="mode" value="embedded">${payLabel}</button>
<button type="submit" class="button secondary" name="mode" value="redirect">${t.payOnGateway}</button>
</div>`;
}

export function renderPaymentCheck(page: PaymentCheckPage, lang: Locale, path: string): string {
  const form = page.payable
    ? html`<form method="post" action="${withLang(page.action, lang)}">
<input type="hidden" name="expectedTotal" value="${page.expectedTotal}">
${payButtons(lang, page.payLabel)}
</form>`
    : '';
  const body = html`<h1>${page.title}</h1>
<section class="portal-panel">
<p class="hint">${page.hint}</p>
${fieldList(page.fields)}
${page.notices}
${form}
</section>`;
  return portalPage({ lang, title: page.title, path, body });
}

export function notice(text: string, tone: 'warn' | 'good' | 'bad' = 'warn'): SafeHtml {
  const role = tone === 'bad' ? 'alert' : 'status';
  return html`<p class="notice ${tone === 'warn' ? '' : tone}" role="${role}">${text}</p>`;
}

export interface ProceedPage {
  title: string;
  text: string;
  /** Where OK posts (without the language), with the fields the check page posted. */
  action: string;
  expectedTotal: string;
  mode: string;
  /** Where Cancel goes back to. */
  back: string;
}

/**
 * Seed 001, step 4: "Proceed to the payment gateway by clicking on OK". A page of its own rather
 * than a script's confirm(), so it works without JavaScript and a screen reader reads it as a page.
 */
export function renderProceedToGateway(page: ProceedPage, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].newConnection;
  const body = html`<h1>${page.title}</h1>
<section class="portal-panel proceed">
<p>${page.text}</p>
<form method="post" action="${withLang(page.action, lang)}">
<input type="hidden" name="expectedTotal" value="${page.expectedTotal}">
<input type="hidden" name="mode" value="${page.mode}">
<div class="actions">
<button type="submit" class="button" name="proceed" value="ok">${t.ok}</button>
<a class="button secondary" href="${withLang(page.back, lang)}">${t.cancel}</a>
</div>
</form>
</section>`;
  return portalPage({ lang, title: page.title, path, body });
}
