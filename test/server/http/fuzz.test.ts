import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPayment, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/**
 * Arbitrary input against every endpoint: whatever arrives, the answer is never a 5xx, and a
 * 4xx is always problem+json.
 */
let server: TestServer;
let payment: { id: string; clientSecret: string };
beforeAll(async () => {
  server = await startTestServer();
  payment = await createPayment(server);
});
afterAll(async () => {
  await server.close();
});

function expectSane(res: request.Response): void {
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  if (res.status >= 400) {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(res.status);
  }
}

/** Real ids, encoded junk, and raw junk (stray "%" included: not valid percent-encoding). */
const idArbitrary = () =>
  fc.oneof(
    fc.constant(payment.id),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
    fc.stringMatching(/^[A-Za-z0-9%._~-]{1,20}$/),
  );

/** Bodies that stay close to the real ones (right keys, wrong values) as well as wholly random JSON. */
const bodyArbitrary = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.record(
    {
      purpose: fc.oneof(fc.constantFrom('postpaid_bill', 'prepaid_recharge', 'application_fee', 'demand_note', 'estimate'), fc.jsonValue()),
      reference: fc.oneof(fc.string(), fc.jsonValue()),
      amount: fc.oneof(fc.string(), fc.double(), fc.constant('11.00')),
      lateFee: fc.oneof(fc.string(), fc.integer()),
      accountNo: fc.oneof(fc.string(), fc.stringMatching(/^\d{8,9}$/)),
      billNo: fc.oneof(fc.string(), fc.stringMatching(/^\d{12,13}$/)),
      meterNo: fc.stringMatching(/^\d{12}$/),
      officeCode: fc.oneof(fc.string(), fc.stringMatching(/^\d{3}$/)),
      meterSerial: fc.oneof(fc.integer(), fc.string()),
      method: fc.oneof(fc.constantFrom('visa', 'bkash', 'city_ib'), fc.string()),
      gateway: fc.oneof(fc.constantFrom('EBL', 'BKASH', 'CITY'), fc.string()),
      card: fc.oneof(fc.jsonValue(), fc.record({ number: fc.string(), expiry: fc.string(), cvc: fc.string() })),
      walletNumber: fc.oneof(fc.string(), fc.jsonValue()),
      otp: fc.string(),
      pin: fc.string(),
      seconds: fc.oneof(fc.integer(), fc.double(), fc.string()),
      returnUrls: fc.jsonValue(),
      customer: fc.jsonValue(),
    },
    { requiredKeys: [] },
  ),
);

