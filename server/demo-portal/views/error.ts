/** The portal's error page: what went wrong in words, and the way back to the dashboard. */
import { html } from '../../pages/html.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { withLang } from './format.js';
import { portalPage } from './layout.js';

export function renderError(title: string, message: string, lang: Locale, path: string): string {
  const t = PORTAL_TEXTS[lang].errors;
  const body = html`<h1>${title}</h1>
<section class="portal-panel">
<p role="alert">${message}</p>
<p><a class="button" href="${withLang('/', lang)}">${t.home}</a></p>
</section>`;
  return portalPage({ lang, title, path, body });
}
