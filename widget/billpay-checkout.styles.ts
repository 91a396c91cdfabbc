import { css } from 'lit';

/**
 * Styles of <billpay-checkout>. Every colour, the radius, font and spacing come from
 * `--billpay-*` custom properties (defaults chosen for WCAG AA contrast on white); pages restyle
 * further through the `::part`s listed on the element.
 */
export const styles = css`
  :host {
    display: block;
    color: var(--billpay-color-text, #1f2328);
    background: var(--billpay-color-background, #ffffff);
    font-family: var(--billpay-font-family, system-ui, 'Segoe UI', Roboto, 'Noto Sans Bengali', sans-serif);
    font-size: var(--billpay-font-size, 1rem);
    line-height: 1.45;
    --_space: var(--billpay-spacing, 0.75rem);
    --_radius: var(--billpay-radius, 6px);
    --_primary: var(--billpay-color-primary, #0b5cab);
    --_on-primary: var(--billpay-color-on-primary, #ffffff);
    --_border: var(--billpay-color-border, #8c959f);
    --_surface: var(--billpay-color-surface, #f3f5f8);
    --_muted: var(--billpay-color-muted, #57606a);
    --_danger: var(--billpay-color-danger, #b3261e);
    --_warning: var(--billpay-color-warning, #8a4600);
    --_success: var(--billpay-color-success, #1a6b2f);
    --_focus: var(--billpay-color-focus, #0b5cab);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }

  .base {
    container-type: inline-size;
    max-width: var(--billpay-max-width, 60rem);
    display: grid;
    gap: var(--_space);
  }
  /* Bangla: the web font the element links into the page (bangla-font.ts) first, never as a fallback. */
  .base:lang(bn) {
    font-family: 'Noto Sans Bengali', var(--billpay-font-family, system-ui, sans-serif);
  }
  p,
  h2,
  h3,
  dl,
  fieldset {
    margin: 0;
  }
  h2 {
    font-size: 1.2em;
  }
  h3 {
    font-size: 1.05em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }

  /* Header and bill summary */
  .header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: baseline;
    gap: calc(var(--_space) / 2);
    border-bottom: 1px solid var(--_border);
    padding-bottom: calc(var(--_space) / 2);
  }
  .merchant {
    font-weight: 600;
  }
  .secure {
    color: var(--_muted);
    font-size: 0.9em;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(10rem, 100%), 1fr));
    gap: calc(var(--_space) / 2) var(--_space);
    align-items: start;
  }
  dl .row {
    display: grid;
    align-content: start;
  }
  dt {
    color: var(--_muted);
    font-size: 0.85em;
  }
  dd {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  /* Identifiers break only where they have a space or dash, never mid-number; long ones span the row. */
  .wide {
    grid-column: 1 / -1;
  }
  .id dd,
  .wide dd {
    overflow-wrap: normal;
  }
  @container (max-width: 30rem) {
    dl,
    .result .slip dl {
      grid-template-columns: 1fr 1fr;
      gap: 0.25em var(--_space);
      font-size: 0.9em;
    }
  }

  /* Countdown */
  .timer {
    font-weight: 600;
    padding: calc(var(--_space) / 2) var(--_space);
    background: var(--_surface);
    border-radius: var(--_radius);
  }
  .timer.warning {
    color: var(--_warning);
    box-shadow: inset 4px 0 0 var(--_warning);
  }

  /* Errors */
  .alert {
    color: var(--_danger);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2) var(--_space);
    display: grid;
    gap: 0.25em;
  }
  .alert.empty {
    display: none;
  }

  /* Tabs: four equal columns, so a narrow screen wraps every label alike instead of the row. */
  .tabs {
    display: grid;
    grid-auto-flow: column;
    grid-auto-columns: 1fr;
    border-bottom: 2px solid var(--_border);
  }
  [role='tab'] {
    font: inherit;
    font-weight: 600;
    color: var(--_muted);
    background: none;
    border: 0;
    border-bottom: 3px solid transparent;
    margin-bottom: -2px;
    padding: calc(var(--_space) * 0.75) calc(var(--_space) / 2);
    cursor: pointer;
    min-width: 0;
    line-height: 1.2;
  }
  [role='tab'][aria-selected='true'] {
    color: var(--_primary);
    border-bottom-color: var(--_primary);
  }
  .panel {
    display: grid;
    gap: var(--_space);
    grid-template-columns: minmax(10rem, 14rem) 1fr;
    align-items: start;
    padding-top: var(--_space);
  }
  /* Methods above the table unless both fit side by side with every column of the table. */
  @container (max-width: 50rem) {
    .panel {
      grid-template-columns: 1fr;
    }
  }

  /* Methods: a tile each (logo and name) around a native radio. */
  .methods {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) / 2);
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
    gap: calc(var(--_space) / 2);
    min-width: 0;
  }
  .methods legend {
    font-weight: 600;
    padding: 0 0.25em;
  }
  .method {
    position: relative;
    display: grid;
    justify-items: center;
    gap: 0.25em;
    padding: 0.5em 0.25em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    cursor: pointer;
    text-align: center;
    font-size: 0.9em;
    line-height: 1.2;
  }
  .method input {
    position: absolute;
    top: 0.4em;
    left: 0.4em;
  }
  .method img {
    width: 4rem;
    height: 2.5rem;
    border-radius: 4px;
    box-shadow: 0 0 0 1px rgb(0 0 0 / 0.08);
  }
  .method:has(input:checked) {
    border-color: var(--_primary);
    box-shadow: inset 0 0 0 1px var(--_primary);
    background: color-mix(in srgb, var(--_primary) 8%, transparent);
    font-weight: 600;
  }
  .method:has(input:focus-visible) {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  input[type='radio'] {
    accent-color: var(--_primary);
    width: 1.1em;
    height: 1.1em;
    margin: 0;
  }

  .table-scroll {
    overflow-x: auto;
    min-width: 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-variant-numeric: tabular-nums;
  }
  caption {
    text-align: start;
    font-weight: 600;
    padding-bottom: 0.4em;
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: 0.4em 0.6em;
    text-align: start;
  }
  thead th {
    background: var(--_surface);
    font-size: 0.85em;
    vertical-align: bottom;
  }
  .amount {
    text-align: end;
  }
  tbody th {
    font-weight: 600;
  }
  tr.selected {
    background: color-mix(in srgb, var(--_primary) 10%, transparent);
  }
  .gateway {
    display: flex;
    align-items: center;
    gap: 0.5em;
    cursor: pointer;
  }
  /* Narrow: each row a card, the Total large on its first line, the other amounts labelled below. */
  @container (max-width: 30rem) {
    thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
    table,
    tbody {
      display: grid;
      gap: calc(var(--_space) / 2);
    }
    tr {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0.15em var(--_space);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 0.5em 0.6em;
    }
    th,
    td {
      border: 0;
      padding: 0;
    }
    td {
      grid-column: 1 / -1;
      display: flex;
      justify-content: space-between;
      font-size: 0.85em;
      color: var(--_muted);
    }
    td::before {
      content: attr(data-label);
    }
    td.total {
      grid-column: 2;
      grid-row: 1;
      font-size: 1.1em;
      font-weight: 700;
      color: inherit;
    }
    td.total::before {
      content: none;
    }
  }
  .payable {
    display: flex;
    flex-wrap: wrap;
    justify-content: flex-end;
    align-items: baseline;
    gap: 0 var(--_space);
  }
  .payable strong {
    font-size: 1.6em;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .note {
    color: var(--_muted);
    font-size: 0.9em;
  }

  /* Buttons */
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) / 2);
    justify-content: flex-end;
  }
  button,
  .actions a {
    font: inherit;
    font-weight: 600;
    border-radius: var(--_radius);
    padding: 0.55em 1.2em;
    cursor: pointer;
    min-height: 2.75rem;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
  }
  button img {
    width: 2rem;
    height: 1.25rem;
    border-radius: 3px;
  }
  .primary {
    background: var(--_primary);
    color: var(--_on-primary);
    border: 1px solid var(--_primary);
  }
  .secondary {
    background: var(--billpay-color-background, #ffffff);
    color: var(--_primary);
    border: 1px solid var(--_primary);
  }
  .actions a:not(.primary) {
    color: var(--_primary);
  }
  .actions a.primary {
    text-decoration: none;
  }

  /* Dialog */
  .dialog {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 1.5);
    max-width: min(28rem, calc(100vw - 2rem));
    color: var(--billpay-color-text, #1f2328);
    background: var(--billpay-color-background, #ffffff);
    font-family: inherit;
  }
  .dialog[open] {
    display: grid;
    gap: var(--_space);
  }
  .dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }

  /* Instrument steps */
  .step {
    display: grid;
    gap: var(--_space);
    max-width: 28rem;
  }
  .field {
    display: grid;
    gap: 0.25em;
  }
  .field-pair {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: var(--_space);
  }
  label {
    font-weight: 600;
  }
  input:not([type='radio']) {
    font: inherit;
    padding: 0.55em 0.7em;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    width: 100%;
    min-height: 2.75rem;
    color: inherit;
    background: var(--billpay-color-background, #ffffff);
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .hint {
    color: var(--_muted);
    font-size: 0.9em;
  }
  .field-error {
    color: var(--_danger);
    font-size: 0.9em;
  }
  .processing {
    display: flex;
    align-items: center;
    gap: var(--_space);
    padding: var(--_space);
  }
  .spinner {
    width: 1.5em;
    height: 1.5em;
    border: 3px solid var(--_surface);
    border-top-color: var(--_primary);
    border-radius: 50%;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(1turn);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }

  /* Result and slip */
  .result {
    display: grid;
    gap: var(--_space);
  }
  .result.succeeded #result-title {
    color: var(--_success);
  }
  .result.failed #result-title,
  .result.expired #result-title {
    color: var(--_danger);
  }
  .slip dl {
    grid-template-columns: repeat(auto-fill, minmax(min(12rem, 100%), 1fr));
  }
  .slip {
    display: grid;
    gap: var(--_space);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  @media print {
    .actions {
      display: none;
    }
  }
`;
