import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
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
 * the page inert; Tab is kept inside, Escape answers No. ConfirmDialogController opens it.
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

/**
 * Drives the one confirmation dialog of the element: opens it with showModal() after the render
 * that asked for it, gives focus to the safe answer, and on No (or Escape) puts focus back on the
 * button that opened it. Yes goes to `onYes`, which decides where focus goes next.
 */
export class ConfirmDialogController implements ReactiveController {
  /** What is being confirmed; null while the dialog is closed. */
  kind: ConfirmKind | null = null;
  private opener: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & { renderRoot: HTMLElement | DocumentFragment },
    private readonly onYes: (kind: ConfirmKind) => void,
  ) {
    host.addController(this);
  }

  open(kind: ConfirmKind): void {
    const active = (this.host.renderRoot as ShadowRoot).activeElement;
    this.opener = active instanceof HTMLElement ? active : null;
    this.kind = kind;
    this.host.requestUpdate();
  }

  /** Closes without an answer, e.g. when the payment moved on underneath. */
  dismiss(): void {
    this.kind = null;
    this.opener = null;
    this.host.requestUpdate();
  }

  answer(yes: boolean): void {
    const { kind, opener } = this;
    this.dismiss();
    if (yes && kind) this.onYes(kind);
    else void this.host.updateComplete.then(() => opener?.focus());
  }

  hostUpdated(): void {
    const dialog = this.host.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.kind && !dialog.open) {
      dialog.showModal();
      // Cancelling is the destructive answer, so there the safe "No" takes focus.
      const initial = this.kind === 'cancel' ? '[part="dialog-no"]' : '[part="dialog-yes"]';
      dialog.querySelector<HTMLElement>(initial)?.focus();
    } else if (!this.kind && dialog.open) {
      dialog.close();
    }
  }
}
