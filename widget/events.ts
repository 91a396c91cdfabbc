import type { LastError, NextActionType, PaymentStatus, Problem, Quote, Slip } from './session-view.js';

/**
 * Every event `<billpay-checkout>` dispatches, in one place. All bubble and are composed, so a
 * listener on the host page (or on a shadow root that hosts the widget) hears them; none is
 * cancelable. `HTMLElementEventMap` is augmented below, so `el.addEventListener('billpay-success',
 * (e) => e.detail.trackingNumber)` is typed.
 */

export interface BillpayReadyDetail {
  paymentId: string;
  status: PaymentStatus;
}

export interface BillpayMethodSelectDetail {
  paymentId: string;
  method: { id: string; name: string };
  gateway: { id: string; name: string };
  quote: Quote;
}

export interface BillpaySubmitDetail {
  paymentId: string;
  /** `confirm` when the customer said Yes to paying; otherwise the instrument step submitted. */
  step: 'confirm' | Exclude<NextActionType, 'wait'>;
}

/** A declined attempt (`final: false`, the customer may pick another method) or the end (`final: true`). */
export interface BillpayFailureDetail {
  paymentId: string;
  error: LastError | null;
  attemptsLeft: number;
  final: boolean;
  /** With `final`: where the merchant asked the browser to go back to, signed; otherwise null. */
  returnUrl: string | null;
}

export interface BillpayEndDetail {
  paymentId: string;
  /** Where the merchant asked the browser to go back to, signed; null when it gave none. */
  returnUrl: string | null;
}

export interface BillpayErrorDetail {
  paymentId: string;
  problem: Problem;
}

export interface BillpayEventDetails {
  'billpay-ready': BillpayReadyDetail;
  'billpay-method-select': BillpayMethodSelectDetail;
  'billpay-submit': BillpaySubmitDetail;
  'billpay-success': Slip;
  'billpay-failure': BillpayFailureDetail;
  'billpay-cancel': BillpayEndDetail;
  'billpay-expire': BillpayEndDetail;
  'billpay-error': BillpayErrorDetail;
}

export type BillpayEventName = keyof BillpayEventDetails;

export type BillpayEvent<Name extends BillpayEventName> = CustomEvent<BillpayEventDetails[Name]>;

export const BILLPAY_EVENT_NAMES: readonly BillpayEventName[] = [
  'billpay-ready',
  'billpay-method-select',
  'billpay-submit',
  'billpay-success',
  'billpay-failure',
  'billpay-cancel',
  'billpay-expire',
  'billpay-error',
];

/** Dispatches a typed billpay event from `target`: bubbles, composed, not cancelable. */
export function emit<Name extends BillpayEventName>(
  target: EventTarget,
  name: Name,
  detail: BillpayEventDetails[Name],
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

declare global {
  interface HTMLElementEventMap {
    'billpay-ready': BillpayEvent<'billpay-ready'>;
    'billpay-method-select': BillpayEvent<'billpay-method-select'>;
    'billpay-submit': BillpayEvent<'billpay-submit'>;
    'billpay-success': BillpayEvent<'billpay-success'>;
    'billpay-failure': BillpayEvent<'billpay-failure'>;
    'billpay-cancel': BillpayEvent<'billpay-cancel'>;
    'billpay-expire': BillpayEvent<'billpay-expire'>;
    'billpay-error': BillpayEvent<'billpay-error'>;
  }
}
