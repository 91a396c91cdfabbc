import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../helpers/webhook-receiver.js';
import { readTransId, type EkpayStatus } from './ekpay-client.js';
import { complete, ekpayClient, ephemeralMerchant, journalWhen, nativeApi, newTrnxId, paymentOf, REDIRECTS } from './harness.js';

/**
 * ekPay's IPN (research §1.4) through the webhook outbox: JSON POSTed to ipn_uri?transId= when a
 * session ends, with the seed's charges in ekPay's fee fields, retried like our webhooks, and
 * the same body from get-status. Payments are completed headlessly (the widget's own steps).
 */
let server: TestServer;
let receiver: WebhookReceiver;
beforeAll(async () => {
  [server, receiver] = await Promise.all([startTestServer({ webhooks: true, config: { fastWebhooks: true } }), startWebhookReceiver()]);
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const customer = { cust_id: '7', cust_name: 'Karim Uddin', cust_mobo_no: '01812345678', cust_email: 'karim@example.com', cust_mail_addr: 'Mirpur, Dhaka' };

/** A new session; its IPNs go to `ipnReceiver` (path /webhooks) and are told apart by transId. */
async function newSession(amount = '11.00', ipnReceiver = receiver, credentials?: { merRegId: string; merPassKey: string }) {
  const trnxId = newTrnxId();
  const client = ekpayClient(server, credentials, `${ipnReceiver.url}?site=desco`);
  await client.initiatePayment({ trnx_id: trnxId, trnx_amt: amount, ord_id: 'ORD-1', ord_det: 'DESCO bill 0622' }, customer, REDIRECTS);
  return { trnxId, client };
}

/** The IPN of `trnxId` once it has arrived (the receiver may hold others'). */
async function ipnOf(trnxId: string, ipnReceiver = receiver): Promise<{ path: string; body: EkpayStatus; contentType: string }> {
  for (let count = 1; ; count += 1) {
    const requests = await ipnReceiver.waitForRequests(count, 20_000);
    const found = requests.find((request) => readTransId(request.path) === trnxId);
    if (found) return { path: found.path, body: JSON.parse(found.rawBody) as EkpayStatus, contentType: String(found.headers['content-type']) };
  }
}

describe('the IPN', () => {
  it('says 1020 with the seed-000 charges for an 11.00 bill paid by Mastercard through CITY, and get-status agrees', async () => {
    const { trnxId, client } = await newSession();
    const payment = await paymentOf(server, trnxId);
    await complete(server, payment.id, { instrument: { cardNumber: '5555555555554444' }, method: 'mastercard', gateway: 'CITY' });

    const ipn = await ipnOf(trnxId);
    expect(ipn.path).toBe(`/webhooks?site=desco&transId=${trnxId}`);
    expect(ipn.contentType).toMatch(/^application\/json/);
    const paid = await paymentOf(server, trnxId);
    expect(ipn.body).toMatchObject({
      msg_code: '1020',
      msg_det: 'Transaction completed successfully',
      req_timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\+6$/),
      basic_Info: {
        mer_reg_id: 'desco_test',
        redirect_to: `${REDIRECTS.success}&transId=${trnxId}&trnx_id=${trnxId}`,
        dgtl_sign: expect.stringMatching(/^[0-9a-f]{64}$/),
        ord_desc: 'DESCO bill 0622',
        remarks: '',
      },
      cust_info: customer,
      scroll_no: null,
      trnx_info: {
        trnx_amt: '11.00',
        trnx_id: expect.stringMatching(/^EKP\d{18}$/),
        mer_trnx_id: trnxId,
        curr: 'BDT',
        pi_trnx_id: paid.gatewayTransactionId,
        pi_charge: '0.17',
        ekpay_charge: '0.00',
        pi_discount: '0.00',
        discount: '0.00',
        promo_discount: '0.00',
        total_ser_chrg: '0.17',
        total_pabl_amt: '11.17',
      },
      pi_det_info: {
        pay_timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
        pi_name: 'MasterCard',
        pi_type: 'Cards',
        pi_number: '•••• 4444',
        pi_gateway: 'CITY',
        card_holder_name: null,
      },
    });
    expect(JSON.stringify(ipn.body)).not.toContain('5555555555554444');

    const status = await client.checkStatus(trnxId, '2026-11-22');
    expect(status).toEqual({ ...ipn.body, req_timestamp: status.req_timestamp });
    expect(await client.orderValidate(trnxId, '2026-11-22', '11.00')).toBe(true);
    expect(await client.orderValidate(trnxId, '2026-11-22', '12.00')).toBe(false);
  });

  it("reports the instrument's and the gateway's discounts apart (pi_discount, discount)", async () => {
    const nexus = await newSession('200.00');
    await complete(server, (await paymentOf(server, nexus.trnxId)).id, { instrument: { cardNumber: '6048010000000000001' }, method: 'nexus' });
    const nexusIpn = (await ipnOf(nexus.trnxId)).body;
    expect(nexusIpn.pi_det_info).toMatchObject({ pi_name: 'DBBL Nexus', pi_type: 'Cards', pi_number: '•••• 0001', pi_gateway: 'DBBL' });
    expect(nexusIpn.trnx_info).toMatchObject({
      pi_charge: '1.50',
      pi_discount: '1.50',
      ekpay_charge: '0.00',
      discount: '0.00',
      total_ser_chrg: '1.50',
      total_pabl_amt: '200.00',
    });

    const citytouch = await newSession('200.00');
    await complete(server, (await paymentOf(server, citytouch.trnxId)).id, { instrument: { username: 'demo' }, method: 'city_ib' });
    const ipn = await ipnOf(citytouch.trnxId);
    expect(ipn.body.trnx_info).toMatchObject({
      pi_charge: '1.50',
      pi_discount: '0.00',
      ekpay_charge: '2.00',
      discount: '2.00',
      total_ser_chrg: '3.50',
      total_pabl_amt: '201.50',
    });
    expect(ipn.body.pi_det_info).toMatchObject({ pi_name: 'Citytouch', pi_type: 'Internet Banking', pi_gateway: 'CITY' });
  });

  it('says 1021 for a declined payment and 1022 for a cancelled one, with f_uri and c_uri to return to', async () => {
    const declined = await newSession();
    const declinedId = (await paymentOf(server, declined.trnxId)).id;
    // Three declined attempts end the payment (settings.maxAttempts).
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await complete(server, declinedId, { instrument: { walletNumber: '01929918378' }, method: 'bkash' });
    }
    const failed = await ipnOf(declined.trnxId);
    expect(failed.body).toMatchObject({
      msg_code: '1021',
      msg_det: 'Transaction failed: card declined',
      basic_Info: { redirect_to: `${REDIRECTS.fail}?transId=${declined.trnxId}&trnx_id=${declined.trnxId}` },
      pi_det_info: { pi_name: 'bKash', pi_type: 'Mobile Banking' },
    });

    const cancelled = await newSession();
    await complete(server, (await paymentOf(server, cancelled.trnxId)).id, { outcome: 'cancelled' });
    const ipn = await ipnOf(cancelled.trnxId);
    expect(ipn.body).toMatchObject({
      msg_code: '1022',
      msg_det: 'Transaction cancelled by the customer',
      basic_Info: { redirect_to: `${REDIRECTS.cancel}?transId=${cancelled.trnxId}&trnx_id=${cancelled.trnxId}` },
      trnx_info: { pi_charge: '0.00', total_pabl_amt: '11.00', pi_trnx_id: null },
    });
    expect((await cancelled.client.checkStatus(cancelled.trnxId, '2026-11-22')).msg_code).toBe('1022');
  });

  it('says 1021 when the session expires on the test clock, and get-status says so too', async () => {
    const merchant = await ephemeralMerchant(server);
    const credentials = { merRegId: merchant.dialects.ekpay.login, merPassKey: merchant.dialects.ekpay.password };
    const { trnxId, client } = await newSession('11.00', receiver, credentials);
    const before = await client.checkStatus(trnxId, '2026-11-22');
    expect(before.msg_code).toBe('1023');

    const advanced = await nativeApi(server, '/api/v1/test/clock/advance', { key: merchant.secretKey, body: { seconds: 300 } });
    expect(advanced.status).toBe(200);
    // get-status applies the lapsed deadline itself (the sweep may not have run yet).
    const status = await client.checkStatus(trnxId, '2026-11-22');
    expect(status).toMatchObject({
      msg_code: '1021',
      msg_det: 'Transaction failed: the payment session expired before the customer paid (selection timer)',
      basic_Info: { mer_reg_id: merchant.dialects.ekpay.login, redirect_to: `${REDIRECTS.fail}?transId=${trnxId}&trnx_id=${trnxId}` },
    });
    const ipn = await ipnOf(trnxId);
    expect(ipn.body).toMatchObject({ msg_code: '1021', msg_det: status.msg_det });
    expect((await paymentOf(server, trnxId, merchant.secretKey)).status).toBe('expired');
  });

  it('is retried when the IPN endpoint fails, and shows in the delivery log and the journal', async () => {
    const flaky = await startWebhookReceiver({ respond: [500, 503] });
    try {
      const { trnxId } = await newSession('11.00', flaky);
      const payment = await paymentOf(server, trnxId);
      await complete(server, payment.id, { outcome: 'success', method: 'bkash' });
      // Retries are due on the server's (test) clock: once an attempt is recorded, move it past the next.
      for (const attempts of [1, 2]) {
        await journalWhen(server, payment.id, (found) => found.filter((entry) => entry.type === 'webhook_attempt').length >= attempts);
        server.clock.advance(1_000);
      }
      const requests = await flaky.waitForRequests(3, 20_000);
      expect(requests.map((request) => request.rawBody)).toEqual([requests[0]?.rawBody, requests[0]?.rawBody, requests[0]?.rawBody]);
      expect(JSON.parse(requests[2]?.rawBody ?? '{}')).toMatchObject({ msg_code: '1020', trnx_info: { mer_trnx_id: trnxId } });

      const log = await nativeApi<{ data: Array<{ eventType: string; url: string }> }>(
        server,
        `/api/v1/webhook-deliveries?paymentId=${payment.id}`,
      );
      const [delivery] = log.body.data;
      expect(log.body.data).toHaveLength(1);
      expect(delivery).toMatchObject({ eventType: 'ekpay.ipn', url: `${flaky.url}?site=desco&transId=${trnxId}` });
      await expect
        .poll(async () => {
          const current = await nativeApi<{ data: Array<{ status: string; attempts: unknown[] }> }>(server, `/api/v1/webhook-deliveries?paymentId=${payment.id}`);
          return current.body.data[0]?.status;
        }, { timeout: 20_000 })
        .toBe('delivered');
      const entries = await journalWhen(server, payment.id, (found) => found.filter((entry) => entry.type === 'webhook_attempt').length >= 3);
      expect(entries.filter((entry) => entry.type === 'webhook_attempt')).toHaveLength(3);
    } finally {
      await flaky.close();
    }
  });

  it('is not sent when the session gave no ipn_uri', async () => {
    const trnxId = newTrnxId();
    const body = ekpayClient(server).payload({ trnx_id: trnxId, trnx_amt: '11.00' }, customer, REDIRECTS);
    await ekpayClient(server).merchantApi({ ...body, ipn_info: { ipn_channel: '0' } });
    const payment = await paymentOf(server, trnxId);
    await complete(server, payment.id, { outcome: 'success', method: 'bkash' });
    // The journal's state change proves the payment ended; the delivery log then shows nothing queued.
    await journalWhen(server, payment.id, (entries) => entries.some((entry) => entry.data.to === 'succeeded'));
    const log = await nativeApi<{ data: unknown[] }>(server, `/api/v1/webhook-deliveries?paymentId=${payment.id}`);
    expect(log.body.data).toEqual([]);
  });
});
