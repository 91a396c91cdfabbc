import { describe, expect, it } from 'vitest';
import { AnnouncedTransition, TransitionListeners, type PaymentTransition } from '../../../server/payments/events.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import type { PaymentView } from '../../../server/payments/view.js';
import type { Tx } from '../../../server/storage/port.js';
import { paidCardPayment as paid } from '../../helpers/payment-records.js';

const at = new Date('2026-11-22T06:42:05.000Z');

describe('AnnouncedTransition', () => {
  it('names the change, and builds the view of the changed record on the first read of payment only, once', () => {
    const built: PaymentRecord[] = [];
    const toView = (payment: PaymentRecord) => {
      built.push(payment);
      return { id: payment.id, status: payment.status } as PaymentView;
    };
    const transition = new AnnouncedTransition(paid, 'authorizing', 'succeeded', 'succeed', at, toView);
    expect(transition).toMatchObject({ record: paid, from: 'authorizing', to: 'succeeded', event: 'succeed', at, merchantId: paid.merchantId });
    expect(built).toEqual([]);
    const view = transition.payment;
    expect(view).toEqual({ id: paid.id, status: 'succeeded' });
    expect(transition.payment).toBe(view);
    expect(built).toEqual([paid]);
  });

  it('reaches every listener as the same transition, with the unit, the lazy view shared between them', async () => {
    const listeners = new TransitionListeners();
    let builds = 0;
    const seen: Array<{ transition: PaymentTransition; view: PaymentView }> = [];
    const tx = {} as Tx;
    const units = new Set<Tx>();
    for (let i = 0; i < 3; i += 1) {
      listeners.add((transition, unit) => {
        units.add(unit);
        seen.push({ transition, view: transition.payment });
      });
    }
    await listeners.emit(
      new AnnouncedTransition(paid, 'authorizing', 'succeeded', 'succeed', at, (payment) => {
        builds += 1;
        return { id: payment.id } as PaymentView;
      }),
      tx,
    );
    expect([...units]).toEqual([tx]);
    expect(builds).toBe(1);
    expect(new Set(seen.map(({ view }) => view)).size).toBe(1);
  });
});
