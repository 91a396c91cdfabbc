import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { applicationFee, createPayment, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';
import { eventually } from './dispatcher-harness.js';

let server: TestServer | undefined;
let receiver: WebhookReceiver | undefined;
afterEach(async () => {
  await server?.close();
  await receiver?.close();
});

describe('a delivery deleted while it is being attempted', () => {
  it('is logged as gone at info level, not as an error', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    // The receiver answers only after the test has reset the merchant, which deletes the delivery.
    receiver = await startWebhookReceiver({ respond: [{ status: 200, delayMs: 300 }] });
    server = await startTestServer({ webhooks: true, logger: pino({ level: 'info' }, sink) });
    const payment = await createPayment(server, applicationFee({ webhookUrl: receiver.url }));
    await request(server.baseUrl).post(`/api/v1/payments/${payment.id}/cancel`).set('Authorization', `Bearer ${WZPDCO_KEY}`);
    await receiver.waitForRequests(1);
    await request(server.baseUrl).post('/api/v1/test/reset').set('Authorization', `Bearer ${WZPDCO_KEY}`).expect(200);

    const gone = 'webhook delivery was deleted during its attempt (reset or merchant deleted)';
    await eventually(() => lines.some((line) => line.msg === gone));
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });
});
