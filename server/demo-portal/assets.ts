/**
 * The portal's stylesheet, served as a file (never inline, so the CSP needs no 'unsafe-inline').
 * It builds on the gateway pages' stylesheet (its colours and `.fields` lists) and adds what a
 * utility portal has: a header bar, panels, bill tables, status badges, forms. Plain CSS,
 * responsive: tables scroll sideways on a phone instead of squeezing their columns.
 */
import { Router } from 'express';

export const PORTAL_CSS_URL = '/assets/demo/portal.css';

export const PORTAL_CSS = `
:root { --portal-brand: #0b4f6c; --portal-brand-dark: #083a50; --portal-soft: #eef4f7; }
body { display: flex; flex-direction: column; min-height: 100vh; }
.portal-header { background: var(--portal-brand); color: #fff; }
.portal-bar { max-width: 80rem; margin: 0 auto; padding: .75rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
.portal-brand { margin-right: auto; }
.portal-brand { color: #fff; font-weight: 700; font-size: 1.15rem; text-decoration: none; }
.portal-logo { color: #ffd166; }
.portal-nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: center; }
.portal-nav a { color: #fff; text-decoration: none; padding: .25rem 0; border-bottom: 2px solid transparent; }
.portal-nav a:hover { border-bottom-color: #ffd166; }
.portal-lang { color: #fff; text-decoration: none; display: inline-flex; align-items: center; justify-content: center; min-height: 2rem; min-width: 4.5rem; border: 1px solid #fff; border-radius: .25rem; padding: 0 .6rem; line-height: 1; }
.portal-main { flex: 1; width: 100%; min-width: 0; max-width: 80rem; margin: 0 auto; padding: 1rem; }
.portal-main > h1 { margin: .5rem 0 1rem; color: var(--portal-brand-dark); }
.portal-main > .subtitle { margin: -.75rem 0 1rem; color: var(--muted); }
.portal-footer { color: var(--muted); font-size: .875rem; text-align: center; padding: 1rem; border-top: 1px solid var(--line); }
.portal-footer p { margin: 0; }

.portal-panel { background: var(--paper); border: 1px solid var(--line); border-radius: .5rem; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.portal-panel > h2 { margin-top: 0; color: var(--portal-brand-dark); }
.portal-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: 1rem; }
.portal-grid > * { min-width: 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.hint { color: var(--muted); margin: .25rem 0 .75rem; }
.notice { padding: .6rem .9rem; border-radius: .375rem; background: #fff4e5; border: 1px solid #f0b35b; margin: .75rem 0; }
.notice.good { background: #e6f4ee; border-color: var(--accent); }
.notice.bad { background: #fdecea; border-color: var(--bad); }

.table-scroll { overflow-x: auto; position: relative; }
table.portal-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.portal-table caption { text-align: left; font-weight: 700; padding-bottom: .5rem; }
table.portal-table th, table.portal-table td { padding: .5rem .6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
/* Headings wrap (seed 000's are long) so that the bill list fits a laptop screen; values do not. */
table.portal-table thead th { background: var(--portal-soft); color: var(--portal-brand-dark); vertical-align: bottom; }
table.portal-table tbody tr:nth-child(even) { background: #fafbfc; }
table.portal-table .num { text-align: right; white-space: nowrap; }
table.portal-table .code, table.portal-table .nowrap { white-space: nowrap; }
table.portal-table caption { margin-top: 1rem; }

.badge { display: inline-block; padding: .1rem .55rem; border-radius: 1rem; font-size: .85rem; font-weight: 600; }
.badge.paid { background: #e6f4ee; color: #0b5e43; }
.badge.unpaid { background: #fdecea; color: var(--bad); }
.badge.pending { background: #fff4e5; color: #8a4b00; }

.button, button.button, .return-notice button {
  display: inline-block; font: inherit; padding: .45rem .9rem; border-radius: .375rem; cursor: pointer;
  background: var(--portal-brand); color: #fff; border: 1px solid var(--portal-brand); text-decoration: none; white-space: nowrap;
}
.button.secondary, .return-notice .secondary { background: #fff; color: var(--portal-brand); }
.button.small { padding: .2rem .6rem; font-size: .9rem; }
.button:hover { background: var(--portal-brand-dark); color: #fff; }

.form-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem 1rem; }
.field label { display: block; font-weight: 600; margin-bottom: .2rem; }
.field input, .field select, .portal-table input, .portal-table select {
  font: inherit; width: 100%; padding: .4rem .55rem; border: 1px solid #8c959f; border-radius: .3rem; background: #fff;
}
.field input[aria-invalid="true"], .portal-table input[aria-invalid="true"], .field select[aria-invalid="true"], .portal-table select[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
.field-hint { color: var(--muted); font-size: .875rem; margin: .2rem 0 0; }
.field-error { color: var(--bad); font-size: .9rem; margin: .25rem 0 0; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }

.decoded { margin-top: .75rem; }
/* Numbers people read out or type (tracking number, recharge token) never break inside. The web
   font comes last: monospace fonts have no Bengali digits. */
.tracking, .token { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace, "Noto Sans Bengali"; white-space: nowrap; }
/* An opaque id (the payment id) may wrap anywhere: it is copied, not read out. */
.portal-main .code.opaque { overflow-wrap: anywhere; }
.token { font-size: 1.1rem; font-weight: 700; letter-spacing: .02em; }
.portal-main .code { overflow-wrap: normal; word-break: keep-all; }
table.charged { max-width: 28rem; margin: .5rem 0 1rem; }
table.charged tfoot th, table.charged tfoot td { font-weight: 700; border-top: 2px solid var(--portal-brand-dark); }
.recharge-token { border: 2px dashed var(--portal-brand); border-radius: .5rem; padding: .5rem 1rem; margin-bottom: 1rem; background: var(--portal-soft); }
.portal-checkout billpay-checkout { display: block; margin-top: .5rem; --billpay-max-width: none; }
.return-notice { margin-top: 1rem; padding: .75rem 1rem; border-radius: .375rem; background: #e6f4ee; }
.return-notice[hidden] { display: none; }
/* The notice is the page's one way back: the widget's own "Return to …" link would repeat it. */
.portal-checkout billpay-checkout::part(return-link) { display: none; }
.return-notice .actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: .5rem 0 0; }
.return-notice [hidden] { display: none; }
.nowrap { white-space: nowrap; }

@media print {
  .portal-header, .portal-footer, .no-print { display: none !important; }
  .portal-panel { border: 0; padding: 0; }
}

@media (max-width: 36rem) {
  .portal-bar { padding: .5rem .75rem; gap: .25rem .75rem; }
  .portal-brand { font-size: 1rem; }
  /* Brand and language toggle on the first line, both centred on it; the links below, full width. */
  .portal-nav { order: 3; flex-basis: 100%; gap: .25rem .75rem; font-size: .9rem; }
  .portal-lang { min-height: 1.75rem; min-width: 4rem; font-size: .9rem; }
  table.stack-on-phone th[scope="row"] { display: block; padding: .25rem .6rem; background: var(--portal-soft); }
  .portal-main > h1 { font-size: 1.4rem; margin: .25rem 0 .75rem; }
  .portal-main { padding: .5rem; }
  .portal-panel { padding: .75rem; border-radius: 0; border-left: 0; border-right: 0; }
  /* A phone shows each bill as a small card: label (the column's name) beside value. */
  table.stack-on-phone thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.stack-on-phone, table.stack-on-phone tbody, table.stack-on-phone tr, table.stack-on-phone td { display: block; }
  table.stack-on-phone tr { border: 1px solid var(--line); border-radius: .375rem; margin-bottom: .75rem; padding: .25rem 0; }
  table.stack-on-phone td { display: flex; justify-content: space-between; gap: 1rem; border-bottom: 0; padding: .25rem .6rem; text-align: right; }
  table.stack-on-phone td::before { content: attr(data-label); color: var(--muted); text-align: left; font-family: "Noto Sans Bengali", system-ui, sans-serif; }
}
`;

export function portalAssetRoutes(): Router {
  const router = Router();
  router.get(PORTAL_CSS_URL, (_req, res) => {
    res.type('text/css; charset=utf-8').set('Cache-Control', 'no-cache').send(PORTAL_CSS);
  });
  return router;
}
