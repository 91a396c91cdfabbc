import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { detectCardBrand, formatCardNumberForDisplay } from '../domain/card-number.js';
import { CheckoutApiError, CheckoutClient } from './api-client.js';
import { CountdownController, splitSeconds } from './countdown.js';
import { emit } from './events.js';
import { localization, type Localization } from './i18n/index.js';
import { styles } from './billpay-checkout.styles.js';
import {
  TERMINAL_STATUSES,
  type PaymentStatus,
  type Problem,
  type SessionView,
} from './session-view.js';
import { readStepForm, type StepType } from './step-form.js';
import { errorAlert } from './views/common.js';
import { renderConfirmDialog, type ConfirmKind } from './views/confirm-dialog.js';
import { renderResult, type ResultProps } from './views/result.js';
import { renderSelection } from './views/selection.js';
import { renderProcessing, renderStep } from './views/steps.js';
import { renderSummary } from './views/summary.js';

export type { BillpayEventDetails, BillpayEventName } from './events.js';
export type { Locale } from './i18n/index.js';
export type { PaymentStatus, SessionView, Slip } from './session-view.js';

const CARD_BRAND_NAMES: Record<string, string> = {
  visa: 'VISA',
  mastercard: 'MasterCard',
  amex: 'American Express',
  nexus: 'DBBL Nexus',
};

/**
 * The checkout of one payment, as the ekPay gateway page of the DESCO portal shows it: bill
 * summary, the selection countdown, tabs CARDS / Mobile Banking / Internet Banking / WALLETS,
 * each method's gateway table with the exact charges, Pay Now with a Yes / No confirmation, the
 * instrument steps the server asks for, and the result with the payment slip. Plain custom
 * element: no iframe; configure it by attributes (or the same-named properties).
 *
 * @tag billpay-checkout
 *
 * @attr payment-id - The payment's id (`pay_…`) from the merchant API.
 * @attr client-secret - The payment's client secret from the merchant API; authenticates the checkout API.
 * @attr api-base - Origin (and optional path prefix) of the gateway; defaults to the page's own origin.
 * @attr locale - `en` (default) or `bn`: Bangla texts and Bangla digits.
 *
 * @event billpay-ready - The session loaded. Detail: `{ paymentId, status }`.
 * @event billpay-method-select - The server accepted a gateway row. Detail: `{ paymentId, method, gateway, quote }`.
 * @event billpay-submit - The customer confirmed paying (`step: 'confirm'`) or submitted an instrument step. Detail: `{ paymentId, step }`.
 * @event billpay-success - The payment succeeded. Detail: the payment slip.
 * @event billpay-failure - An attempt was declined (`final: false`) or the payment failed (`final: true`). Detail: `{ paymentId, error, attemptsLeft, final }`.
 * @event billpay-cancel - The payment was cancelled. Detail: `{ paymentId, returnUrl }`.
 * @event billpay-expire - The time to pay ran out. Detail: `{ paymentId, returnUrl }`.
 * @event billpay-error - A checkout API call failed (problem+json, or status 0 for the network). Detail: `{ paymentId, problem }`.
 *
 * @csspart base - The wrapper of everything.
 * @csspart header - Merchant name and the secure-checkout line.
 * @csspart merchant - The merchant's name.
 * @csspart secure-note - "Secured payment checkout".
 * @csspart summary - The bill being paid.
 * @csspart loading - The loading message.
 * @csspart timer - The countdown line.
 * @csspart timer-warning - The countdown line in its last minute.
 * @csspart error - The error box (role=alert).
 * @csspart tabs - The tab list.
 * @csspart tab - Each tab.
 * @csspart tab-active - The selected tab.
 * @csspart tab-panel - The active tab's panel.
 * @csspart methods - The payment-method radio group.
 * @csspart method - Each payment method.
 * @csspart method-active - The payment method shown.
 * @csspart radio - Every radio input (methods and gateway rows).
 * @csspart table-wrapper - The gateway table's scroll box.
 * @csspart table - The gateway table.
 * @csspart table-caption - The gateway table's caption.
 * @csspart table-head - The gateway table's header row.
 * @csspart row - Each gateway row.
 * @csspart row-selected - The selected gateway row.
 * @csspart note - The discount note.
 * @csspart actions - Each row of buttons.
 * @csspart pay-button - Pay Now.
 * @csspart cancel-button - Cancel.
 * @csspart dialog - The Yes / No confirmation dialog.
 * @csspart dialog-title - Its title.
 * @csspart dialog-body - Its question.
 * @csspart dialog-actions - Its buttons.
 * @csspart dialog-yes - Yes.
 * @csspart dialog-no - No.
 * @csspart form - An instrument step's form.
 * @csspart step-title - Its title.
 * @csspart field - A label, input and error.
 * @csspart label - A field's label.
 * @csspart input - A field's input.
 * @csspart hint - A field's hint (the detected card brand).
 * @csspart field-error - A field's error.
 * @csspart submit-button - The step's submit button.
 * @csspart processing - The "processing" state.
 * @csspart result - The end state (with `result-succeeded`, `result-failed`, `result-cancelled`, `result-expired`).
 * @csspart result-title - Its heading.
 * @csspart slip - The payment slip.
 * @csspart slip-title - Its heading.
 * @csspart slip-actions - Print and PDF.
 * @csspart print-button - Print slip.
 * @csspart pdf-link - Download PDF.
 * @csspart return-link - Return to merchant.
 *
 * @cssproperty --billpay-font-family - Font stack.
 * @cssproperty --billpay-font-size - Base font size.
 * @cssproperty --billpay-color-text - Text colour.
 * @cssproperty --billpay-color-muted - Secondary text colour.
 * @cssproperty --billpay-color-background - Background.
 * @cssproperty --billpay-color-surface - Background of the table head, tabs and dialog.
 * @cssproperty --billpay-color-border - Borders.
 * @cssproperty --billpay-color-primary - Buttons, the active tab, the selected row.
 * @cssproperty --billpay-color-on-primary - Text on the primary colour.
 * @cssproperty --billpay-color-danger - Errors.
 * @cssproperty --billpay-color-warning - The countdown's last minute.
 * @cssproperty --billpay-color-success - Success.
 * @cssproperty --billpay-color-focus - The focus ring.
 * @cssproperty --billpay-radius - Corner radius.
 * @cssproperty --billpay-spacing - Base spacing unit.
 * @cssproperty --billpay-max-width - Widest the widget grows.
 */
