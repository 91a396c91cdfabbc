import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IllegalRefundTransitionError,
  REFUND_EVENTS,
  REFUND_STATES,
  REFUND_TRANSITIONS,
  canRefundTransition,
  isTerminalRefundState,
  refundDeadlineEvent,
  refundTransition,
  type RefundEvent,
  type RefundState,
} from '../../domain/refund-state.js';

describe('refund state table', () => {
  it.each([
    ['pending', 'succeed', 'succeeded'],
    ['pending', 'fail', 'failed'],
  ] as Array<[RefundState, RefundEvent, RefundState]>)('%s --%s--> %s', (from, event, to) => {
    expect(refundTransition(from, event)).toBe(to);
  });

  it('answers every state/event pair: the table, or an error naming the current state', () => {
    for (const state of REFUND_STATES) {
      for (const event of REFUND_EVENTS) {
        const next = REFUND_TRANSITIONS[state][event];
        expect(canRefundTransition(state, event)).toBe(next !== undefined);
        if (next !== undefined) {
          expect(refundTransition(state, event)).toBe(next);
          continue;
        }
        let thrown: unknown;
        try {
          refundTransition(state, event);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(IllegalRefundTransitionError);
        expect((thrown as IllegalRefundTransitionError).currentState).toBe(state);
        expect((thrown as IllegalRefundTransitionError).message).toContain(state);
      }
    }
  });

  it('has no way out of a terminal state, and a deadline that ends every other', () => {
    expect(REFUND_STATES.filter(isTerminalRefundState)).toEqual(['succeeded', 'failed']);
    for (const state of REFUND_STATES) {
      const onDeadline = refundDeadlineEvent(state);
      if (isTerminalRefundState(state)) {
        expect(onDeadline).toBeNull();
      } else {
        expect(onDeadline).not.toBeNull();
        expect(isTerminalRefundState(refundTransition(state, onDeadline as RefundEvent))).toBe(true);
      }
    }
  });

  it('only ever reaches known states along any event sequence, and stops at terminal ones', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REFUND_EVENTS), { maxLength: 10 }), (events) => {
        let state: RefundState = 'pending';
        for (const event of events) {
          if (!canRefundTransition(state, event)) {
            expect(() => refundTransition(state, event)).toThrow(IllegalRefundTransitionError);
            continue;
          }
          expect(isTerminalRefundState(state)).toBe(false);
          state = refundTransition(state, event);
          expect(REFUND_STATES).toContain(state);
        }
      }),
    );
  });
});
