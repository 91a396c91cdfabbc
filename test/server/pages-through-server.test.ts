import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationFee, checkoutClient, createPayment, TEST_CARDS } from '../helpers/api.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** The server-rendered pages mounted in createApp, over real payments. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('pages over the payment store', () => {
  it('the hosted checkout page embeds the widget with the payment’s own client secret', async () => {
    const payment = await createPayment(server);
    const page = await request(server.baseUrl).get(new URL(payment.checkoutUrl).pathname);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain(payment.clientSecret);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await request(server.baseUrl).get('/checkout/pay_unknown')).status).toBe(404);
  });

  it('serves the slip (HTML, PDF) and the verify page once paid, and 404 before', async () => {
    const payment = await createPayment(server, applicationFee());
    expect((await request(server.baseUrl).get(`/slips/${payment.id}.html`)).status).toBe(404);
    const checkout = checkoutClient(server, payment);
    await checkout.select('rocket', 'ROCKET');
    await checkout.confirm();
    await checkout.authorize({ walletNumber: '01711000001' });
    await checkout.authorize({ otp: '123456' });
    const slip = (await checkout.authorize({ pin: '1234' })).body.slip;

    const local = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
    const html = await request(server.baseUrl).get(local(slip.htmlUrl));
    expect(html.status).toBe(200);
    expect(html.text).toContain(slip.trackingNumber);
    const pdf = await request(server.baseUrl).get(local(slip.pdfUrl)).buffer(true);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const verify = await request(server.baseUrl).get(local(slip.verifyUrl));
    expect(verify.status).toBe(200);
    expect(verify.text).toContain('The code from the slip’s QR code matches');
    expect(verify.text).not.toContain(payment.id);
  });
});
