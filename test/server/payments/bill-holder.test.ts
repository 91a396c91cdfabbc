import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paymentListSchema } from '../../../server/payments/schemas.js';
import { createPayment, uniqueReference, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

// A server of its own: these tests move its clock.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const get = (path: string) => request(server.baseUrl).get(path).set('Authorization', `Bearer ${WZPDCO_KEY}`);
const billHolders = async (billNo: string) => paymentListSchema.parse((await get(`/api/v1/payments?billNo=${billNo}`)).body).data;

describe('GET /api/v1/payments?billNo= when the holding payment has lapsed', () => {
  it('lists no payment once the lapse releases the bill, whether the read or the sweep applies it', async () => {
    const billNo = '2207104231245';
    const bill = { purpose: 'postpaid_bill', amount: '90.00', accountNo: '104231245', billNo };
    const lapsed = await createPayment(server, { ...bill, reference: uniqueReference() });
    expect((await billHolders(billNo)).map((p) => p.id)).toEqual([lapsed.id]);

    server.clock.advanceSeconds(server.services.payments.timing.selectionMs / 1000 + 1);
    // Nothing has noticed the lapse yet: this read applies it, and the expired payment no longer holds the bill.
    expect(await billHolders(billNo)).toEqual([]);
    expect((await get(`/api/v1/payments/${lapsed.id}`)).body.status).toBe('expired');

    const next = await createPayment(server, { ...bill, reference: uniqueReference() });
    expect((await billHolders(billNo)).map((p) => p.id)).toEqual([next.id]);
    server.clock.advanceSeconds(server.services.payments.timing.selectionMs / 1000 + 1);
    expect(await server.services.payments.sweep(['wzpdco'])).toBe(1);
    expect(await billHolders(billNo)).toEqual([]);
  });
});
