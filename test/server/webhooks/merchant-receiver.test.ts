/**
 * The merchant receiver the README shows, run for real: an Express app that verifies the
 * signature on the raw body and deduplicates on the event id, fed by the dispatcher.
 */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { signWebhookPayload, verifyWebhookSignature, WebhookSignatureError } from '../../../index.js';
import { systemClock } from '../../../server/clock.js';
import { createHarness, WEBHOOK_SECRET } from './dispatcher-harness.js';

interface WebhookEvent {
  id: string;
  type: string;
  data: { payment: { id: string } };
}

/* --- README: "Receiving webhooks" (keep in step) --------------------------------------------- */
function merchantWebhookApp(secret: string, handle: (event: WebhookEvent) => void): express.Express {
  const app = express();
  const handled = new Set<string>(); // in real code: a table; deliveries are at least once

  // express.raw, not express.json: the signature covers the exact bytes that were sent.
  app.post('/billpay/webhooks', express.raw({ type: 'application/json' }), (req, res) => {
    try {
      verifyWebhookSignature(req.body, req.get('Billpay-Signature'), secret);
    } catch (error) {
      if (error instanceof WebhookSignatureError) {
        res.status(400).send(error.reason);
        return;
      }
      throw error;
    }
    const event = JSON.parse(req.body.toString('utf8')) as WebhookEvent;
    if (!handled.has(event.id)) {
      handled.add(event.id);
      handle(event);
    }
    res.sendStatus(204);
  });
  return app;
}
/* --- end of README code ------------------------------------------------------------------------ */

let harness: ReturnType<typeof createHarness>;
let server: Server;
afterEach(async () => {
  server.closeAllConnections();
  server.close();
  await once(server, 'close');
  harness.close();
});

async function listen(app: express.Express): Promise<string> {
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/billpay/webhooks`;
}

describe('the README merchant receiver', () => {
  it('accepts a genuine delivery once, acknowledges a redelivery without handling it again', async () => {
    harness = createHarness(systemClock);
    const handled: WebhookEvent[] = [];
    const url = await listen(merchantWebhookApp(WEBHOOK_SECRET, (event) => handled.push(event)));
    const { eventId, deliveryId } = harness.queueEvent(url);
    const dispatcher = harness.dispatcher();

    await dispatcher.runDue();
    const again = await dispatcher.redeliver(deliveryId);

    expect(again).toMatchObject({ outcome: 'attempted', delivery: { status: 'delivered', lastHttpStatus: 204 } });
    expect(handled.map((event) => [event.id, event.type])).toEqual([[eventId, 'payment.succeeded']]);
  });

  it('answers 400 with the reason to a forged or unsigned request', async () => {
    harness = createHarness(systemClock);
    const handled: WebhookEvent[] = [];
    const url = await listen(merchantWebhookApp(WEBHOOK_SECRET, (event) => handled.push(event)));
    const body = JSON.stringify({ id: 'evt_forged', type: 'payment.succeeded', data: { payment: { id: 'pay_x' } } });
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } });

    const forged = await post({ 'Billpay-Signature': signWebhookPayload(body, 'not-the-secret') });
    expect([forged.status, await forged.text()]).toEqual([400, 'no_signature_match']);
    const unsigned = await post({});
    expect([unsigned.status, await unsigned.text()]).toEqual([400, 'missing_header']);
    expect(handled).toEqual([]);
  });
});
