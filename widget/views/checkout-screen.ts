import { html, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { CountdownController } from '../countdown.js';
import type { Localization } from '../i18n/index.js';
import { TERMINAL_STATUSES, findMethod, methodNameOf, type Problem, type SessionView } from '../session-view.js';
import type { StepType } from '../step-form.js';
import { errorAlert, errorLines } from './common.js';
import { renderConfirmDialog, type ConfirmKind } from './confirm-dialog.js';
import { renderResult, type EndStatus } from './result.js';
import { renderSelection } from './selection.js';
import { renderProcessing, renderStep } from './steps.js';
import { renderHeader, renderSummary } from './summary.js';
import { renderAnnouncement, renderTimer, timerAnnouncement } from './timer.js';

/**
 * Which screen <billpay-checkout> shows for its state: missing attributes, loading, a load error
 * with retry, the method selection, an instrument step, processing, or the result with the slip.
 * Pure rendering: the element (billpay-checkout.ts) owns the state and wires the actions.
 */

/** What the screens are drawn from: the server's session and the element's own UI state. */
export interface CheckoutScreenState {
  l: Localization;
  /** Both payment-id and client-secret are set. */
  configured: boolean;
  session: SessionView | null;
  /** The first load failed: nothing to show but the problem and a retry. */
  loadProblem: Problem | null;
  /** The last action failed; shown above the current screen. */
  actionProblem: Problem | null;
  countdown: CountdownController;
  activeTab: string;
  /** The method picked in the active tab, before or after choosing its gateway. */
  chosenMethod: string | null;
  /** A message of the widget itself (not the server's), e.g. "choose a gateway first". */
  notice: string | null;
  /** Said politely when the payment ends while focus is elsewhere. */
  endAnnouncement: string;
  /** Keys the step form: a new instance (and so empty inputs) on every response while authorizing. */
  stepInstance: number;
  fieldErrors: Record<string, string>;
  /** The brand detected in the card number typed so far, as a display name. */
  cardBrand: string | null;
  /** What the confirmation dialog asks about; null while it is closed. */
  dialogKind: ConfirmKind | null;
}

/** What the customer can do on the screens. */
export interface CheckoutScreenActions {
  retryLoad(): void;
  activateTab(tabId: string): void;
  chooseMethod(methodId: string): void;
  selectGateway(methodId: string, gatewayId: string): void;
  payNow(): void;
  askToCancel(): void;
  answerDialog(yes: boolean): void;
  cardNumberInput(event: InputEvent): void;
  submitStep(event: SubmitEvent, type: StepType): void;
  /** Turns a server-relative URL (slip links) into one the browser can open. */
  resolveUrl(url: string): string;
  /** The URL of a method's tile image on the gateway. */
  artUrl(methodId: string): string;
  print(): void;
}

/** The active screen below the summary: selection, an instrument step, or processing. */
function renderBody(session: SessionView, state: CheckoutScreenState, actions: CheckoutScreenActions) {
  const { l } = state;
  const { status, nextAction } = session;
  if (status !== 'authorizing') {
    return renderSelection({
      session,
      l,
      activeTab: state.activeTab,
      chosenMethod: state.chosenMethod,
      onTabActivate: actions.activateTab,
      onMethodChoose: actions.chooseMethod,
      onGatewaySelect: actions.selectGateway,
      onPayNow: actions.payNow,
      onCancel: actions.askToCancel,
      artUrl: actions.artUrl,
    });
  }
  if (!nextAction || nextAction.type === 'wait') return renderProcessing(l);
  const type = nextAction.type;
  return keyed(
    state.stepInstance,
    renderStep({
      type,
      provider: methodNameOf(session, session.selection?.method),
      l,
      fieldErrors: state.fieldErrors,
      cardBrand: state.cardBrand,
      total: session.selection ? l.money(session.selection.quote.total) : null,
      artUrl: actions.artUrl,
      onCardNumberInput: actions.cardNumberInput,
      onSubmit: (event) => actions.submitStep(event, type),
      onCancel: actions.askToCancel,
    }),
  );
}

/** "Pay 11.12 by VISA through EBL?" or "Cancel this payment?". */
function renderDialog(session: SessionView, state: CheckoutScreenState, actions: CheckoutScreenActions): TemplateResult {
  const { l } = state;
  const { t } = l;
  const selection = session.selection;
  const method = findMethod(session, selection?.method);
  const gateway = method?.gateways.find((candidate) => candidate.id === selection?.gateway);
  const gatewayName = gateway ? l.name(gateway) : '';
  const pay = state.dialogKind !== 'cancel';
  return renderConfirmDialog({
    title: pay ? t.dialog.payTitle : t.dialog.cancelTitle,
    body: pay ? t.dialog.payBody(l.amount(selection?.quote.total ?? '0'), method ? l.name(method) : '', gatewayName) : t.dialog.cancelBody,
    l,
    onAnswer: actions.answerDialog,
  });
}

function renderSession(session: SessionView, state: CheckoutScreenState, actions: CheckoutScreenActions): TemplateResult {
  const { l } = state;
  if (TERMINAL_STATUSES.includes(session.status)) {
    return html`${renderHeader(session, l)}
      ${renderResult({
        status: session.status as EndStatus,
        slip: session.slip,
        returnUrl: session.returnUrl,
        // The short name in English ("DESCO"); Bangla has only the full one.
        merchantName: l.locale === 'bn' ? session.merchant.bnName : session.merchant.shortName,
        l,
        resolveUrl: actions.resolveUrl,
        onPrint: actions.print,
      })}`;
  }
  return html`
    ${renderHeader(session, l)} ${renderSummary(session, l)} ${renderTimer(state.countdown, session.status, l)}
    ${errorAlert(errorLines(state.notice, state.actionProblem, session, l))} ${renderBody(session, state, actions)}
    ${renderDialog(session, state, actions)}
  `;
}

function renderContent(state: CheckoutScreenState, actions: CheckoutScreenActions): TemplateResult {
  const { l, session, loadProblem } = state;
  if (!state.configured) return html`<p class="alert" part="error">${l.t.missingAttributes}</p>`;
  if (session) return renderSession(session, state, actions);
  if (loadProblem) {
    return html`
      ${errorAlert(errorLines(null, loadProblem, null, l))}
      <div class="actions" part="actions">
        <button type="button" class="primary" part="retry-button" @click=${() => actions.retryLoad()}>
          ${l.t.errors.retry}
        </button>
      </div>
    `;
  }
  return html`<p class="loading" part="loading" role="status">${l.t.loading}</p>`;
}

/** The whole element: the screen for the state, and the one live region for announcements. */
export function renderCheckoutScreen(state: CheckoutScreenState, actions: CheckoutScreenActions): TemplateResult {
  const { l, session } = state;
  // One live region for the whole life of the element: its text changing is what gets announced.
  const announcement =
    session && TERMINAL_STATUSES.includes(session.status) ? state.endAnnouncement : timerAnnouncement(state.countdown, l);
  return html`<div class="base" part="base" lang=${l.t.lang}>
    ${renderContent(state, actions)} ${renderAnnouncement(announcement)}
  </div>`;
}
