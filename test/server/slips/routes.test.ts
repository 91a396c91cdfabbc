import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { slipPdfFilename } from '../../../server/slips/routes.js';
import { newConnectionSlip, pagesApp, sampleSlip } from './fixtures.js';
import { pdfTextRuns } from './pdf-text.js';

const slip = sampleSlip();
const app = pagesApp([slip, newConnectionSlip()]);

describe('GET /slips/:paymentId.html', () => {
  it('answers the English slip, never cached', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.html`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.text).toContain('<html lang="en">');
    expect(res.text).toContain(slip.trackingNumber);
  });

  it('answers the Bangla slip with ?lang=bn', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.html?lang=bn`).expect(200);
    expect(res.text).toContain('<html lang="bn">');
    expect(res.text).toContain('১১.৪৯');
  });

  it('is a 404 problem for an unknown payment', async () => {
    const res = await request(app).get('/slips/pay_unknown.html').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, title: 'Not found', instance: '/slips/pay_unknown.html' });
    expect(JSON.parse(res.text).detail).toContain('pay_unknown');
  });
});

describe('GET /slips/:paymentId.pdf', () => {
  it('answers the PDF as an attachment named after the tracking number', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.pdf`).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename=billpay-slip-4305261122124200007.pdf');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const pdf = res.body as Buffer;
    expect(Buffer.isBuffer(pdf)).toBe(true);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfTextRuns(pdf)).toContain(slip.trackingNumber);
  });

  it('answers the Bangla PDF with ?lang=bn', async () => {
    const res = await request(app).get(`/slips/${slip.paymentId}.pdf?lang=bn`).buffer(true).expect(200);
    const text = pdfTextRuns(res.body as Buffer).join('');
    expect(text).toContain('৪৩০৫২৬১১২২১২৪২০০০০৭');
    expect(text).not.toContain('Tracking No.');
  });

  it('is a 404 problem for an unknown payment', async () => {
    const res = await request(app).get('/slips/pay_unknown.pdf').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
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
