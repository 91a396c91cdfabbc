import express from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../server/clock.js';
import { errorHandler } from '../../../server/http/error-handler.js';
import { Unauthorized } from '../../../server/http/problems.js';
import { silentLogger } from '../../../server/logger.js';
import type { Merchant } from '../../../server/payments/merchants.js';
import { webhookDeliveryRoutes } from '../../../server/webhooks/routes.js';
import { webhookDeliveryListSchema, webhookDeliverySchema } from '../../../server/webhooks/schemas.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { createHarness } from './dispatcher-harness.js';

const merchant = (id: string): Merchant => ({ id, name: id, shortName: id, utility: null, billLayout: 'standard', officeCode: '000' });
const KEYS: Record<string, Merchant> = {
  'Bearer sk_desco': merchant('desco'),
  'Bearer sk_wzpdco': merchant('wzpdco'),
};

let harness: ReturnType<typeof createHarness>;
let receiver: WebhookReceiver;
let app: express.Express;
beforeEach(async () => {
  harness = createHarness(systemClock);
  receiver = await startWebhookReceiver({ respond: [500], otherwise: 200 });
  const dispatcher = harness.dispatcher();
  app = express();
  app.use(
    webhookDeliveryRoutes({
      store: harness.store,
      dispatcher,
      authenticateMerchant: async (req) => {
        const found = KEYS[req.headers.authorization ?? ''];
        if (!found) throw new Unauthorized('unknown secret key');
        return found;
      },
    }),
  );
  app.use(errorHandler(silentLogger()));
});
afterEach(async () => {
  await receiver.close();
  harness.close();
});

describe('GET /api/v1/webhook-deliveries', () => {
  it("lists the merchant's deliveries, oldest first, each with its attempts; or one payment's", async () => {
    const first = harness.queueEvent(receiver.url);
    const second = harness.queueEvent(receiver.url);
    await harness.dispatcher().runDue();
    const list = (query: Record<string, string>) =>
      request(app).get('/api/v1/webhook-deliveries').query(query).set('Authorization', 'Bearer sk_desco').expect(200);

    const all = await list({});
    expect(webhookDeliveryListSchema.parse(all.body)).toEqual(all.body);
    expect(all.body.data.map((d: { id: string }) => d.id)).toEqual([first.deliveryId, second.deliveryId]);
    // The receiver refused whichever came first and took the other.
    const outcomes = all.body.data.map((d: { status: string; attempts: Array<{ httpStatus: number }> }) =>
      [d.status, d.attempts.map((a) => a.httpStatus)].join(':'),
    );
    expect(outcomes.sort()).toEqual(['delivered:200', 'pending:500']);

    const onePayment = await list({ paymentId: 'pay_2' });
    expect(onePayment.body.data).toHaveLength(1);
    expect(onePayment.body.data[0]).toMatchObject({ id: second.deliveryId, paymentId: 'pay_2' });

    const newest = await list({ limit: '1' });
    expect(newest.body.data.map((d: { id: string }) => d.id)).toEqual([second.deliveryId]);
  });

  it('shows a merchant nothing of another merchant', async () => {
    harness.queueEvent(receiver.url);
    const res = await request(app)
      .get('/api/v1/webhook-deliveries')
      .set('Authorization', 'Bearer sk_wzpdco')
      .expect(200);
    expect(res.body).toEqual({ object: 'list', data: [] });
  });

  it('answers 401 problem+json without a valid key, 422 for a bad limit', async () => {
    const res = await request(app).get('/api/v1/webhook-deliveries').expect(401);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    await request(app).get('/api/v1/webhook-deliveries?limit=0').set('Authorization', 'Bearer sk_desco').expect(422);
  });
});

describe('POST /api/v1/webhook-deliveries/:id/redeliver', () => {
  it('sends again now and answers the delivery with the new attempt', async () => {
    const { deliveryId } = harness.queueEvent(receiver.url);
    await harness.dispatcher().runDue(); // answered 500: pending, retry scheduled

    const res = await request(app)
      .post(`/api/v1/webhook-deliveries/${deliveryId}/redeliver`)
      .set('Authorization', 'Bearer sk_desco')
      .expect(200);
    expect(webhookDeliverySchema.parse(res.body)).toEqual(res.body);
    expect(res.body).toMatchObject({ id: deliveryId, status: 'delivered', attemptCount: 2, lastHttpStatus: 200 });
    expect(res.body.attempts.map((a: { httpStatus: number }) => a.httpStatus)).toEqual([500, 200]);
    expect(receiver.requests).toHaveLength(2);
  });

  it("answers 404 for an unknown delivery and for another merchant's, sending nothing", async () => {
    const { deliveryId } = harness.queueEvent(receiver.url);
    for (const [id, key] of [
      ['whd_missing', 'Bearer sk_desco'],
      [deliveryId, 'Bearer sk_wzpdco'],
    ]) {
      const res = await request(app).post(`/api/v1/webhook-deliveries/${id}/redeliver`).set('Authorization', key!);
      expect(res.status).toBe(404);
      expect(res.body.type).toMatch(/not-found$/);
    }
    expect(receiver.requests).toHaveLength(0);
  });
});
