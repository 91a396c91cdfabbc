import { LitElement, type PropertyValues, type TemplateResult } from 'lit';
import { detectCardBrand, formatCardNumberForDisplay } from '../domain/card-number.js';
import { BANGLA_FONT_CSS_URL, METHOD_ART_PATH } from '../server/pages/assets/urls.js';
import { linkBanglaFont } from './bangla-font.js';
import { styles } from './billpay-checkout.styles.js';
import { CheckoutSession } from './checkout-session.js';
import { localization, type Localization } from './i18n/index.js';
import { TERMINAL_STATUSES, findMethod, methodNameOf, sameState, type PaymentStatus, type SessionView } from './session-view.js';
import { fieldErrorsFromProblem, readStepForm, type StepType } from './step-form.js';
import { renderCheckoutScreen, type CheckoutScreenActions } from './views/checkout-screen.js';
import { ConfirmDialogController, type ConfirmKind } from './views/confirm-dialog.js';
import { resultTexts, type EndStatus } from './views/result.js';
import { payableTotal } from './views/selection.js';

export type * from './events.js';
export type { Locale } from './i18n/index.js';
export type { PaymentStatus, SessionView, Slip } from './session-view.js';

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
 * Bangla needs a font, and a shadow root cannot declare `@font-face`: in Bangla the element adds
 * ONE `<link rel="stylesheet">` to the host document's `<head>` (unless the page already links it):
 * the gateway's `/assets/fonts/noto-sans-bengali.css`, which declares Noto Sans Bengali for the
 * Bengali block only (served cross-origin) and puts it first for `:lang(bn)` elements.
 * Method logos are images from the gateway too (`/assets/methods/<method>.svg`).
 *
 * @event billpay-ready - The session loaded. Detail: `{ paymentId, status }`.
 * @event billpay-method-select - The server accepted a gateway row. Detail: `{ paymentId, method, gateway, quote }`.
 * @event billpay-submit - The customer confirmed paying (`step: 'confirm'`) or submitted an instrument step. Detail: `{ paymentId, step }`.
 * @event billpay-success - The payment succeeded. Detail: the payment slip.
 * @event billpay-failure - An attempt was declined (`final: false`) or the payment failed (`final: true`). Detail: `{ paymentId, error, attemptsLeft, final, returnUrl }`.
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
 * @csspart retry-button - "Try again" when the payment could not be loaded.
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
 * @csspart method-logo - A method's logo tile.
 * @csspart radio - Every radio input (methods and gateway rows).
 * @csspart table-wrapper - The gateway table's scroll box.
 * @csspart table - The gateway table.
 * @csspart table-caption - The gateway table's caption.
 * @csspart table-head - The gateway table's header row.
 * @csspart row - Each gateway row.
 * @csspart row-selected - The selected gateway row.
 * @csspart note - The discount note.
 * @csspart payable - The chosen row's total payable, above Pay.
 * @csspart payable-amount - Its amount, large.
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
 * @csspart button-logo - The detected card brand's logo on the card form's button.
 * @csspart processing - The "processing" state.
 * @csspart result - The end state (with `result-succeeded`, `result-failed`, `result-cancelled`, `result-expired`).
 * @csspart result-title - Its heading.
 * @csspart slip - The payment slip.
 * @csspart slip-title - Its heading.
 * @csspart slip-actions - Print, printable slip and PDF.
 * @csspart print-button - Print slip.
 * @csspart slip-link - The server's printable slip.
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
    activeTab: { state: true },
    chosenMethod: { state: true },
    notice: { state: true },
    endAnnouncement: { state: true },
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

  declare private activeTab: string;
  /** The method picked in the active tab, before or after choosing its gateway. */
  declare private chosenMethod: string | null;
  /** A message of the widget itself (not the server's), e.g. "choose a gateway first". */
  declare private notice: string | null;
  /** Said politely when the payment ends while focus is elsewhere (e.g. it expires). */
  declare private endAnnouncement: string;
  declare private fieldErrors: Record<string, string>;
  declare private cardBrand: string | null;

  private readonly checkout = new CheckoutSession(this, (view, previous) => this.onSession(view, previous));
  /** Renews the step form (and so clears what was typed) on every response while authorizing. */
  private stepInstance = 0;
  /** Set by the customer's actions: the next screen takes focus. Loads and polls never steal it. */
  private focusNextScreen = false;
  private readonly dialog = new ConfirmDialogController(this, (kind) => this.onConfirmed(kind));

  constructor() {
    super();
    this.paymentId = '';
    this.clientSecret = '';
    this.apiBase = '';
    this.locale = 'en';
    this.activeTab = '';
    this.chosenMethod = null;
    this.notice = null;
    this.endAnnouncement = '';
    this.fieldErrors = {};
    this.cardBrand = null;
  }

  /** The payment's status as last seen from the server; null before the first answer. */
  get status(): PaymentStatus | null {
    return this.checkout.session?.status ?? null;
  }

  /** Asks the server for the session again (the widget does so itself when a timer runs out). */
  refresh(): Promise<void> {
    return this.checkout.refresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a disconnect (moved in the DOM, a React remount): start over.
    if (this.hasUpdated && !this.checkout.started) this.restart();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('paymentId') || changed.has('clientSecret') || changed.has('apiBase')) this.restart();
    if (this.l.locale === 'bn') linkBanglaFont(new URL(BANGLA_FONT_CSS_URL, new URL(this.apiBase, document.baseURI)).href);
  }

  private get l(): Localization {
    return localization(this.locale);
  }

  private restart(): void {
    this.notice = null;
    this.endAnnouncement = '';
    this.dialog.dismiss();
    this.checkout.stop();
    if (!this.paymentId || !this.clientSecret) return;
    void this.checkout.start({
      apiBase: this.apiBase ?? '',
      paymentId: this.paymentId,
      clientSecret: this.clientSecret,
      locale: this.l.locale,
    });
  }

  private onSession(view: SessionView, previous: SessionView | null): void {
    this.notice = null;
    this.followServerSelection(view, previous);
    // A new step, or the same one answered again (a wrong code): fresh, empty inputs. The same
    // state read twice (an answer and the event stream's push of it) keeps what is typed.
    if (view.status === 'authorizing' && !(previous && sameState(previous, view))) {
      this.stepInstance += 1;
      this.fieldErrors = {};
      this.cardBrand = null;
    }
    const statusChanged = previous !== null && view.status !== previous.status;
    if (statusChanged) this.dialog.dismiss();
    // Focus follows the customer's actions, and the end of the payment if focus was in the widget.
    const ended = statusChanged && TERMINAL_STATUSES.includes(view.status);
    if (this.focusNextScreen || (ended && this.matches(':focus-within'))) {
      this.focusNextScreen = true;
      void this.focusScreen();
    } else if (ended) {
      this.endAnnouncement = resultTexts(view.status as EndStatus, this.l).title;
    }
  }

  /** Shows the tab and method of the server's selection, e.g. after a reload. */
  private followServerSelection(view: SessionView, previous: SessionView | null): void {
    const selected = view.selection?.method ?? null;
    if (selected && selected !== previous?.selection?.method) {
      this.chosenMethod = selected;
      const tab = view.tabs.find((candidate) => candidate.methods.some((method) => method.id === selected));
      if (tab) this.activeTab = tab.id;
    }
    if (!view.tabs.some((tab) => tab.id === this.activeTab)) this.activeTab = view.tabs[0]?.id ?? '';
  }

  /** Moves focus to where the new screen starts, so keyboard and screen-reader users follow. */
  private async focusScreen(): Promise<void> {
    await this.updateComplete;
    const root = this.renderRoot;
    const session = this.checkout.session;
    if (session?.status === 'authorizing' && (!session.nextAction || session.nextAction.type === 'wait')) {
      root.querySelector<HTMLElement>('.processing')?.focus();
      return; // keep the flag: the screen after processing takes focus too
    }
    this.focusNextScreen = false;
    const target =
      root.querySelector<HTMLElement>('form.step input') ??
      root.querySelector<HTMLElement>('#result-title') ??
      root.querySelector<HTMLElement>('.alert:not(.empty)') ??
      root.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
    target?.focus();
  }

  // --- the customer's actions ---------------------------------------------------------------

  private activateTab(tabId: string): void {
    this.activeTab = tabId;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#tab-${CSS.escape(tabId)}`)?.focus(),
    );
  }

  private chooseMethod(methodId: string): void {
    this.chosenMethod = methodId;
    this.notice = null;
    // A method with one gateway has nothing left to choose: its row is taken at once.
    const gateways = this.checkout.session ? findMethod(this.checkout.session, methodId)?.gateways : undefined;
    if (gateways?.length === 1) this.selectGateway(methodId, gateways[0]!.id);
  }

  private selectGateway(methodId: string, gatewayId: string): void {
    this.notice = null;
    void this.checkout.select(methodId, gatewayId);
  }

  private async payNow(): Promise<void> {
    await this.checkout.settled(); // a gateway click may still be on its way to the server
    const session = this.checkout.session;
    // Pay for what is on screen: the selected row must belong to the method the active tab shows.
    if (!session || !payableTotal(session, this.activeTab, this.chosenMethod)) {
      const methodShown = session?.tabs.some((tab) => tab.id === this.activeTab && tab.methods.some((m) => m.id === this.chosenMethod));
      this.notice = methodShown ? this.l.t.chooseGatewayFirst : this.l.t.chooseMethodFirst;
      return;
    }
    this.dialog.open('pay');
  }

  private onConfirmed(kind: ConfirmKind): void {
    this.focusNextScreen = true;
    void (kind === 'pay' ? this.checkout.confirm() : this.checkout.cancel());
  }

  private onCardNumberInput(event: InputEvent): void {
    const input = event.target as HTMLInputElement;
    this.cardBrand = detectCardBrand(input.value);
    // Regroup only while typing at the end, so editing in the middle keeps the caret in place.
    if (input.selectionStart === input.value.length) {
      input.value = this.l.digits(formatCardNumberForDisplay(input.value));
    }
  }

  private async submitStep(event: SubmitEvent, type: StepType): Promise<void> {
    event.preventDefault();
    const session = this.checkout.session;
    if (this.checkout.busy || !session) return;
    const form = event.target as HTMLFormElement;
    const methodId = session.selection?.method ?? '';
    const method = { id: methodId, name: methodNameOf(session, methodId) };
    const reading = readStepForm(type, new FormData(form), this.l.t, method);
    if (!reading.ok) {
      this.showFieldErrors(form, reading.errors);
      return;
    }
    this.fieldErrors = {};
    this.focusNextScreen = true;
    await this.checkout.authorize(reading.step, type);
    // A 422 leaves the step (and what was typed) in place: show the server's words at the fields.
    const rejected = fieldErrorsFromProblem(this.checkout.actionProblem?.errors);
    if (Object.keys(rejected).length > 0) {
      this.focusNextScreen = false;
      this.showFieldErrors(form, rejected);
    }
  }

  private showFieldErrors(form: HTMLFormElement, errors: Record<string, string>): void {
    this.fieldErrors = errors;
    void this.updateComplete.then(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  // --- rendering ------------------------------------------------------------------------------

  /** The customer's actions as the screens call them (arrow functions: they are passed on unbound). */
  private readonly screenActions: CheckoutScreenActions = {
    retryLoad: () => this.restart(),
    activateTab: (tabId) => this.activateTab(tabId),
    chooseMethod: (methodId) => this.chooseMethod(methodId),
    selectGateway: (methodId, gatewayId) => this.selectGateway(methodId, gatewayId),
    payNow: () => void this.payNow(),
    askToCancel: () => this.dialog.open('cancel'),
    answerDialog: (yes) => this.dialog.answer(yes),
    cardNumberInput: (event) => this.onCardNumberInput(event),
    submitStep: (event, type) => void this.submitStep(event, type),
    resolveUrl: (url) => this.checkout.resolve(url),
    artUrl: (methodId) => this.checkout.resolve(`${METHOD_ART_PATH}${methodId}.svg`),
    print: () => window.print(),
  };

  protected override render(): TemplateResult {
    const { session, loadProblem, actionProblem, countdown } = this.checkout;
    return renderCheckoutScreen(
      {
        l: this.l,
        configured: Boolean(this.paymentId && this.clientSecret),
        session,
        loadProblem,
        actionProblem,
        countdown,
        activeTab: this.activeTab,
        chosenMethod: this.chosenMethod,
        notice: this.notice,
        endAnnouncement: this.endAnnouncement,
        stepInstance: this.stepInstance,
        fieldErrors: this.fieldErrors,
        cardBrand: this.cardBrand,
        dialogKind: this.dialog.kind,
      },
      this.screenActions,
    );
  }
}

if (!customElements.get('billpay-checkout')) customElements.define('billpay-checkout', BillpayCheckout);

declare global {
  interface HTMLElementTagNameMap {
    'billpay-checkout': BillpayCheckout;
  }
}
