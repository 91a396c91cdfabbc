import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { toBanglaDigits } from '../../../domain/digits.js';
import { verifyTrackingNumber } from '../../../server/pages/verify.js';
import { newConnectionSlip, pagesApp, sampleSlip, slipLookup, tokenOf } from '../slips/fixtures.js';

const slip = sampleSlip();
const newConnection = newConnectionSlip();
const app = pagesApp([slip, newConnection]);
const lookup = slipLookup([slip, newConnection]);
const token = tokenOf(slip);
const wrongToken = tokenOf(newConnection);
/** What the slip prints that a guessed tracking number must not reveal. */
const PRIVATE = [slip.paymentId, slip.customerName ?? '', slip.accountNo ?? '', slip.billNo ?? '', slip.meterNo ?? '', '1111', slip.gatewayTransactionId, slip.reference, '/slips/', '/checkout/'];

describe('verifyTrackingNumber', () => {
  it('finds the slip by the canonical number, however it was typed', async () => {
    for (const typed of [
      '6305191204122348404|1|2',
      '6 305 191204 122348 404 | 1 | 2', // as seed 002 writes it
      toBanglaDigits('6305191204122348404|1|2'),
    ]) {
      const verdict = await verifyTrackingNumber(lookup, typed);
      expect(verdict.kind).toBe('genuine');
      expect(verdict.kind === 'genuine' && verdict.slip.paymentId).toBe(newConnection.paymentId);
    }
  });

  it('says whether the requester showed the slip’s token: none, this slip’s, or another', async () => {
    const holder = async (given?: unknown) => {
      const verdict = await verifyTrackingNumber(lookup, slip.trackingNumber, given);
      return verdict.kind === 'genuine' && verdict.holder;
    };
    expect(await holder()).toBe('not-shown');
    expect(await holder(token)).toBe('held');
    expect(await holder(wrongToken)).toBe('wrong-token');
    expect(await holder('')).toBe('wrong-token');
    expect(await holder([token, token])).toBe('wrong-token');
  });

  it('tells a well-formed unknown number from a malformed one, naming the rule', async () => {
    expect(await verifyTrackingNumber(lookup, '4305261122124200008')).toEqual({ kind: 'unknown', trackingNumber: '4305261122124200008' });
    const malformed = await verifyTrackingNumber(lookup, '4305261322124200007');
    expect(malformed.kind).toBe('malformed');
    expect(malformed.kind === 'malformed' && malformed.error.rule).toBe('month_range');
  });
});

