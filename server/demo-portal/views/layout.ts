/**
 * The portal's page frame around the gateway pages' layout (server/pages/html.ts): a utility
 * portal's header with its navigation and the language toggle, the content, and a footer saying
 * that this is a simulator. No inline script or style: the CSP stays strict.
 */
import { BANGLA_FONT_CSS_URL } from '../../pages/assets/urls.js';
import { html, renderPage, type SafeHtml } from '../../pages/html.js';
import { PORTAL_CSS_URL } from '../assets.js';
import { PORTAL_TEXTS, type Locale } from '../i18n.js';
import { withLang } from './format.js';

export interface PortalPageOptions {
  lang: Locale;
  title: string;
  /** The address of this page (path and query), for the language toggle. */
  path: string;
  body: SafeHtml;
  scripts?: readonly string[];
}

export function portalPage({ lang, title, path, body, scripts }: PortalPageOptions): string {
  const t = PORTAL_TEXTS[lang];
  const other: Locale = lang === 'bn' ? 'en' : 'bn';
  const frame = html`<header class="portal-header">
<div class="portal-bar">
<a class="portal-brand" href="${withLang('/', lang)}"><span class="portal-logo" aria-hidden="true">&#x26A1;</span> ${t.portalName}</a>
<nav class="portal-nav" aria-label="${t.nav.main}">
<a href="${withLang('/', lang)}">${t.nav.home}</a>
<a href="${withLang('/demo/recharge', lang)}">${t.nav.recharge}</a>
<a href="${withLang('/demo/new-connection', lang)}">${t.nav.newConnection}</a>
</nav>
<a class="portal-lang" href="${withLang(path, other)}" lang="${other}" hreflang="${other}" aria-label="${t.otherLanguageLabel}">${t.otherLanguage}</a>
</div>
</header>
<main class="portal-main" id="main">
${body}
</main>
<footer class="portal-footer"><p>${t.portalTagline}</p></footer>`;
  return renderPage({ title: `${title} · ${t.portalName}`, lang, body: frame, scripts, styles: [BANGLA_FONT_CSS_URL, PORTAL_CSS_URL] });
}

/**
 * A titled card of the page, the portal's unit of content. `headingId` lets a scrollable table
 * inside be named by the heading (the card itself stays an unnamed section, not a landmark).
 */
export function panel(heading: string, content: SafeHtml, headingId?: string): SafeHtml {
  return html`<section class="portal-panel">
<h2${headingId ? html` id="${headingId}"` : ''}>${heading}</h2>
${content}
</section>`;
}
