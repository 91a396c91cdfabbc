import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { REDACTED_PATHS } from '../../server/logger.js';
import { applicationFee, checkoutClient, createPayment, TEST_CARDS, WZPDCO_KEY } from '../helpers/api.js';
import { startTestServer } from '../helpers/server.js';

function captureLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'info', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink), lines };
}

describe('logging', () => {
  it('writes one line per request with method, path, status and ms, and no secret', async () => {
    const { logger, lines } = captureLogger();
    const server = await startTestServer({ logger });
    try {
      const payment = await createPayment(server, applicationFee());
      const checkout = checkoutClient(server, payment);
      await checkout.select('visa', 'EBL');
      await checkout.confirm();
      await checkout.authorize({ card: TEST_CARDS.visaSuccess });
      await request(server.baseUrl).get('/api/v1/payments?reference=secret-ref').set('Authorization', `Bearer ${WZPDCO_KEY}`);
      const requests = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
      expect(requests).toHaveLength(5);
      expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/v1/payments', status: 201, ms: expect.any(Number) });
      const all = lines.join('\n');
      for (const secret of [WZPDCO_KEY, payment.clientSecret, TEST_CARDS.visaSuccess.number, 'secret-ref']) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await server.close();
    }
  });

  it('redacts card, OTP and PIN fields wherever a log call puts them', () => {
    const { logger, lines } = captureLogger();
    logger.info({ card: { number: '4111111111111111' }, body: { otp: '123456', pin: '12121', password: 'pw' }, clientSecret: 'x_secret_y' }, 'oops');
    expect(lines[0]).not.toMatch(/4111111111111111|123456|12121|"pw"|x_secret_y/);
  });
});
