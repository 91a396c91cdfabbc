import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Localization } from '../i18n/index.js';
import { TERMINAL_STATUSES, type Problem, type SessionView } from '../session-view.js';

/** One labelled input with its error, wired for screen readers (aria-invalid, aria-describedby). */
export interface FieldOptions {
  name: string;
  label: string;
  type?: 'text' | 'password' | 'tel';
  autocomplete?: string;
  inputmode?: 'numeric' | 'text' | 'tel';
  maxlength?: number;
  error?: string | undefined;
  /** Extra text tied to the input (e.g. the detected card brand). */
  hint?: TemplateResult | string | typeof nothing;
  onInput?: (event: InputEvent) => void;
}

export function field(options: FieldOptions): TemplateResult {
  const id = `field-${options.name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [options.hint ? hintId : '', options.error ? errorId : ''].filter(Boolean);
  return html`
    <div class="field" part="field">
      <label for=${id} part="label">${options.label}</label>
      <input
        id=${id}
        name=${options.name}
        part="input"
        type=${options.type ?? 'text'}
        autocomplete=${ifDefined(options.autocomplete)}
        inputmode=${ifDefined(options.inputmode)}
        maxlength=${ifDefined(options.maxlength)}
        spellcheck="false"
        aria-invalid=${options.error ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy.length ? describedBy.join(' ') : undefined)}
        @input=${options.onInput}
      />
      ${options.hint ? html`<p id=${hintId} class="hint" part="hint">${options.hint}</p>` : nothing}
      ${options.error
        ? html`<p id=${errorId} class="field-error" part="field-error">${options.error}</p>`
        : nothing}
    </div>
  `;
}

/**
 * The error box. role=alert makes screen readers speak it as soon as it appears or changes;
 * it stays rendered (empty) so a repeated error is still a change they notice.
 */
export function errorAlert(lines: readonly string[]): TemplateResult {
  return html`<div class=${lines.length ? 'alert' : 'alert empty'} part="error" role="alert" tabindex="-1">
    ${lines.map((line) => html`<p>${line}</p>`)}
  </div>`;
}

/**
 * What the error box says: the widget's own notice, the failed API call (problem+json detail and
 * each field error), and the server's lastError with the tries and attempts left.
 */
export function errorLines(
  notice: string | null,
  problem: Problem | null,
  session: SessionView | null,
  l: Localization,
): string[] {
  const { t, digits } = l;
  const lines: string[] = [];
  if (notice) lines.push(notice);
  if (problem) {
    lines.push(problem.status === 0 ? t.errors.network : problem.detail ?? problem.title);
    for (const fieldError of problem.errors ?? []) lines.push(fieldError.message);
  }
  const lastError = session?.lastError;
  if (session && lastError && !TERMINAL_STATUSES.includes(session.status)) {
    lines.push(t.errors.byCode[lastError.code] ?? lastError.message);
    if (lastError.triesLeft !== undefined && session.status === 'authorizing') {
      lines.push(t.errors.triesLeft(digits(String(lastError.triesLeft))));
    }
    if (session.status === 'awaiting_method') {
      lines.push(t.errors.attemptsLeft(digits(String(session.attemptsLeft))));
    }
  }
  return lines;
}