export class BillpayCheckout extends LitElement {
  static override styles = styles;

  static override properties = {
    paymentId: { attribute: 'payment-id' },
    clientSecret: { attribute: 'client-secret' },
    apiBase: { attribute: 'api-base' },
    locale: {},
    session: { state: true },
    loadProblem: { state: true },
    actionProblem: { state: true },
    notice: { state: true },
    busy: { state: true },
    activeTab: { state: true },
    chosenMethod: { state: true },
    dialogKind: { state: true },
    fieldErrors: { state: true },
    cardBrand: { state: true },
  };

  /** The payment's id (`pay_…`). */
  declare paymentId: string;
  /** The payment's client secret. */
  declare clientSecret: string;
  /** Origin of the gateway; '' (the default) is the page's own origin. */
  declare apiBase: string;
  /** `en` or `bn`. */
  declare locale: string;

  declare private session: SessionView | null;
  declare private loadProblem: Problem | null;
  declare private actionProblem: Problem | null;
  /** A message of the widget itself (not from the server), e.g. "choose a gateway first". */
  declare private notice: string | null;
  declare private busy: boolean;
  declare private activeTab: string;
  declare private chosenMethod: string | null;
  declare private dialogKind: ConfirmKind | null;
  declare private fieldErrors: Record<string, string>;
  declare private cardBrand: string | null;

