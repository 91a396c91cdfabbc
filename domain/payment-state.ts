/**
 * The payment state machine as one explicit table: for each state, the events it accepts and the
 * state each leads to. Anything not in the table is illegal and throws IllegalTransitionError,
 * which carries the current state so the server can answer a 409 that names it.
 */

export const PAYMENT_STATES = [
  'awaiting_method',
  'awaiting_confirmation',
  'authorizing',
  'succeeded',
  'failed',
  'cancelled',
  'expired',
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export const PAYMENT_EVENTS = [
  /** The customer picked (or changed) a method + gateway row. */
  'select',
  /** "Pay Now" then "Yes": the selection timer stops, authorization starts. */
  'confirm',
  /** One step of instrument data that leads to another step (OTP after wallet number, …). */
  'authorize_step',
  /** The attempt was declined while attempts remain: back to choosing a method. */
  'attempt_declined',
  'succeed',
  /** The attempt was declined and no attempts remain. */
  'fail',
  'cancel',
  /** The selection window lapsed before confirm. */
  'expire',
  /** The authorization deadline lapsed. */
  'authorization_timeout',
] as const;
export type PaymentEvent = (typeof PAYMENT_EVENTS)[number];

type TransitionTable = { readonly [S in PaymentState]: Readonly<Partial<Record<PaymentEvent, PaymentState>>> };

export const TRANSITIONS: TransitionTable = {
  awaiting_method: {
    select: 'awaiting_confirmation',
    cancel: 'cancelled',
    expire: 'expired',
  },
  awaiting_confirmation: {
    select: 'awaiting_confirmation',
    confirm: 'authorizing',
    cancel: 'cancelled',
    expire: 'expired',
  },
  authorizing: {
    authorize_step: 'authorizing',
    attempt_declined: 'awaiting_method',
    succeed: 'succeeded',
    fail: 'failed',
    cancel: 'cancelled',
    authorization_timeout: 'failed',
  },
  succeeded: {},
  failed: {},
  cancelled: {},
  expired: {},
};

export class IllegalTransitionError extends Error {
  override readonly name = 'IllegalTransitionError';

  constructor(
    readonly currentState: PaymentState,
    readonly event: PaymentEvent,
  ) {
    super(`cannot ${event.replace(/_/g, ' ')} a payment that is ${currentState.replace(/_/g, ' ')}`);
  }
}

export function isIllegalTransitionError(error: unknown): error is IllegalTransitionError {
  return error instanceof IllegalTransitionError;
}

/** The state `event` leads to from `state`, or IllegalTransitionError. */
export function transition(state: PaymentState, event: PaymentEvent): PaymentState {
  const next = TRANSITIONS[state][event];
  if (next === undefined) throw new IllegalTransitionError(state, event);
  return next;
}

export function canTransition(state: PaymentState, event: PaymentEvent): boolean {
  return TRANSITIONS[state][event] !== undefined;
}

export function isTerminal(state: PaymentState): boolean {
  return Object.keys(TRANSITIONS[state]).length === 0;
}

export function isPaymentState(value: unknown): value is PaymentState {
  return typeof value === 'string' && (PAYMENT_STATES as readonly string[]).includes(value);
}

/**
 * What happens when the current state's deadline passes. Every non-terminal state has one, so
 * nothing waits forever; terminal states have none.
 */
export function deadlineEvent(state: PaymentState): PaymentEvent | null {
  switch (state) {
    case 'awaiting_method':
    case 'awaiting_confirmation':
      return 'expire';
    case 'authorizing':
      return 'authorization_timeout';
    default:
      return null;
  }
}

/** States in which the selection timer runs (it stops at confirm). */
export function selectionTimerRuns(state: PaymentState): boolean {
  return state === 'awaiting_method' || state === 'awaiting_confirmation';
}
