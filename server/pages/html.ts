/**
 * Server-rendered HTML without a template engine. `html` escapes every interpolated value unless it
 * is itself an `html` result or wrapped in `raw()`, so text that came from a merchant or a customer
 * cannot turn into markup by accident: forgetting to escape is impossible, only opting out is
 * explicit.
 */
import escapeHtml from 'escape-html';
import { FAVICON_URL, PAGE_STYLESHEET_URL } from './assets/urls.js';

const SAFE = Symbol('SafeHtml');

/** Markup that may be emitted as is. Only `html` and `raw` make one. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly markup: string;
}

/** What `html` accepts between `${}`: `false`, `null` and `undefined` render nothing (for `${cond && html`…`}`). */
export type Interpolation =
  | SafeHtml
  | string
  | number
  | false
  | null
  | undefined
  | readonly Interpolation[];

function safe(markup: string): SafeHtml {
  return { [SAFE]: true, markup };
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

/** Trusted markup, emitted unescaped. Use only for markup this server generated itself (e.g. an SVG). */
export function raw(markup: string): SafeHtml {
  return safe(markup);
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafeHtml(value)) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Tagged template for HTML. Interpolations are safe as element text and as *quoted* attribute
 * values; they are not safe as tag or attribute names, inside `<script>`/`<style>`, or as URLs
 * whose scheme the caller has not checked.
 */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let markup = strings[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (strings[index + 1] ?? '');
  });
  return safe(markup);
}

export type Locale = 'en' | 'bn';

export interface PageOptions {
  title: string;
  lang: Locale;
  body: SafeHtml;
  /** Module scripts by URL. Pages never carry inline code, so the CSP can forbid it. */
  scripts?: readonly string[];
  /** Extra stylesheets by URL, after the shared one. */
  styles?: readonly string[];
}

/** The one layout of the gateway's own pages (slips, verify, hosted checkout). */
export function renderPage({ title, lang, body, scripts = [], styles = [] }: PageOptions): string {
  const page = html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="${FAVICON_URL}" type="image/svg+xml">
<link rel="stylesheet" href="${PAGE_STYLESHEET_URL}">
${styles.map((href) => html`<link rel="stylesheet" href="${href}">\n`)}${scripts.map((src) => html`<script type="module" src="${src}"></script>\n`)}</head>
<body>
${body}
</body>
</html>
`;
  return page.markup;
}

/** One labelled value of a `fieldList`; rows whose value is null are left out. */
export type Field = readonly [label: string, value: Interpolation];

/** A `<dl>` of label/value pairs, the shape of every record the pages show. */
export function fieldList(fields: readonly Field[], className = 'fields'): SafeHtml {
  const shown = fields.filter(([, value]) => value !== null && value !== undefined && value !== false);
  return html`<dl class="${className}">${shown.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
}

/** `?lang=bn` → 'bn', `?lang=en` → 'en', anything else → undefined (the caller picks the default). */
export function parseLocale(value: unknown): Locale | undefined {
  return value === 'bn' || value === 'en' ? value : undefined;
}
