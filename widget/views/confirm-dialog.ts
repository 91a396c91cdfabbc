import { html, type TemplateResult } from 'lit';
import type { Localization } from '../i18n/index.js';

export type ConfirmKind = 'pay' | 'cancel';

export interface ConfirmDialogProps {
  title: string;
  body: string;
  l: Localization;
  onAnswer(yes: boolean): void;
}

/** Keeps Tab and Shift+Tab inside the dialog: from the last button back to the first and round. */
function trapFocus(event: KeyboardEvent): void {
  if (event.key !== 'Tab') return;
  const dialog = event.currentTarget as HTMLDialogElement;
  const buttons = [...dialog.querySelectorAll('button')];
  const first = buttons[0];
  const last = buttons[buttons.length - 1];
  const active = (dialog.getRootNode() as ShadowRoot | Document).activeElement;
  if (event.shiftKey && active === first) {
    event.preventDefault();
    last?.focus();
  } else if (!event.shiftKey && active === last) {
    event.preventDefault();
    first?.focus();
  }
}

/**
 * The seed's "Yes / No" confirmation, as a native modal <dialog>: the browser makes the rest of
 * the page inert; Tab is kept inside, Escape answers No. The element opens it with showModal()
 * and puts focus back on the button that opened it.
 */
export function renderConfirmDialog(props: ConfirmDialogProps): TemplateResult {
  const { title, body, l, onAnswer } = props;
  return html`
    <dialog
      class="dialog"
      part="dialog"
      aria-labelledby="dialog-title"
      aria-describedby="dialog-body"
      @keydown=${trapFocus}
      @cancel=${(event: Event) => {
        event.preventDefault();
        onAnswer(false);
      }}
    >
      <h2 id="dialog-title" part="dialog-title">${title}</h2>
      <p id="dialog-body" part="dialog-body">${body}</p>
      <div class="actions" part="dialog-actions">
        <button type="button" class="primary" part="dialog-yes" @click=${() => onAnswer(true)}>
          ${l.t.dialog.yes}
        </button>
        <button type="button" class="secondary" part="dialog-no" @click=${() => onAnswer(false)}>
          ${l.t.dialog.no}
        </button>
      </div>
    </dialog>
  `;
}
