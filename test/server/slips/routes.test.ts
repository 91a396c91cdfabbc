import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { slipPdfFilename } from '../../../server/slips/routes.js';
import { newConnectionSlip, pagesApp, sampleSlip, tokenOf } from './fixtures.js';
import { pdfTextRuns } from './pdf-text.js';

const slip = sampleSlip();
const app = pagesApp([slip, newConnectionSlip()]);
const token = tokenOf(slip);

/** A slip's page asked for without its token, with another slip's, or with a near miss. */
const WRONG_TOKENS = ['', '?token=', `?token=${tokenOf(newConnectionSlip())}`, `?token=${token.slice(1)}`, `?token=${token}0`, `?token=${token}&token=${token}`];

/** The answer for a payment with no slip, with the payment id in it replaced by `paymentId`. */
async function missingAs(extension: 'html' | 'pdf', paymentId: string): Promise<object> {
  const res = await request(app).get(`/slips/pay_unknown.${extension}`).expect(404);
  return { ...JSON.parse(res.text.replaceAll('pay_unknown', paymentId)), instance: undefined };
}

describe('GET /slips/:paymentId.html', () => {
  it('answers the English slip, never cached', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.html?token=${token}`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain(slip.trackingNumber);
  });

  it('answers the Bangla slip with ?lang=bn', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.html?token=${token}&lang=bn`).expect(200);
    expect(res.text).toContain('<html lang="bn">');
    expect(res.text).toContain('১১.৪৯');
  });

  it('is a 404 problem for an unknown payment', async () => {
    const res = await request(app).get('/slips/pay_unknown.html').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, title: 'Not found', instance: '/slips/pay_unknown.html' });
    expect(JSON.parse(res.text).detail).toContain('pay_unknown');
  });

  it('is the same 404 for a slip asked for without its token or with a wrong one', async () => {
    const missing = await missingAs('html', slip.paymentId);
    for (const query of WRONG_TOKENS) {
      const res = await request(app).get(`/slips/${slip.paymentId}.html${query}`).expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ ...JSON.parse(res.text), instance: undefined }, query).toEqual(missing);
    }
  });
});

describe('GET /slips/:paymentId.pdf', () => {
  it('answers the PDF as an attachment named after the tracking number', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.pdf?token=${token}`).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename=billpay-slip-4305261122124200007.pdf');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const pdf = res.body as Buffer;
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfTextRuns(pdf)).toContain(slip.trackingNumber);
  });

  it('answers the Bangla PDF with ?lang=bn', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.pdf?token=${token}&lang=bn`).buffer(true).expect(200);
    const text = pdfTextRuns(res.body as Buffer).join('');
    expect(text).toContain('৪৩০৫২৬১১২২১২৪২০০০০৭');
    expect(text).not.toContain('Tracking No.');
  });

  it('is a 404 problem for an unknown payment, and the same without the token or with a wrong one', async () => {
    const res = await request(app).get('/slips/pay_unknown.pdf').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const missing = await missingAs('pdf', slip.paymentId);
    for (const query of WRONG_TOKENS) {
      const wrong = await request(app).get(`/slips/${slip.paymentId}.pdf${query}`).expect(404);
      expect({ ...JSON.parse(wrong.text), instance: undefined }, query).toEqual(missing);
    }
  });
});

describe('slipPdfFilename', () => {
  it('keeps the digits of the tracking number and replaces the bars', () => {
    expect(slipPdfFilename(newConnectionSlip())).toBe('billpay-slip-6305191204122348404-1-2.pdf');
  });
});

describe('page assets', () => {
  it('serves the stylesheet with a print section and the slip script, revalidated by ETag', async () => {
    const css = await request(app).get('/assets/pages/page.css').expect(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('@media print');
    expect(css.headers['cache-control']).toBe('no-cache');
    await request(app).get('/assets/pages/page.css').set('If-None-Match', css.headers.etag ?? '').expect(304);

    const js = await request(app).get('/assets/pages/slip.js').expect(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.text).toContain('window.print()');
  });
});
