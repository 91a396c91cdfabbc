/**
 * Form fields with their label, hint and error tied to the input (aria-describedby,
 * aria-invalid), so a screen reader reads the error with the field it belongs to.
 */
import { html, type SafeHtml } from '../../pages/html.js';

export interface TextFieldOptions {
  name: string;
  label: string;
  value: string;
  hint?: string;
  error?: string | null;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text';
  autocomplete?: string;
  required?: boolean;
  /** Render the label for screen readers only (inside a table whose header names the column). */
  hiddenLabel?: boolean;
}

/** The ids a field's hint and error get, for aria-describedby. */
function describedBy(name: string, hint: unknown, error: unknown): string {
  return [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ');
}

export function fieldError(name: string, error: string | null | undefined): SafeHtml | '' {
  return error ? html`<p class="field-error" id="${name}-error">${error}</p>` : '';
}

export function textField(o: TextFieldOptions): SafeHtml {
  const describing = describedBy(o.name, o.hint, o.error);
  return html`<div class="field">
<label for="${o.name}"${o.hiddenLabel ? html` class="visually-hidden"` : ''}>${o.label}</label>
<input id="${o.name}" name="${o.name}" type="text" value="${o.value}" inputmode="${o.inputMode ?? 'text'}" autocomplete="${o.autocomplete ?? 'off'}"${o.required ? html` required` : ''} aria-invalid="${o.error ? 'true' : 'false'}"${describing ? html` aria-describedby="${describing}"` : ''}>
${o.hint ? html`<p class="field-hint" id="${o.name}-hint">${o.hint}</p>` : ''}
${fieldError(o.name, o.error)}
</div>`;
}

export interface SelectOption {
  value: string;
  label: string;
}

export function selectField(o: {
  name: string;
  label: string;
  value: string;
  options: readonly (SelectOption | { group: string; options: readonly SelectOption[] })[];
  error?: string | null;
  /** Render the label for screen readers only (inside a table whose header names the column). */
  hiddenLabel?: boolean;
}): SafeHtml {
  const option = (opt: SelectOption) =>
    html`<option value="${opt.value}"${opt.value === o.value ? html` selected` : ''}>${opt.label}</option>`;
  const options = o.options.map((entry) =>
    'group' in entry ? html`<optgroup label="${entry.group}">${entry.options.map(option)}</optgroup>` : option(entry),
  );
  return html`<div class="field">
<label for="${o.name}"${o.hiddenLabel ? html` class="visually-hidden"` : ''}>${o.label}</label>
<select id="${o.name}" name="${o.name}" aria-invalid="${o.error ? 'true' : 'false'}"${o.error ? html` aria-describedby="${o.name}-error"` : ''}>${options}</select>
${fieldError(o.name, o.error)}
</div>`;
}
