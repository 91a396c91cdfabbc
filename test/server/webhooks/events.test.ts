import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAYMENT_STATES, TRANSITIONS, type PaymentEvent, type PaymentState } from '../../../domain/payment-state.js';
import {
  recordWebhookEvent,
  webhookEventFor,
  type TransitionForWebhook,
} from '../../../server/webhooks/events.js';
import { SqliteStore } from '../../../server/storage/sqlite/store.js';
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
  let store: SqliteStore;
  beforeEach(() => {
    outbox = createOutboxFile();
    store = new SqliteStore(outbox.open());
  });
  afterEach(async () => {
    await store.close();
    outbox.remove();
  });
  /** Records in a unit of its own, as a transition listener does in its transition's. */
  const record = (t: TransitionForWebhook, url: string | null) => store.transact((tx) => recordWebhookEvent(tx, t, url));

  const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('writes the event body exactly as it will be sent, and a pending delivery', async () => {
    const slip = { trackingNumber: '6305191204122348404', amounts: { total: '11.12' } };
    const succeeded = transition('authorizing', 'succeed', 'succeeded', { slip });
    const recorded = await record(succeeded, hookUrl);
    expect(recorded?.type).toBe('payment.succeeded');
    expect(recorded?.eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(recorded?.deliveryId).toMatch(/^whd_[0-9a-f]{32}$/);

    const event = store.db.prepare('SELECT * FROM webhook_events').get() as Record<string, unknown>;
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

    const delivery = store.db.prepare('SELECT * FROM webhook_deliveries').get() as Record<string, unknown>;
    expect(delivery).toMatchObject({
      id: recorded?.deliveryId,
      event_id: recorded?.eventId,
      url: hookUrl,
      status: 'pending',
      attempt_count: 0,
    });
    expect(delivery.next_attempt_at).toBe(at.getTime());
  });

  it('gives every event its own time-ordered id', async () => {
    const ids: Array<string | undefined> = [];
    for (const to of ['cancelled', 'expired', 'failed'] as const) ids.push((await record(transition('awaiting_method', 'cancel', to), hookUrl))?.eventId);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort()).toEqual(ids);
  });

  it('writes nothing for a transition that announces nothing, or without a URL', async () => {
    const select = transition('awaiting_method', 'select', 'awaiting_confirmation');
    expect(await record(select, hookUrl)).toBeNull();
    expect(await record(transition('authorizing', 'succeed', 'succeeded'), null)).toBeNull();
    expect(await record(transition('authorizing', 'succeed', 'succeeded'), '')).toBeNull();
    expect(count('webhook_events')).toBe(0);
    expect(count('webhook_deliveries')).toBe(0);
  });

  it('leaves no event behind when the state change it belongs to rolls back', async () => {
    const stateChange = store.transact(async (tx) => {
      await recordWebhookEvent(tx, transition('authorizing', 'succeed', 'succeeded'), hookUrl);
      throw new Error('tracking number collision');
    });
    await expect(stateChange).rejects.toThrow('tracking number collision');
    expect(count('webhook_events')).toBe(0);
    expect(count('webhook_deliveries')).toBe(0);
  });
});
