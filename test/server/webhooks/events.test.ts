import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAYMENT_STATES, TRANSITIONS, type PaymentEvent, type PaymentState } from '../../../domain/payment-state.js';
import {
  recordWebhookEvent,
  webhookEventFor,
  type TransitionForWebhook,
} from '../../../server/webhooks/events.js';
import { createOutboxFile } from './outbox-db.js';

const at = new Date('2026-11-22T06:42:00.000Z');

const hookUrl = 'http://127.0.0.1:9/hook';

function transition(from: PaymentState, event: PaymentEvent, to: PaymentState, extra = {}): TransitionForWebhook {
  const payment = { id: 'pay_1', status: to, amount: '11.00', ...extra };
  return { payment, from, to, event, at, merchantId: 'desco' };
}

describe('webhookEventFor', () => {
  const expected: Record<string, string> = {
    succeeded: 'payment.succeeded',
    failed: 'payment.failed',
    cancelled: 'payment.cancelled',
    expired: 'payment.expired',
  };
  const allTransitions = PAYMENT_STATES.flatMap((from) =>
    Object.entries(TRANSITIONS[from]).map(([event, to]) => ({ from, event: event as PaymentEvent, to })),
  );

  it.each(allTransitions)('maps $from --$event--> $to', ({ from, event, to }) => {
    const type = webhookEventFor(transition(from, event, to));
    if (event === 'attempt_declined') expect(type).toBe('payment.attempt_failed');
    else expect(type).toBe(expected[to] ?? null);
  });

  it('announces every terminal state and the declined attempt, nothing else', () => {
    const announced = new Set(allTransitions.map((t) => webhookEventFor(transition(t.from, t.event, t.to))));
    expect([...announced].sort()).toEqual([
      null,
      'payment.attempt_failed',
      'payment.cancelled',
      'payment.expired',
      'payment.failed',
      'payment.succeeded',
    ]);
  });
});

describe('recordWebhookEvent', () => {
  let outbox: ReturnType<typeof createOutboxFile>;
  let db: Database;
  beforeEach(() => {
    outbox = createOutboxFile();
    db = outbox.open();
  });
  afterEach(() => {
    db.close();
    outbox.remove();
  });

  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('writes the event body exactly as it will be sent, and a pending delivery', () => {
    const slip = { trackingNumber: '6305191204122348404', amounts: { total: '11.12' } };
    const succeeded = transition('authorizing', 'succeed', 'succeeded', { slip });
    const recorded = recordWebhookEvent(db, succeeded, hookUrl);
    expect(recorded?.type).toBe('payment.succeeded');
    expect(recorded?.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(recorded?.deliveryId).toMatch(/^whd_[0-9a-f]{32}$/);

    const event = db.prepare('SELECT * FROM webhook_events').get() as Record<string, unknown>;
    expect(event).toMatchObject({
      id: recorded?.eventId,
      merchant_id: 'desco',
      payment_id: 'pay_1',
      type: 'payment.succeeded',
    });
    expect(JSON.parse(event.body as string)).toEqual({
      id: recorded?.eventId,
      type: 'payment.succeeded',
      created: '2026-11-22T06:42:00.000Z',
      data: { payment: { id: 'pay_1', status: 'succeeded', amount: '11.00', slip } },
    });

    const delivery = db.prepare('SELECT * FROM webhook_deliveries').get() as Record<string, unknown>;
    expect(delivery).toMatchObject({
      id: recorded?.deliveryId,
      event_id: recorded?.eventId,
      url: hookUrl,
      status: 'pending',
      attempt_count: 0,
    });
    expect(delivery.next_attempt_at).toBe(at.getTime());
  });

  it('gives every event its own time-ordered id', () => {
    const ids = (['cancelled', 'expired', 'failed'] as const).map(
      (to) => recordWebhookEvent(db, transition('awaiting_method', 'cancel', to), hookUrl)?.eventId,
    );
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
  });

  it('writes nothing for a transition that announces nothing, or without a URL', () => {
    const select = transition('awaiting_method', 'select', 'awaiting_confirmation');
    expect(recordWebhookEvent(db, select, hookUrl)).toBeNull();
    expect(recordWebhookEvent(db, transition('authorizing', 'succeed', 'succeeded'), null)).toBeNull();
    expect(recordWebhookEvent(db, transition('authorizing', 'succeed', 'succeeded'), '')).toBeNull();
    expect(count('webhook_events')).toBe(0);
    expect(count('webhook_deliveries')).toBe(0);
  });

  it('leaves no event behind when the state change it belongs to rolls back', () => {
    const stateChange = db.transaction(() => {
      recordWebhookEvent(db, transition('authorizing', 'succeed', 'succeeded'), hookUrl);
      throw new Error('tracking number collision');
    });
    expect(stateChange).toThrow('tracking number collision');
    expect(count('webhook_events')).toBe(0);
    expect(count('webhook_deliveries')).toBe(0);
  });
});
