/**
 * The refund state machine as one explicit table, like the payment's (payment-state.ts): a refund
 * starts `pending` and ends `succeeded` or `failed`. Anything not in the table is illegal and
 * throws IllegalRefundTransitionError, which carries the current state so the server can answer
 * a 409 that names it.
 */

export const REFUND_STATES = ['pending', 'succeeded', 'failed'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export const REFUND_EVENTS = [
  /** The bank returned the money to the customer. */
  'succeed',
  /** The bank refused the refund; nothing was returned. */
  'fail',
] as const;
export type RefundEvent = (typeof REFUND_EVENTS)[number];

type RefundTransitionTable = { readonly [S in RefundState]: Readonly<Partial<Record<RefundEvent, RefundState>>> };

export const REFUND_TRANSITIONS: RefundTransitionTable = {
  pending: {
    succeed: 'succeeded',
    fail: 'failed',
  },
  succeeded: {},
  failed: {},
};

export class IllegalRefundTransitionError extends Error {
  override readonly name = 'IllegalRefundTransitionError';

  constructor(
    readonly currentState: RefundState,
    readonly event: RefundEvent,
  ) {
    super(`cannot ${event} a refund that is ${currentState}`);
  }
}

/** The state `event` leads to from `state`, or IllegalRefundTransitionError. */
export function refundTransition(state: RefundState, event: RefundEvent): RefundState {
  const next = REFUND_TRANSITIONS[state][event];
  if (next === undefined) throw new IllegalRefundTransitionError(state, event);
  return next;
}

export function canRefundTransition(state: RefundState, event: RefundEvent): boolean {
  return REFUND_TRANSITIONS[state][event] !== undefined;
}

export function isTerminalRefundState(state: RefundState): boolean {
  return Object.keys(REFUND_TRANSITIONS[state]).length === 0;
}

/**
 * What happens when a pending refund's deadline passes: the simulated bank's answer arrives and
 * the refund succeeds (the test control's `pending_then_success`). Every non-terminal state has a
 * deadline event, so no refund waits forever; terminal states have none.
 */
export function refundDeadlineEvent(state: RefundState): RefundEvent | null {
  return state === 'pending' ? 'succeed' : null;
}

/**
 * How a new refund ends, chosen per merchant by a test control: at once (`instant`), after a
 * while (`pending_then_success`), or refused by the bank (`failed`).
 */
export const REFUND_OUTCOMES = ['instant', 'pending_then_success', 'failed'] as const;
export type RefundOutcome = (typeof REFUND_OUTCOMES)[number];