describe('fuzzing', () => {
  it('every declared route survives arbitrary bodies, ids and credentials', async () => {
    const routes = server.services.routes;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        idArbitrary(),
        bodyArbitrary,
        fc.boolean(),
        fc.boolean(),
        async (route, id, body, goodKey, goodSecret) => {
          const path = route.path.replace(':id', id);
          let req = route.method === 'get' ? request(server.baseUrl).get(path) : request(server.baseUrl).post(path);
          req = req
            .set('Authorization', `Bearer ${goodKey ? WZPDCO_KEY : 'sk_test_fuzz'}`)
            .set('Billpay-Client-Secret', goodSecret ? payment.clientSecret : 'nope');
          if (route.method === 'post') req = req.set('Content-Type', 'application/json').send(JSON.stringify(body));
          expectSane(await req);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary paths, verbs, content types and raw bodies never give a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.oneof(
          fc.webPath(),
          fc.string().map((s) => `/api/v1/${encodeURIComponent(s)}`),
          fc.stringMatching(/^[A-Za-z0-9%/._~-]{0,30}$/).map((s) => `/api/v1/payments/${s}`),
          fc.constantFrom('/api/v1/payments', `/api/v1/checkout/${payment.id}/authorize`, '/api/v1/test/clock/advance'),
        ),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', ''),
        fc.string({ maxLength: 200 }),
        async (method, path, contentType, raw) => {
          let req = request(server.baseUrl)[method.toLowerCase() as 'get'](path.startsWith('/') ? path : `/${path}`);
          req = req.set('Authorization', `Bearer ${WZPDCO_KEY}`);
          if (method !== 'GET' && method !== 'OPTIONS' && raw.length > 0) {
            if (contentType) req = req.set('Content-Type', contentType);
            req = req.send(raw);
          }
          expectSane(await req);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("ekPay's drop-in routes answer arbitrary bodies in ekPay's shape, never a 5xx", async () => {
    const ekpayBody = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record(
        {
          mer_info: fc.oneof(fc.constant({ mer_reg_id: 'desco_test', mer_pas_key: 'DescoEkpay@1234' }), fc.jsonValue()),
          feed_uri: fc.oneof(fc.constant({ s_uri: 'http://m/s', f_uri: 'http://m/f', c_uri: 'http://m/c' }), fc.jsonValue()),
          cust_info: fc.jsonValue(),
          trns_info: fc.oneof(
            fc.record({ trnx_id: fc.oneof(fc.string(), fc.integer()), trnx_amt: fc.oneof(fc.string(), fc.double(), fc.constant('11.00')) }, { requiredKeys: [] }),
            fc.jsonValue(),
          ),
          ipn_info: fc.jsonValue(),
          trnx_id: fc.oneof(fc.string(), fc.jsonValue()),
          trans_date: fc.oneof(fc.string(), fc.constant('2026-11-22')),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/ekpaypg/v1/merchant-api', '/ekpaypg/v1/get-status', '/ekpaypg/v1', '/ekpaypg/v1/other'),
        fc.constantFrom('GET', 'POST'),
        ekpayBody,
        fc.constantFrom('application/json', 'text/plain', ''),
        async (path, method, body, contentType) => {
          let req = method === 'GET' ? request(server.baseUrl).get(`${path}?sToken=${encodeURIComponent(JSON.stringify(body))}`) : request(server.baseUrl).post(path);
          if (method === 'POST') {
            if (contentType) req = req.set('Content-Type', contentType);
            req = req.send(JSON.stringify(body));
          }
          const res = await req;
          expect(res.status, res.text).toBeLessThan(500);
          // The hosted page answers HTML; every other answer is ekPay's JSON with a msg_code.
          if (!(method === 'GET' && path === '/ekpaypg/v1')) {
            expect(res.headers['content-type']).toMatch(/^application\/json/);
            expect(JSON.parse(res.text)).toHaveProperty('msg_code');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("SSLCommerz's drop-in routes answer arbitrary forms and queries in SSLCommerz's shape, never a 5xx", async () => {
    const value = fc.oneof(fc.string({ maxLength: 40 }), fc.constant(''), fc.constantFrom('descotest', 'descotest@ssl', '100', '9.99', 'BDT'));
    const fields = fc.oneof(
      fc.dictionary(fc.string({ maxLength: 20 }), value, { maxKeys: 8 }),
      fc.record(
        {
          store_id: fc.oneof(fc.constant('descotest'), value),
          store_passwd: fc.oneof(fc.constant('descotest@ssl'), value),
          total_amount: value,
          currency: value,
          tran_id: value,
          success_url: fc.oneof(fc.constant('http://m/s'), value),
          val_id: value,
          sessionkey: value,
          bank_tran_id: value,
          refund_amount: value,
          refund_ref_id: value,
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/gwprocess/v4/api.php',
          '/validator/api/validationserverAPI.php',
          '/validator/api/merchantTransIDvalidationAPI.php',
          '/validator/api/other.php',
          '/gwprocess/v4/other.php',
        ),
        fc.constantFrom('GET', 'POST'),
        fields,
        fc.constantFrom('urlencoded', 'multipart', 'query', 'raw'),
        fc.string({ maxLength: 100 }),
        async (path, method, form, encoding, raw) => {
          const query = encoding === 'query' || method === 'GET' ? `?${new URLSearchParams(form).toString()}` : '';
          let req = method === 'GET' ? request(server.baseUrl).get(`${path}${query}`) : request(server.baseUrl).post(`${path}${query}`);
          if (method === 'POST' && encoding === 'urlencoded') req = req.type('form').send(new URLSearchParams(form).toString());
          if (method === 'POST' && encoding === 'multipart') for (const [key, v] of Object.entries(form)) req = req.field(key || 'x', v);
          if (method === 'POST' && encoding === 'raw') req = req.set('Content-Type', 'multipart/form-data; boundary=xyz').send(raw);
          const res = await req;
          expect(res.status, res.text).toBeLessThan(500);
          expect(res.headers['content-type']).toMatch(/^application\/json/);
          const body = JSON.parse(res.text) as Record<string, unknown>;
          expect(path.startsWith('/gwprocess/') ? body.status : body.APIConnect, res.text).toEqual(expect.any(String));
        },
      ),
      { numRuns: 300 },
    );
  });
});
