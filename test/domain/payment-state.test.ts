import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  PAYMENT_EVENTS,
  PAYMENT_STATES,
  TRANSITIONS,
  canTransition,
  deadlineEvent,
  isTerminal,
  transition,
  type PaymentEvent,
  type PaymentState,
} from '../../domain/payment-state.js';

const NON_TERMINAL: PaymentState[] = ['awaiting_method', 'awaiting_confirmation', 'authorizing'];
const TERMINAL: PaymentState[] = ['succeeded', 'failed', 'cancelled', 'expired'];

describe('payment state table', () => {
  it.each([
    ['awaiting_method', 'select', 'awaiting_confirmation'],
    ['awaiting_confirmation', 'select', 'awaiting_confirmation'],
    ['awaiting_confirmation', 'confirm', 'authorizing'],
    ['authorizing', 'authorize_step', 'authorizing'],
    ['authorizing', 'attempt_declined', 'awaiting_method'],
    ['authorizing', 'succeed', 'succeeded'],
    ['authorizing', 'fail', 'failed'],
    ['authorizing', 'authorization_timeout', 'failed'],
    ['awaiting_method', 'expire', 'expired'],
    ['awaiting_confirmation', 'expire', 'expired'],
    ['awaiting_method', 'cancel', 'cancelled'],
    ['awaiting_confirmation', 'cancel', 'cancelled'],
    ['authorizing', 'cancel', 'cancelled'],
  ] as Array<[PaymentState, PaymentEvent, PaymentState]>)('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toBe(to);
  });

  it('refuses every pair not in the table with an error naming the current state', () => {
    for (const state of PAYMENT_STATES) {
      for (const event of PAYMENT_EVENTS) {
        if (TRANSITIONS[state][event] !== undefined) continue;
        expect(canTransition(state, event)).toBe(false);
        const thrown = (() => {
          try {
            transition(state, event);
          } catch (error) {
            return error;
          }
          return undefined;
        })();
        expect(thrown).toBeInstanceOf(IllegalTransitionError);
        expect((thrown as IllegalTransitionError).currentState).toBe(state);
        expect((thrown as IllegalTransitionError).message).toContain(state.replace(/_/g, ' '));
      }
    }
  });

  it('has no way out of a terminal state, and a cancel and a deadline from every other', () => {
    for (const state of TERMINAL) {
      expect(isTerminal(state)).toBe(true);
      expect(deadlineEvent(state)).toBeNull();
    }
    for (const state of NON_TERMINAL) {
      expect(isTerminal(state)).toBe(false);
      expect(transition(state, 'cancel')).toBe('cancelled');
      const onDeadline = deadlineEvent(state);
      expect(onDeadline).not.toBeNull();
      expect(isTerminal(transition(state, onDeadline as PaymentEvent))).toBe(true);
    }
  });

  it('only ever reaches known states along any event sequence, and stops at terminal ones', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PAYMENT_EVENTS), { maxLength: 30 }), (events) => {
        let state: PaymentState = 'awaiting_method';
        for (const event of events) {
          if (!canTransition(state, event)) {
            expect(() => transition(state, event)).toThrow(IllegalTransitionError);
            continue;
          }
          const wasTerminal = isTerminal(state);
          state = transition(state, event);
          expect(wasTerminal).toBe(false);
          expect(PAYMENT_STATES).toContain(state);
        }
      }),
    );
  });
});
