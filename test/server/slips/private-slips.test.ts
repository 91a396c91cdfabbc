/**
 * Issue 13's privacy defects, through the real server: a tracking number is guessable, so what
 * the verify page answers for one must not lead to the payment; a slip's pages need the secret
 * token its URLs carry; and verify is rate-limited.
 */
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { toBanglaDigits } from '../../../domain/digits.js';
import { DESCO_KEY, descoBill } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { pdfTextRuns } from './pdf-text.js';

const CUSTOMER = 'Shahiduz Zaman';

interface SlipJson {
  paymentId: string;
  trackingNumber: string;
  accountNo: string;
  billNo: string;
  customerName: string;
  htmlUrl: string;
  pdfUrl: string;
  verifyUrl: string;
}

let server: TestServer;
let slip: SlipJson;

beforeAll(async () => {
  server = await startTestServer();
  const api = request(server.baseUrl);
  const created = await api
    .post('/api/v1/payments')
    .set('Authorization', `Bearer ${DESCO_KEY}`)
    .send(descoBill({ customer: { name: CUSTOMER } }))
    .expect(201);
  const done = await api
    .post(`/api/v1/test/payments/${created.body.id}/complete`)
    .set('Authorization', `Bearer ${DESCO_KEY}`)
    .send({ outcome: 'success', method: 'visa' })
    .expect(200);
  slip = done.body.payment.slip;
});
afterAll(async () => {
  await server.close();
});

const http = () => request(server.baseUrl);
/** Path and query of an absolute URL the server handed out. */
const local = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};
const pdfOf = (path: string) =>
  http()
    .get(path)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

describe('verifying a guessed tracking number', () => {
  it('says it is genuine, and shows nothing that leads to the payment or its customer', async () => {
    const tn = encodeURIComponent(slip.trackingNumber);
    const json = await http().get(`/verify/${tn}?format=json`).expect(200);
    const page = await http().get(`/verify/${tn}`).expect(200);
    expect(json.body).toMatchObject({ genuine: true, trackingNumber: slip.trackingNumber, total: '11.12' });
    for (const answer of [JSON.stringify(json.body), page.text]) {
      for (const secret of [slip.paymentId, CUSTOMER, slip.accountNo, slip.billNo, '/slips/', '/checkout/', '1111']) {
        expect(answer).not.toContain(secret);
      }
    }
  });

  it('shows the customer and bill only with the token from the slip’s QR code, still without the payment id', async () => {
    expect(slip.verifyUrl).toMatch(/\?token=[A-Za-z0-9_-]{22}$/);
    const json = (await http().get(`${local(slip.verifyUrl)}&format=json`).expect(200)).body;
    expect(json).toMatchObject({ genuine: true, holder: true, customerName: CUSTOMER, accountNo: slip.accountNo, billNo: slip.billNo });
    const page = (await http().get(local(slip.verifyUrl)).expect(200)).text;
    expect(page).toContain(CUSTOMER);
    for (const answer of [JSON.stringify(json), page]) {
      expect(answer).not.toContain(slip.paymentId);
      expect(answer).not.toContain('/slips/');
    }
    const wrong = (await http().get(`/verify/${encodeURIComponent(slip.trackingNumber)}?token=AAAAAAAAAAAAAAAAAAAAAA&format=json`).expect(200)).body;
    expect(wrong).toMatchObject({ genuine: true, holder: false });
    expect(JSON.stringify(wrong)).not.toContain(CUSTOMER);
  });
});

describe('slip URLs carry a secret token', () => {
  it('hands out slip URLs with the token', () => {
    const token = new URL(slip.htmlUrl).searchParams.get('token');
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(slip.htmlUrl).toBe(`${server.baseUrl}/slips/${slip.paymentId}.html?token=${token}`);
    expect(slip.pdfUrl).toBe(`${server.baseUrl}/slips/${slip.paymentId}.pdf?token=${token}`);
  });

  it('answers a slip without its token, or with a wrong one, exactly like a missing slip', async () => {
    for (const extension of ['html', 'pdf']) {
      const missing = await http().get(`/slips/pay_00000000000000000000000000000000.${extension}`).expect(404);
      const expected = JSON.parse(missing.text.replaceAll('pay_00000000000000000000000000000000', slip.paymentId));
      const token = new URL(slip.htmlUrl).searchParams.get('token') ?? '';
      const wrongToken = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
      for (const query of ['', '?token=', `?token=${wrongToken}`, `?token=${token}x`, '?token=a&token=b']) {
        const res = await http().get(`/slips/${slip.paymentId}.${extension}${query}`).expect(404);
        expect(res.headers['content-type']).toBe(missing.headers['content-type']);
        expect({ ...JSON.parse(res.text), instance: null }).toEqual({ ...expected, instance: null });
      }
    }
  });

  it('opens the slip with the token in English and Bangla, as HTML and PDF', async () => {
    const en = await http().get(local(slip.htmlUrl)).expect(200);
    expect(en.text).toContain(CUSTOMER);
    const bn = await http().get(`${local(slip.htmlUrl)}&lang=bn`).expect(200);
    expect(bn.text).toContain('<html lang="bn">');
    // The page's own links keep the token: the PDF and the other language.
    const token = new URL(slip.htmlUrl).searchParams.get('token');
    expect(en.text).toContain(`href="${slip.pdfUrl}"`);
    expect(bn.text).toContain(`href="${slip.pdfUrl}&amp;lang=bn"`);
    expect(en.text).toContain(`href="?token=${token}&amp;lang=bn"`);

    const pdfEn = await pdfOf(local(slip.pdfUrl)).expect(200);
    expect(pdfEn.headers['content-type']).toBe('application/pdf');
    expect(pdfTextRuns(pdfEn.body as Buffer)).toContain(slip.trackingNumber);
    const pdfBn = await pdfOf(`${local(slip.pdfUrl)}&lang=bn`).expect(200);
    expect(pdfTextRuns(pdfBn.body as Buffer).join('')).toContain(toBanglaDigits(slip.trackingNumber));
  });
});

describe('verify is rate-limited per client', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({ config: { verifyRateLimit: { limit: 3, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await limited.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers 429 problem+json with Retry-After past the limit, and again once the window has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verify = () => request(limited.baseUrl).get('/verify/4305261122124200008?format=json');
    for (let i = 0; i < 3; i += 1) await verify().expect(404);
    const refused = await verify().expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('60');
    expect(JSON.parse(refused.text)).toMatchObject({ status: 429, title: 'Too many requests', instance: '/verify/4305261122124200008?format=json' });
    // The page too, and the form's redirect is not a look-up.
    await request(limited.baseUrl).get('/verify/4305261122124200008').expect(429);
    await request(limited.baseUrl).get('/verify').expect(200);

    vi.setSystemTime(Date.now() + 45_000);
    expect((await verify().expect(429)).headers['retry-after']).toBe('15');
    vi.setSystemTime(Date.now() + 15_000);
    await verify().expect(404);
  });
});
