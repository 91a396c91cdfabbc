import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WZPDCO_KEY, applicationFee } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function expectProblem(res: request.Response, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), title: expect.any(String), detail: expect.any(String) });
}

const authed = (req: request.Test) => req.set('Authorization', `Bearer ${WZPDCO_KEY}`);

describe('problem+json for every error', () => {
  it('404 for an unknown path', async () => {
    const res = await request(server.baseUrl).get('/api/v1/nothing-here');
    expectProblem(res, 404);
    expect(res.body.instance).toBe('/api/v1/nothing-here');
  });

  it('405 with Allow for a known path and a wrong verb', async () => {
    const res = await authed(request(server.baseUrl).delete('/api/v1/payments/pay_x'));
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
    const put = await request(server.baseUrl).put('/api/v1/checkout/pay_x/confirm');
    expectProblem(put, 405);
    expect(put.headers.allow).toBe('POST, OPTIONS');
  });

  it('400 for malformed JSON', async () => {
    const res = await authed(request(server.baseUrl).post('/api/v1/payments'))
      .set('Content-Type', 'application/json')
      .send('{"purpose": ');
    expectProblem(res, 400);
  });

  it('400 for a path parameter that is not valid percent-encoding', async () => {
    const res = await authed(request(server.baseUrl).get('/api/v1/payments/%E0%A4%A'));
    expectProblem(res, 400);
    expect((await request(server.baseUrl).get('/api/v1/checkout/%zz')).status).toBe(400);
  });

  it('415 for a body that is not JSON', async () => {
    const form = await authed(request(server.baseUrl).post('/api/v1/payments')).type('form').send('purpose=estimate');
    expectProblem(form, 415);
    expect(form.body.detail).toContain('application/x-www-form-urlencoded');
    const text = await authed(request(server.baseUrl).post('/api/v1/payments')).set('Content-Type', 'text/plain').send('hi');
    expectProblem(text, 415);
  });

  it('413 for a body over 64 kB', async () => {
    const res = await authed(request(server.baseUrl).post('/api/v1/payments')).send({ ...applicationFee(), padding: 'x'.repeat(70_000) });
    expectProblem(res, 413);
  });

  it('an empty POST counts as {} (confirm and cancel need no body)', async () => {
    const res = await authed(request(server.baseUrl).post('/api/v1/payments/pay_missing/cancel'));
    expectProblem(res, 404);
  });

  it('422 for JSON that is not an object', async () => {
    const res = await authed(request(server.baseUrl).post('/api/v1/payments')).send([1, 2]);
    expectProblem(res, 422);
    expect(res.body.errors[0]).toMatchObject({ field: 'body', rule: 'invalid_type' });
  });

  it('a real 500 says nothing about internals', async () => {
    const broken = server.services.merchantApi;
    const original = broken.get.bind(broken);
    broken.get = () => {
      throw new Error('SQLITE secret internals');
    };
    try {
      const res = await authed(request(server.baseUrl).get('/api/v1/payments/pay_any'));
      expectProblem(res, 500);
      expect(JSON.stringify(res.body)).not.toContain('SQLITE');
    } finally {
      broken.get = original;
    }
  });
});