  private client: CheckoutClient | null = null;
  private abortController: AbortController | null = null;
  /** Requests run one after another, so responses apply in the order the customer acted. */
  private queue: Promise<void> = Promise.resolve();
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** Renews the step form (and clears what was typed) on every response during authorizing. */
  private stepInstance = 0;
  /** Set by the customer's actions: the next screen gets focus. Loads and polls do not steal it. */
  private focusNextScreen = false;
  private dialogOpener: HTMLElement | null = null;
  private readonly countdown = new CountdownController(this, () => void this.refresh());

  constructor() {
    super();
    this.paymentId = '';
    this.clientSecret = '';
    this.apiBase = '';
    this.locale = 'en';
    this.session = null;
    this.loadProblem = null;
    this.actionProblem = null;
    this.notice = null;
    this.busy = false;
    this.activeTab = '';
    this.chosenMethod = null;
    this.dialogKind = null;
    this.fieldErrors = {};
    this.cardBrand = null;
  }

  /** The payment's status as last seen from the server; null before the first answer. */
  get status(): PaymentStatus | null {
    return this.session?.status ?? null;
  }

  /** Asks the server for the session again (the widget also does so itself when a timer runs out). */
  refresh(): Promise<void> {
    return this.run((client) => client.session());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect (moved in the DOM, React remount): start over.
    if (!this.client && this.hasUpdated) this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('paymentId') || changed.has('clientSecret') || changed.has('apiBase')) this.start();
  }

  protected override updated(): void {
    this.syncDialog();
  }

  private get l(): Localization {
    return localization(this.locale);
  }

  private stop(): void {
    this.abortController?.abort();
    this.abortController = null;
    this.client = null;
    clearTimeout(this.pollTimer);
    this.countdown.stop();
  }

  /** (Re)loads the session for the current attributes, forgetting everything about the last one. */
  private start(): void {
    this.stop();
    this.session = null;
    this.loadProblem = null;
    this.actionProblem = null;
    this.notice = null;
    this.dialogKind = null;
    this.queue = Promise.resolve();
    if (!this.paymentId || !this.clientSecret) return;
    this.abortController = new AbortController();
    this.client = new CheckoutClient({
      apiBase: this.apiBase ?? '',
      paymentId: this.paymentId,
      clientSecret: this.clientSecret,
      signal: this.abortController.signal,
    });
    void this.refresh();
  }

  /** Queues one API call; its session view (or problem) becomes the widget's state. */
  private run(
    call: (client: CheckoutClient) => Promise<SessionView>,
    after?: (view: SessionView) => void,
  ): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    this.queue = this.queue.then(async () => {
      if (client !== this.client) return;
      this.busy = true;
      try {
        const view = await call(client);
        if (client !== this.client) return;
        this.actionProblem = null;
        this.applySession(view);
        after?.(view);
      } catch (error) {
        if (client === this.client) this.applyProblem(error);
      } finally {
        if (client === this.client) this.busy = false;
      }
    });
    return this.queue;
  }

  private applyProblem(error: unknown): void {
    const problem: Problem =
      error instanceof CheckoutApiError
        ? error.problem
        : { type: 'about:blank', title: 'Error', status: 0, detail: String(error) };
    if (this.session) this.actionProblem = problem;
    else this.loadProblem = problem;
    emit(this, 'billpay-error', { paymentId: this.paymentId, problem });
    // The payment moved on without us (expired, cancelled elsewhere): show where it is now.
    if (this.session && (problem.currentState || problem.status === 409)) void this.refresh();
  }

  private applySession(view: SessionView): void {
    const previous = this.session;
    this.session = view;
    this.loadProblem = null;
    this.notice = null;
    this.followServerSelection(view, previous);

    const terminal = TERMINAL_STATUSES.includes(view.status);
    if (terminal) this.countdown.stop();
    else this.countdown.sync(view.expiresAt, view.serverTime);

    clearTimeout(this.pollTimer);
    if (view.status === 'authorizing') {
      this.stepInstance += 1;
      this.fieldErrors = {};
      this.cardBrand = null;
      if (!view.nextAction || view.nextAction.type === 'wait') {
        this.pollTimer = setTimeout(() => void this.refresh(), view.nextAction?.retryAfterMs ?? 1000);
      }
    }
    if (terminal || view.status !== previous?.status) this.dialogKind = null;

    this.announceTransition(view, previous);
    if (this.focusNextScreen) void this.focusScreen();
  }

  /** Shows the tab and method of the server's selection, e.g. after a reload. */
  private followServerSelection(view: SessionView, previous: SessionView | null): void {
    const selected = view.selection?.method ?? null;
    const tabOf = (methodId: string | null) =>
      view.tabs.find((tab) => tab.methods.some((method) => method.id === methodId));
    if (selected && selected !== previous?.selection?.method) {
      this.chosenMethod = selected;
      this.activeTab = tabOf(selected)?.id ?? this.activeTab;
    }
    if (!view.tabs.some((tab) => tab.id === this.activeTab)) this.activeTab = view.tabs[0]?.id ?? '';
  }

  private announceTransition(view: SessionView, previous: SessionView | null): void {
    const paymentId = view.id;
    if (!previous) {
      emit(this, 'billpay-ready', { paymentId, status: view.status });
      return;
    }
    if (view.status === previous.status) return;
    const end = { paymentId, returnUrl: view.returnUrl };
    switch (view.status) {
      case 'succeeded':
        if (view.slip) emit(this, 'billpay-success', view.slip);
        break;
      case 'cancelled':
        emit(this, 'billpay-cancel', end);
        break;
      case 'expired':
        emit(this, 'billpay-expire', end);
        break;
      case 'failed':
        emit(this, 'billpay-failure', { paymentId, error: view.lastError, attemptsLeft: 0, final: true });
        break;
      case 'awaiting_method':
        // Back to choosing after an attempt: declined, the customer may try another method.
        if (previous.status === 'authorizing' && view.lastError) {
          emit(this, 'billpay-failure', {
            paymentId,
            error: view.lastError,
            attemptsLeft: view.attemptsLeft,
            final: false,
          });
        }
        break;
    }
  }

  /** Moves focus to where the new screen starts, so keyboard and screen-reader users follow. */
  private async focusScreen(): Promise<void> {
    await this.updateComplete;
    const root = this.renderRoot;
    const status = this.session?.status;
    if (status === 'authorizing' && this.session?.nextAction?.type === 'wait') {
      root.querySelector<HTMLElement>('.processing')?.focus();
      return; // keep the flag: the screen after processing gets focus too
    }
    this.focusNextScreen = false;
    const target =
      root.querySelector<HTMLElement>('form.step input') ??
      root.querySelector<HTMLElement>('#result-title') ??
      root.querySelector<HTMLElement>('.alert:not(.empty)') ??
      root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
    target?.focus();
  }

  // --- customer actions -------------------------------------------------------------------

  private activateTab(tabId: string): void {
    this.activeTab = tabId;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#tab-${CSS.escape(tabId)}`)?.focus(),
    );
  }

  private chooseMethod(methodId: string): void {
    this.chosenMethod = methodId;
    this.notice = null;
  }

  private selectGateway(methodId: string, gatewayId: string): void {
    this.notice = null;
    void this.run(
      (client) => client.select(methodId, gatewayId),
      (view) => {
        const method = view.tabs.flatMap((tab) => tab.methods).find((m) => m.id === view.selection?.method);
        const gateway = method?.gateways.find((g) => g.id === view.selection?.gateway);
        if (!method || !gateway || !view.selection) return;
        emit(this, 'billpay-method-select', {
          paymentId: view.id,
          method: { id: method.id, name: method.name },
          gateway: { id: gateway.id, name: gateway.name },
          quote: view.selection.quote,
        });
      },
    );
  }

  private async payNow(): Promise<void> {
    await this.queue; // a gateway click may still be on its way to the server
    const selection = this.session?.selection;
    if (!selection || selection.method !== this.chosenMethod) {
      this.notice = this.l.t.chooseGatewayFirst;
      return;
    }
    this.openDialog('pay');
  }

  private openDialog(kind: ConfirmKind): void {
    const active = (this.renderRoot as ShadowRoot).activeElement;
    this.dialogOpener = active instanceof HTMLElement ? active : null;
    this.dialogKind = kind;
  }

  /** Opens or closes the native dialog to match `dialogKind`, after each render. */
  private syncDialog(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (!dialog) return;
    if (this.dialogKind && !dialog.open) {
      dialog.showModal();
      // Cancelling is the destructive answer there, so the safe "No" takes focus.
      const initial = this.dialogKind === 'cancel' ? '[part="dialog-no"]' : '[part="dialog-yes"]';
      dialog.querySelector<HTMLElement>(initial)?.focus();
    } else if (!this.dialogKind && dialog.open) {
      dialog.close();
    }
  }

  private answerDialog(yes: boolean): void {
    const kind = this.dialogKind;
    this.dialogKind = null;
    const opener = this.dialogOpener;
    this.dialogOpener = null;
    if (!yes || !kind) {
      void this.updateComplete.then(() => opener?.focus());
      return;
    }
    this.focusNextScreen = true;
    if (kind === 'pay') {
      emit(this, 'billpay-submit', { paymentId: this.paymentId, step: 'confirm' });
      void this.run((client) => client.confirm());
    } else {
      void this.run((client) => client.cancel());
    }
  }

  private onCardNumberInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    const brand = detectCardBrand(input.value);
    this.cardBrand = brand ? CARD_BRAND_NAMES[brand] ?? brand : null;
    // Regroup only while typing at the end, so editing in the middle keeps the caret where it is.
    if (input.selectionStart === input.value.length) {
      input.value = this.l.digits(formatCardNumberForDisplay(input.value));
    }
  }

  private submitStep(event: SubmitEvent, type: StepType): void {
    event.preventDefault();
    if (this.busy) return;
    const form = event.target as HTMLFormElement;
    const reading = readStepForm(type, new FormData(form), this.l.t);
    if (!reading.ok) {
      this.fieldErrors = reading.errors;
      void this.updateComplete.then(() =>
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    this.fieldErrors = {};
    this.focusNextScreen = true;
    emit(this, 'billpay-submit', { paymentId: this.paymentId, step: type });
    void this.run((client) => client.authorize(reading.step));
  }

  private print(): void {
    window.print();
  }

  // --- rendering --------------------------------------------------------------------------

  private errorLines(): string[] {
    const { t, digits } = this.l;
    const lines: string[] = [];
    if (this.notice) lines.push(this.notice);
    const problem = this.actionProblem;
    if (problem) {
      lines.push(problem.status === 0 ? t.errors.network : problem.detail ?? problem.title);
      for (const fieldError of problem.errors ?? []) lines.push(fieldError.message);
    }
    const lastError = this.session?.lastError;
    if (lastError && this.session && !TERMINAL_STATUSES.includes(this.session.status)) {
      lines.push(t.errors.byCode[lastError.code] ?? lastError.message);
      if (lastError.triesLeft !== undefined && this.session.status === 'authorizing') {
        lines.push(t.errors.triesLeft(digits(String(lastError.triesLeft))));
      }
      if (this.session.status === 'awaiting_method') {
        lines.push(t.errors.attemptsLeft(digits(String(this.session.attemptsLeft))));
      }
    }
    return lines;
  }

  private renderTimer(session: SessionView): TemplateResult | typeof nothing {
    const left = this.countdown.remainingSeconds;
    if (left === null) return nothing;
    const { t, digits } = this.l;
    const { minutes, seconds } = splitSeconds(left);
    const phrase = session.status === 'authorizing' ? t.timer.completeWithin : t.timer.selectWithin;
    const warning = this.countdown.warning;
    return html`<p class=${warning ? 'timer warning' : 'timer'} part=${warning ? 'timer timer-warning' : 'timer'} role="timer">
      ${phrase(digits(String(minutes)), digits(String(seconds).padStart(2, '0')))}
    </p>`;
  }

  private announcement(): string {
    const minutes = this.countdown.announcedMinutes;
    if (minutes === null || !this.countdown.running) return '';
    return minutes === 1 ? this.l.t.timer.oneMinuteLeft : this.l.t.timer.minutesLeft(this.l.digits(String(minutes)));
  }

  private renderScreen(session: SessionView): TemplateResult {
    const l = this.l;
    const { status, nextAction } = session;
    if (TERMINAL_STATUSES.includes(status)) {
      return renderResult({
        status: status as ResultProps['status'],
        slip: session.slip,
        returnUrl: session.returnUrl,
        l,
        resolveUrl: (url) => this.client?.resolve(url) ?? url,
        onPrint: () => this.print(),
      });
    }
    const body =
      status === 'authorizing'
        ? !nextAction || nextAction.type === 'wait'
          ? renderProcessing(l)
          : keyed(
              this.stepInstance,
              renderStep({
                type: nextAction.type,
                provider: nextAction.provider ?? session.selection?.method ?? '',
                l,
                fieldErrors: this.fieldErrors,
                cardBrand: this.cardBrand,
                onCardNumberInput: (event) => this.onCardNumberInput(event),
                onSubmit: (event) => this.submitStep(event, nextAction.type as StepType),
                onCancel: () => this.openDialog('cancel'),
              }),
            )
        : renderSelection({
            session,
            l,
            activeTab: this.activeTab,
            chosenMethod: this.chosenMethod,
            onTabActivate: (tabId) => this.activateTab(tabId),
            onMethodChoose: (methodId) => this.chooseMethod(methodId),
            onGatewaySelect: (methodId, gatewayId) => this.selectGateway(methodId, gatewayId),
            onPayNow: () => void this.payNow(),
            onCancel: () => this.openDialog('cancel'),
          });
    return html`
      ${renderSummary(session, l)} ${this.renderTimer(session)} ${errorAlert(this.errorLines())}
      ${body} ${this.renderDialog(session)}
      <div class="visually-hidden" aria-live="polite" aria-atomic="true">${this.announcement()}</div>
    `;
  }

  private renderDialog(session: SessionView): TemplateResult {
    const { t, digits } = this.l;
    const selection = session.selection;
    const methodName =
      session.tabs.flatMap((tab) => tab.methods).find((method) => method.id === selection?.method)?.name ?? '';
    const pay = this.dialogKind !== 'cancel';
    return renderConfirmDialog({
      title: pay ? t.dialog.payTitle : t.dialog.cancelTitle,
      body: pay
        ? t.dialog.payBody(digits(selection?.quote.total ?? ''), methodName, selection?.gateway ?? '')
        : t.dialog.cancelBody,
      l: this.l,
      onAnswer: (yes) => this.answerDialog(yes),
    });
  }

  protected override render(): TemplateResult {
    const l = this.l;
    let content: TemplateResult;
    if (!this.paymentId || !this.clientSecret) {
      content = html`<p part="error" class="alert">${l.t.missingAttributes}</p>`;
    } else if (this.session) {
      content = this.renderScreen(this.session);
    } else if (this.loadProblem) {
      const problem = this.loadProblem;
      content = html`
        ${errorAlert([problem.status === 0 ? l.t.errors.network : problem.detail ?? problem.title])}
        <div class="actions" part="actions">
          <button type="button" class="primary" @click=${() => this.start()}>${l.t.errors.retry}</button>
        </div>
      `;
    } else {
      content = html`<p class="loading" part="loading" role="status">${l.t.loading}</p>`;
    }
    return html`<div class="base" part="base" lang=${l.t.lang} aria-busy=${this.busy ? 'true' : 'false'}>
      ${content}
    </div>`;
  }
}

if (!customElements.get('billpay-checkout')) customElements.define('billpay-checkout', BillpayCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'billpay-checkout': BillpayCheckout;
  }
}
