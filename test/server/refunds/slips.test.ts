/**
 * What was refunded, where the customer and the merchant read a payment: the slip as JSON (the
 * merchant API), HTML and PDF in English and Bangla, and the verify page; and what the checkout
 * session (the widget's poll, the bench's hot path) does not look up.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { pdfTextRuns } from '../slips/pdf-text.js';
import { refundClient, type RefundView } from './client.js';

let server: TestServer;
let api: Awaited<ReturnType<typeof refundClient>>;
let paymentId: string;
let clientSecret: string;
let trackingNumber: string;
let refunds: RefundView[];
/** The slip's own pages, as its JSON links them (with its token). */
let slipPath: { html: string; pdf: string; verify: string };

beforeAll(async () => {
  server = await startTestServer();
  api = await refundClient(server);
  const payment = await api.paidPayment();
  paymentId = payment.id;
  clientSecret = payment.clientSecret;
  await api.refund(paymentId, { amount: '5.00' }).expect(201);
  await api.setOutcome('pending_then_success');
  await api.refund(paymentId, { amount: '2.25' }).expect(201);
  const view = (await api.get(`/api/v1/payments/${paymentId}`).expect(200)).body;
  trackingNumber = view.trackingNumber;
  refunds = view.refunds;
  const local = (url: string) => `${new URL(url).pathname}${new URL(url).search}`;
  slipPath = { html: local(view.slip.htmlUrl), pdf: local(view.slip.pdfUrl), verify: local(view.slip.verifyUrl) };
});
afterAll(async () => {
  await server.close();
});

const http = () => request(server.baseUrl);

describe('the slip shows what was refunded', () => {
  it('as JSON, in the payment: the succeeded sum and every refund', async () => {
    const { slip } = (await api.get(`/api/v1/payments/${paymentId}`)).body;
    expect(slip.amountRefunded).toBe('5.00');
    expect(slip.refunds.map((refund: RefundView) => [refund.amount, refund.status])).toEqual([
      ['5.00', 'succeeded'],
      ['2.25', 'pending'],
    ]);
    expect(refunds).toEqual(slip.refunds);
  });

  it('as HTML, in English and in Bangla', async () => {
    const en = (await http().get(slipPath.html).expect(200)).text;
    expect(en).toContain('<h2 id="slip-refunds">Refunds</h2>');
    expect(en).toMatch(/Refunded, [^<]*<\/th><td class="amount">5\.00</);
    expect(en).toMatch(/Refund pending, [^<]*<\/th><td class="amount">2\.25</);
    expect(en).toMatch(/Amount refunded<\/th><td class="amount">5\.00</);

    const bn = (await http().get(`${slipPath.html}&lang=bn`).expect(200)).text;
    expect(bn).toContain('<h2 id="slip-refunds">ফেরত</h2>');
    expect(bn).toMatch(/মোট ফেরত<\/th><td class="amount">৫\.০০</);
    expect(bn).toContain('ফেরত প্রক্রিয়াধীন');
  });

  it('as PDF, in English and in Bangla', async () => {
    const pdf = async (query: string) => {
      const res = await http().get(`${slipPath.pdf}${query}`).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      // Bangla comes back a glyph run at a time: join without separators.
      return pdfTextRuns(res.body as Buffer).join('');
    };
    const en = await pdf('');
    expect(en).toContain('Refunds');
    expect(en).toContain('Amount refunded');
    expect(en).toContain('2.25');
    const bn = await pdf('&lang=bn');
    expect(bn).toContain('৫.০০');
    expect(bn).toContain('২.২৫');
  });

  it('on the verify page and its JSON, with or without the slip’s token', async () => {
    for (const path of [`/verify/${encodeURIComponent(trackingNumber)}`, slipPath.verify]) {
      const page = (await http().get(path).expect(200)).text;
      expect(page).toMatch(/<dt>Amount refunded<\/dt><dd>5\.00 BDT<\/dd>/);
      const json = (await http().get(path).query({ format: 'json' }).expect(200)).body;
      expect(json).toMatchObject({ genuine: true, amountRefunded: '5.00' });
      expect(json).not.toHaveProperty('paymentId');
    }
  });

  it('once a pending refund’s deadline passes, every page shows it refunded', async () => {
    await api.advanceClock(60);
    const json = (await http().get(`/verify/${encodeURIComponent(trackingNumber)}?format=json`).expect(200)).body;
    expect(json.amountRefunded).toBe('7.25');
    expect((await http().get(slipPath.html)).text).toMatch(/Amount refunded<\/th><td class="amount">7\.25</);
  });

  it('leaves refunds out of the checkout API (session and slip), which asks the refund service nothing', async () => {
    const summaryFor = vi.spyOn(server.services.refunds, 'summaryFor');
    const listForPayment = vi.spyOn(server.services.refunds, 'listForPayment');
    try {
      const session = await http().get(`/api/v1/checkout/${paymentId}`).set('Billpay-Client-Secret', clientSecret).expect(200);
      expect(session.body.slip.trackingNumber).toBe(trackingNumber);
      expect(session.body.slip).not.toHaveProperty('refunds');
      expect(session.body.slip).not.toHaveProperty('amountRefunded');
      const slip = await http().get(`/api/v1/checkout/${paymentId}/slip`).set('Billpay-Client-Secret', clientSecret).expect(200);
      expect(slip.body).toEqual(session.body.slip);
      expect(summaryFor).not.toHaveBeenCalled();
      expect(listForPayment).not.toHaveBeenCalled();
      // The merchant API's read of the same payment does ask.
      await api.get(`/api/v1/payments/${paymentId}`).expect(200);
      expect(summaryFor).toHaveBeenCalledTimes(1);
    } finally {
      summaryFor.mockRestore();
      listForPayment.mockRestore();
    }
  });
});
