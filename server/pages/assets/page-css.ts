/**
 * The one stylesheet of the gateway's own pages (slip, verify, hosted checkout), screen and print.
 * It is served as a file (see routes.ts) rather than inlined, so the CSP needs no 'unsafe-inline'
 * for styles either. Kept as a string so `tsc` ships it in dist/ with the code that links it.
 */
export const PAGE_CSS = `
:root {
  color-scheme: light;
  --ink: #1b1f24;
  --muted: #57606a;
  --line: #d0d7de;
  --paper: #fff;
  --background: #f3f5f7;
  --accent: #0b6e4f;
  --bad: #b42318;
  font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans Bengali", "Hind Siliguri", sans-serif;
  line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--background); color: var(--ink); }
a { color: var(--accent); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1rem; margin: 1.25rem 0 .5rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
.code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace, "Noto Sans Bengali"; overflow-wrap: anywhere; }
/* A recharge token: read out and typed into a meter, so large, and never broken inside. */
.token { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace, "Noto Sans Bengali"; font-weight: 700; font-size: 1.1em; white-space: nowrap; }

/* A sheet: the paper-like card every page puts its content on. */
.sheet {
  max-width: 46rem; margin: 1.5rem auto; padding: 1.5rem 2rem;
  background: var(--paper); border: 1px solid var(--line); border-radius: .5rem;
}
.sheet-header p { margin: 0; color: var(--muted); }
.fields { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.5rem; margin: 0; }
.fields > div { display: contents; }
.fields dt { color: var(--muted); }
.fields dd { margin: 0; overflow-wrap: anywhere; }

table.amounts { width: 100%; border-collapse: collapse; }
table.amounts th, table.amounts td { padding: .3rem 0; border-bottom: 1px solid var(--line); text-align: left; font-weight: normal; }
table.amounts thead th { text-align: right; color: var(--muted); }
table.amounts .amount { text-align: right; font-variant-numeric: tabular-nums; }
table.amounts tfoot th, table.amounts tfoot td { font-weight: 700; border-top: 2px solid var(--ink); border-bottom: 0; }

.verify { display: grid; grid-template-columns: 8rem 1fr; gap: 0 1rem; align-items: center; }
.verify h2 { grid-column: 1 / -1; }
.verify a { overflow-wrap: anywhere; }
.qr { width: 8rem; height: 8rem; }
.issuer { color: var(--muted); font-size: .875rem; }

.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }
.actions button, .button {
  font: inherit; padding: .5rem 1rem; border-radius: .375rem; cursor: pointer;
  background: var(--accent); color: #fff; border: 1px solid var(--accent); text-decoration: none;
}
:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }

/* Verify page: the verdict first, in words and colour. */
.verdict { padding: .75rem 1rem; border-radius: .375rem; border: 1px solid; margin: 1rem 0; }
.verdict.genuine { color: var(--accent); border-color: var(--accent); background: #e6f4ee; }
.verdict.not-genuine { color: var(--bad); border-color: var(--bad); background: #fdecea; }
.verify-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-top: 1rem; }
.verify-form input { font: inherit; padding: .4rem .6rem; flex: 1 1 16rem; }

/* Hosted checkout: the widget fills the sheet; the return notice replaces nothing, it is announced. */
.checkout-page billpay-checkout { display: block; margin-top: 1rem; }
.return-notice { margin-top: 1rem; padding: .75rem 1rem; border-radius: .375rem; background: #e6f4ee; }
.return-notice[hidden] { display: none; }
/* The notice is the page's one way back: the widget's own "Return to …" link would repeat it. */
.checkout-page billpay-checkout::part(return-link) { display: none; }
.return-notice .actions { margin-top: .5rem; }
.return-notice [hidden] { display: none; }
.actions .secondary { background: var(--paper); color: var(--accent); }
.nowrap { white-space: nowrap; }

@media (max-width: 36rem) {
  .sheet { margin: 0; border: 0; border-radius: 0; padding: 1rem; }
  .fields { grid-template-columns: 1fr; }
  .fields dd { margin-bottom: .5rem; }
  .verify { grid-template-columns: 1fr; }
}

@media print {
  @page { size: A4; margin: 15mm; }
  /* Sized so a slip fits one A4 page. */
  body { background: #fff; font-size: 10pt; line-height: 1.35; }
  .sheet { max-width: none; margin: 0; padding: 0; border: 0; }
  h2 { margin: .8rem 0 .3rem; }
  table.amounts th, table.amounts td { padding: .15rem 0; }
  .qr { width: 30mm; height: 30mm; }
  .verify { grid-template-columns: 30mm 1fr; }
  .no-print { display: none !important; }
  a { color: inherit; text-decoration: none; }
  section, table, .verify { break-inside: avoid; }
}
`;
