import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../server/clock.js';
import { silentLogger } from '../../../server/logger.js';
import { TransitionListeners, type PaymentTransition } from '../../../server/payments/events.js';
import { seedMerchants } from '../../../server/payments/merchants.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import type { PaymentView } from '../../../server/payments/view.js';
import { openDatabase, writeTransaction, type Database } from '../../../server/storage/database.js';
import { coreMigrations } from '../../../server/payments/migrations.js';
import { webhookMigrations } from '../../../server/webhooks/migrations.js';
import { setupWebhooks, type Webhooks } from '../../../server/webhooks/setup.js';
import { verifyWebhookSignature } from '../../../server/webhooks/signature.js';
import { tempDbFile } from '../../helpers/temp-db.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { eventually } from './dispatcher-harness.js';

const desco = {
  id: 'desco',
  name: 'Dhaka Electric Supply Company Ltd. (DESCO)',
  shortName: 'DESCO',
  utility: 'DESCO',
  billLayout: 'desco' as const,
  officeCode: '000',
  secretKey: 'sk_test_desco',
  webhookSecrets: ['whsec_desco_old', 'whsec_desco_new'],
};

let dbFile: ReturnType<typeof tempDbFile>;
let db: Database;
let receiver: WebhookReceiver;
let payments: TransitionListeners;
let webhooks: Webhooks;

beforeEach(async () => {
  dbFile = tempDbFile();
  db = openDatabase(dbFile.file, [...coreMigrations.sqlite, ...webhookMigrations.sqlite]);
  seedMerchants(db, [desco], new Date());
  receiver = await startWebhookReceiver();
  payments = new TransitionListeners();
  webhooks = setupWebhooks({
    db,
    payments: { onTransition: (listener) => payments.add(listener) },
    clock: systemClock,
    config: { fastWebhooks: true },
    logger: silentLogger(),
  });
  webhooks.start();
});
afterEach(async () => {
  await webhooks.stop();
  await receiver.close();
  db.close();
  dbFile.remove();
});

function succeeded(paymentId: string, webhookUrl: string | null): PaymentTransition {
  const payment = { id: paymentId, status: 'succeeded', amount: '11.00', webhookUrl } as unknown as PaymentView;
  const record = { id: paymentId, status: 'succeeded', webhookUrl } as unknown as PaymentRecord;
  return { payment, record, from: 'authorizing', to: 'succeeded', event: 'succeed', at: new Date(), merchantId: 'desco' };
}

describe('setupWebhooks', () => {
  it("delivers a committed transition to the payment's webhook URL, signed with each active secret", async () => {
    writeTransaction(db, () => payments.emit(succeeded('pay_committed', receiver.url)));
    const [request] = await receiver.waitForRequests(1, 5_000);
    const body = JSON.parse(request!.rawBody);
    expect(body).toMatchObject({ type: 'payment.succeeded', data: { payment: { id: 'pay_committed' } } });
    const signature = request!.headers['billpay-signature'] as string;
    for (const secret of desco.webhookSecrets) {
      expect(() => verifyWebhookSignature(request!.rawBody, signature, secret)).not.toThrow();
    }
    await eventually(() => deliveryStatus('pay_committed') === 'delivered');
  });

  it('sends nothing for a transition that rolled back, or for a payment without a webhook URL', async () => {
    expect(() =>
      writeTransaction(db, () => {
        payments.emit(succeeded('pay_rolled_back', receiver.url));
        throw new Error('the state change failed after the listener ran');
      }),
    ).toThrow('the state change failed');
    writeTransaction(db, () => payments.emit(succeeded('pay_no_url', null)));
    writeTransaction(db, () => payments.emit(succeeded('pay_marker', receiver.url)));

    const requests = await receiver.waitForRequests(1, 5_000);
    await webhooks.stop();
    expect(requests.map((r) => JSON.parse(r.rawBody).data.payment.id)).toEqual(['pay_marker']);
    expect(deliveryStatus('pay_rolled_back')).toBeUndefined();
    expect(deliveryStatus('pay_no_url')).toBeUndefined();
    expect(webhooks.routes.map((route) => `${route.method} ${route.path}`)).toEqual([
      'get /api/v1/webhook-deliveries',
      'post /api/v1/webhook-deliveries/:id/redeliver',
    ]);
  });
});

function deliveryStatus(paymentId: string): string | undefined {
  const row = db
    .prepare('SELECT status FROM webhook_deliveries JOIN webhook_events e ON e.id = event_id WHERE payment_id = ?')
    .get(paymentId) as { status: string } | undefined;
  return row?.status;
}
