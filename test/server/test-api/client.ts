/** Test-control calls as a portal's test makes them: an ephemeral merchant and an authorised client for it. */
import request from 'supertest';
import { applicationFee, type CreatedPayment } from '../../helpers/api.js';
import type { TestServer } from '../../helpers/server.js';

export interface TestMerchant {
  id: string;
  secretKey: string;
  webhookSecret: string;
  utility: string | null;
  billLayout: string;
}

export async function createTestMerchant(server: TestServer, body: Record<string, unknown> = {}): Promise<TestMerchant> {
  const res = await request(server.baseUrl).post('/api/v1/test/merchants').send(body);
  if (res.status !== 201) throw new Error(`create merchant failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TestMerchant;
}

/** supertest calls with `Authorization: Bearer <key>`. */
export function merchantClient(server: TestServer, key: string) {
  const http = request(server.baseUrl);
  const auth = (test: request.Test) => test.set('Authorization', `Bearer ${key}`);
  return {
    get: (path: string) => auth(http.get(path)),
    post: (path: string, body: object = {}) => auth(http.post(path)).send(body),
    put: (path: string, body: object) => auth(http.put(path)).send(body),
    delete: (path: string) => auth(http.delete(path)),
    async createPayment(body: Record<string, unknown> = applicationFee()): Promise<CreatedPayment> {
      const res = await auth(http.post('/api/v1/payments')).send(body);
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as CreatedPayment;
    },
    complete: (paymentId: string, body: object) => auth(http.post(`/api/v1/test/payments/${paymentId}/complete`)).send(body),
    async journal(query: Record<string, string | number> = {}) {
      const res = await auth(http.get('/api/v1/test/journal')).query({ limit: 1000, ...query });
      if (res.status !== 200) throw new Error(`journal failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data as Array<{ id: number; type: string; paymentId: string | null; data: Record<string, unknown> }>;
    },
  };
}