describe('GET /verify/:trackingNumber', () => {
  it('says a genuine slip is genuine and shows only what names nobody: no payment id, customer, account, instrument or link', async () => {
    const res = await request(app).get(`/verify/${slip.trackingNumber}`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<p class="verdict genuine" role="status">Genuine: this payment slip was issued by billpay-sim.</p>');
    for (const shown of [slip.trackingNumber, slip.merchant.name, 'Postpaid bill', '11.49 BDT', '2026-11-22 12:42:00 (Dhaka time)']) {
      expect(res.text).toContain(shown);
    }
    expect(res.text).toContain('To compare the customer and bill details as well, scan the QR code on the slip.');
    for (const hidden of PRIVATE) expect(res.text).not.toContain(hidden);
  });

  it('with the slip’s token (its QR code), shows the slip’s bill and payment rows to compare, still without the payment id', async () => {
    const res = await request(app).get(`/verify/${slip.trackingNumber}?token=${token}`).expect(200);
    expect(res.text).toContain('The code from the slip’s QR code matches');
    for (const shown of [slip.customerName ?? '', slip.accountNo ?? '', slip.billNo ?? '', 'June 2022', 'VISA •••• 1111', slip.gatewayTransactionId]) {
      expect(res.text).toContain(shown);
    }
    expect(res.text).not.toContain(slip.paymentId);
    expect(res.text).not.toContain('/slips/');
  });

  it('with another token, warns that the slip may have been altered and shows no more than without one', async () => {
    const res = await request(app).get(`/verify/${slip.trackingNumber}?token=${wrongToken}`).expect(200);
    expect(res.text).toContain('The code in this address does not belong to this slip');
    for (const hidden of PRIVATE) expect(res.text).not.toContain(hidden);
  });

  it('accepts the bars of a new-connection number URL-encoded, and answers in Bangla with ?lang=bn', async () => {
    const res = await request(app).get('/verify/6305191204122348404%7C1%7C2?lang=bn').expect(200);
    expect(res.text).toContain('<html lang="bn">');
    expect(res.text).toContain('আসল');
    expect(res.text).toContain(toBanglaDigits('6305191204122348404|1|2'));
  });

  it('says an unknown number was not issued by billpay-sim, with 404', async () => {
    const res = await request(app).get('/verify/4305261122124200008').expect(404);
    expect(res.text).toContain('Not issued by billpay-sim: no payment slip has tracking number 4305261122124200008.');
    expect(res.text).not.toContain('verdict genuine');
  });

  it('answers 400 for a malformed number and names the rule it breaks', async () => {
    const short = await request(app).get('/verify/12345').expect(400);
    expect(short.text).toContain('“12345” is not a valid tracking number.');
    expect(short.text).toMatch(/<span class="code">length<\/span>: trackingNumber must have 19 digits, got 5/);

    const month = await request(app).get('/verify/4305261322124200007').expect(400);
    expect(month.text).toContain('<span class="code">month_range</span>');
  });

  it('echoes a hostile number as text', async () => {
    const res = await request(app).get(`/verify/${encodeURIComponent('<script>alert(1)</script>')}`).expect(400);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('GET /verify/:trackingNumber?format=json', () => {
  /** What anyone may learn of a genuine tracking number. */
  const MINIMAL_JSON = {
    genuine: true,
    holder: false,
    trackingNumber: slip.trackingNumber,
    merchant: { name: slip.merchant.name },
    purpose: 'postpaid_bill',
    total: '11.49',
    amountRefunded: '0.00',
    paidAt: slip.paidAt,
    paidAtDhaka: slip.paidAtDhaka,
  };

  it('answers the proof as JSON for a genuine slip, without the payment id or the customer', async () => {
    const res = await request(app).get(`/verify/${slip.trackingNumber}?format=json`).expect(200);
    expect(res.body).toEqual(MINIMAL_JSON);
    const wrong = await request(app).get(`/verify/${slip.trackingNumber}?format=json&token=${wrongToken}`).expect(200);
    expect(wrong.body).toEqual(res.body);
  });

  it('adds the slip’s customer and bill fields for the holder of its token', async () => {
    const res = await request(app).get(`/verify/${slip.trackingNumber}?format=json&token=${token}`).expect(200);
    expect(res.body).toEqual({
      ...MINIMAL_JSON,
      holder: true,
      customerName: slip.customerName,
      reference: slip.reference,
      accountNo: slip.accountNo,
      billNo: slip.billNo,
      meterNo: slip.meterNo,
      billMonth: slip.billMonth,
      amounts: slip.amounts,
      method: slip.method,
      gateway: slip.gateway,
      instrument: slip.instrument,
      gatewayTransactionId: slip.gatewayTransactionId,
    });
  });

  it('answers problems for unknown (404) and malformed (400) numbers', async () => {
    const unknown = await request(app).get('/verify/4305261122124200008?format=json').expect(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(unknown.text)).toMatchObject({ status: 404, genuine: false, trackingNumber: '4305261122124200008' });

    const malformed = await request(app).get('/verify/43052613?format=json').expect(400);
    expect(JSON.parse(malformed.text)).toMatchObject({
      status: 400,
      genuine: false,
      errors: [{ field: 'trackingNumber', rule: 'length' }],
    });
  });
});

describe('GET /verify (the form)', () => {
  it('shows an empty form, and sends a typed number to its verify address', async () => {
    const form = await request(app).get('/verify').expect(200);
    expect(form.text).toContain('<form class="verify-form" action="/verify" method="get">');
    const redirect = await request(app).get('/verify').query({ trackingNumber: ' 6305191204122348404|1|2 ', lang: 'bn' }).expect(303);
    expect(redirect.headers.location).toBe('/verify/6305191204122348404%7C1%7C2?lang=bn');
  });
});
