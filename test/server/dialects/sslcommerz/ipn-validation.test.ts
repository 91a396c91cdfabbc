import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkVerifySign, VERIFY_KEYS } from '../../../../server/dialects/sslcommerz/verify-sign.js';
import { DESCO_KEY } from '../../../helpers/api.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../helpers/webhook-receiver.js';
import { DESCO_STORE, formFields, initData, phpHashVerify, sslcommerzClient, WZPDCO_STORE } from './sslcommerz-helpers.js';

/**
 * The server side of an SSLCommerz session without a browser (headless completion drives the
 * checkout): the IPN in the outbox, validation VALID then VALIDATED, the transaction queries, an
 * expired session, and an IPN receiver that fails at first.
 */
let server: TestServer;
let receiver: WebhookReceiver;
const WAIT_MS = 60_000;

beforeAll(async () => {
  server = await startTestServer({ webhooks: true, config: { fastWebhooks: true } });
  let flaky = 0;
  receiver = await startWebhookReceiver({
    // /flaky fails its first two requests.
    respond: (request) => (request.path === '/flaky' && ++flaky <= 2 ? 500 : 200),
  });
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const origin = () => receiver.url.replace('/webhooks', '');
const urls = () => ({ success: `${origin()}/success`, fail: `${origin()}/fail`, cancel: `${origin()}/cancel`, ipn: `${origin()}/ipn` });

async function merchantCall(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${DESCO_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function paymentIdOf(tranId: string): Promise<string> {
  const list = await merchantCall(`/api/v1/payments?reference=${tranId}`);
  return (list.data as Array<{ id: string }>)[0]!.id;
}

/** Waits for the IPN of `tranId` (the receiver sees other sessions' too). */
async function ipnOf(tranId: string, path = '/ipn'): Promise<Record<string, string>> {
  let found: Record<string, string> | undefined;
  await expect
    .poll(
      () => {
        found = receiver.requests
          .filter((request) => request.path === path)
          .map((request) => formFields(request.rawBody))
          .find((fields) => fields.tran_id === tranId);
        return found !== undefined;
      },
      { timeout: WAIT_MS },
    )
    .toBe(true);
  return found!;
}

describe('SSLCommerz IPN and validation', () => {
  it('posts a signed VALID IPN, then validates VALID, then VALIDATED, and the queries agree', async () => {
    const client = sslcommerzClient(server.baseUrl);
    const data = initData(urls());
    const init = await client.init(data);
    const paymentId = await paymentIdOf(data.tran_id);
    await merchantCall(`/api/v1/test/payments/${paymentId}/complete`, { instrument: { cardNumber: '4111111111111111' }, gateway: 'EBL' });

    const ipn = await ipnOf(data.tran_id);
    const request = receiver.requests.find((r) => r.path === '/ipn' && formFields(r.rawBody).tran_id === data.tran_id)!;
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers['billpay-signature']).toBeUndefined();
    expect(ipn).toMatchObject({
      status: 'VALID',
      tran_id: data.tran_id,
      amount: '100.00',
      store_amount: '100.00',
      currency: 'BDT',
      currency_type: 'BDT',
      currency_amount: '100.00',
      currency_rate: '1.0000',
      card_type: 'VISA-EBL',
      card_no: 'XXXXXXXXXXXX1111',
      card_brand: 'VISA',
      card_issuer: 'EBL',
      card_issuer_country_code: 'BD',
      store_id: DESCO_STORE.id,
      value_a: 'order-42',
      value_b: 'a&b=c d',
      error: '',
      risk_level: '0',
      risk_title: 'Safe',
      tran_date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      verify_key: VERIFY_KEYS.join(','),
      verify_sign_sha2: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(ipn.val_id).toMatch(/^\d{14}[A-Za-z0-9]{12}$/);
    expect(ipn.bank_tran_id).toMatch(/^\d{14}[A-Za-z0-9]{12}$/);
    expect(phpHashVerify(ipn, DESCO_STORE.password)).toBe(true);
    expect(checkVerifySign(ipn, DESCO_STORE.password)).toBe(true);
    expect(phpHashVerify({ ...ipn, amount: '1000.00' }, DESCO_STORE.password)).toBe(false);
    expect(phpHashVerify(ipn, WZPDCO_STORE.password)).toBe(false);

    const first = await client.validate({ val_id: ipn.val_id! });
    expect(first).toMatchObject({
      status: 'VALID',
      APIConnect: 'DONE',
      tran_id: data.tran_id,
      val_id: ipn.val_id,
      amount: '100.00',
      bank_tran_id: ipn.bank_tran_id,
      card_category: 'CREDIT',
      validated_on: expect.stringMatching(/^\d{4}-/),
    });
    expect(first.verify_sign).toBeUndefined();
    expect(await client.validate({ val_id: ipn.val_id! })).toMatchObject({ status: 'VALIDATED', validated_on: first.validated_on });
    // Over GET too (sslcommerz-lts always POSTs, other clients GET).
    const viaGet = await fetch(
      `${server.baseUrl}/validator/api/validationserverAPI.php?val_id=${ipn.val_id}&store_id=${DESCO_STORE.id}&store_passwd=${DESCO_STORE.password}&v=1&format=json`,
    );
    expect(await viaGet.json()).toMatchObject({ status: 'VALIDATED' });

    const byTran = await client.transactionQueryByTransactionId({ tran_id: data.tran_id });
    expect(byTran).toMatchObject({ APIConnect: 'DONE', no_of_trans_found: 1, element: [{ status: 'VALIDATED', val_id: ipn.val_id }] });
    const bySession = await client.transactionQueryBySessionId({ sessionkey: String(init.sessionkey) });
    expect(bySession).toMatchObject({ APIConnect: 'DONE', status: 'VALIDATED', sessionkey: init.sessionkey, tran_id: data.tran_id });

    // The IPN is in the delivery log like any webhook.
    const deliveries = await merchantCall(`/api/v1/webhook-deliveries?paymentId=${paymentId}`);
    expect(JSON.stringify(deliveries)).toContain('sslcommerz.ipn');
  });

  it('answers INVALID_TRANSACTION for an unknown val_id, another store, or a session key given as val_id', async () => {
    const client = sslcommerzClient(server.baseUrl);
    expect(await client.validate({ val_id: 'NOPE' })).toMatchObject({ status: 'INVALID_TRANSACTION' });
    const data = initData(urls());
    const init = await client.init(data);
    expect(await client.validate({ val_id: String(init.sessionkey) })).toMatchObject({ status: 'INVALID_TRANSACTION' });
    const paymentId = await paymentIdOf(data.tran_id);
    await merchantCall(`/api/v1/test/payments/${paymentId}/complete`, { outcome: 'success' });
    const ipn = await ipnOf(data.tran_id);
    const other = sslcommerzClient(server.baseUrl, WZPDCO_STORE);
    expect(await other.validate({ val_id: ipn.val_id! })).toMatchObject({ status: 'INVALID_TRANSACTION' });
    expect(await other.transactionQueryByTransactionId({ tran_id: data.tran_id })).toMatchObject({ no_of_trans_found: 0, element: [] });
    const wrongPassword = sslcommerzClient(server.baseUrl, { id: DESCO_STORE.id, password: 'wrong' });
    expect(await wrongPassword.validate({ val_id: ipn.val_id! })).toMatchObject({
      status: 'INVALID_TRANSACTION',
      APIConnect: 'INACTIVE',
    });
    expect(await wrongPassword.transactionQueryByTransactionId({ tran_id: data.tran_id })).toMatchObject({ APIConnect: 'INACTIVE' });
    // A query without its key.
    const bare = await fetch(`${server.baseUrl}/validator/api/merchantTransIDvalidationAPI.php?store_id=descotest&store_passwd=descotest@ssl`);
    expect(await bare.json()).toMatchObject({ APIConnect: 'INVALID_REQUEST' });
  });

  it('posts CANCELLED and FAILED IPNs (no val_id), and the queries say so', async () => {
    const client = sslcommerzClient(server.baseUrl);
    const cancelled = initData(urls());
    await client.init(cancelled);
    await merchantCall(`/api/v1/test/payments/${await paymentIdOf(cancelled.tran_id)}/complete`, { outcome: 'cancelled' });
    const cancelIpn = await ipnOf(cancelled.tran_id);
    expect(cancelIpn).toMatchObject({ status: 'CANCELLED', val_id: '', bank_tran_id: '', store_amount: '0.00' });
    expect(phpHashVerify(cancelIpn, DESCO_STORE.password)).toBe(true);

    const failed = initData(urls());
    await client.init(failed);
    const failedId = await paymentIdOf(failed.tran_id);
    // Three declined attempts use up the payment.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await merchantCall(`/api/v1/test/payments/${failedId}/complete`, { outcome: 'declined' });
    }
    const failIpn = await ipnOf(failed.tran_id);
    expect(failIpn).toMatchObject({ status: 'FAILED', card_brand: 'VISA' });
    expect(failIpn.error).not.toBe('');
    expect(await client.transactionQueryByTransactionId({ tran_id: failed.tran_id })).toMatchObject({
      element: [{ status: 'FAILED' }],
    });
  });

  it('gets the IPN to a receiver that fails the first attempts (retries)', async () => {
    const client = sslcommerzClient(server.baseUrl);
    const data = initData({ ...urls(), ipn: `${origin()}/flaky` });
    await client.init(data);
    const paymentId = await paymentIdOf(data.tran_id);
    await merchantCall(`/api/v1/test/payments/${paymentId}/complete`, { outcome: 'success' });
    const flakyRequests = () => receiver.requests.filter((r) => r.path === '/flaky');
    const recordedAttempts = async () => {
      const deliveries = await merchantCall(`/api/v1/webhook-deliveries?paymentId=${paymentId}`);
      return (deliveries.data as Array<{ attempts: unknown[] }>)[0]?.attempts.length ?? 0;
    };
    // Retries are scheduled on the server's base clock (a manual one here): once an attempt is
    // recorded (its retry scheduled), move the clock past the gap.
    for (const count of [1, 2]) {
      await expect.poll(recordedAttempts, { timeout: WAIT_MS }).toBe(count);
      server.clock.advance(5_000);
    }
    await expect.poll(() => flakyRequests().length, { timeout: WAIT_MS }).toBe(3);
    const ipn = await ipnOf(data.tran_id, '/flaky');
    expect(ipn.status).toBe('VALID');
    // Every attempt carried the same signed body; the third was answered 200.
    const attempts = flakyRequests();
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((r) => r.rawBody)).size).toBe(1);
    expect(phpHashVerify(ipn, DESCO_STORE.password)).toBe(true);
    await expect
      .poll(
        async () => {
          const deliveries = await merchantCall(`/api/v1/webhook-deliveries?paymentId=${paymentId}`);
          return (deliveries.data as Array<{ status: string; attempts: unknown[] }>).map((d) => `${d.status} ${d.attempts.length}`);
        },
        { timeout: WAIT_MS },
      )
      .toEqual(['delivered 3']);
  });

  it('posts an EXPIRED IPN when the test clock passes the 5-minute selection timer', async () => {
    const client = sslcommerzClient(server.baseUrl);
    const data = initData(urls());
    await client.init(data);
    await merchantCall('/api/v1/test/clock/advance', { seconds: 300 });
    const ipn = await ipnOf(data.tran_id);
    expect(ipn).toMatchObject({ status: 'EXPIRED', val_id: '', error: 'Session expired' });
    expect(phpHashVerify(ipn, DESCO_STORE.password)).toBe(true);
  });
});

describe('SSLCommerz refunds over the core refund service', () => {
  async function paidSession(): Promise<{ tranId: string; bankTranId: string; paymentId: string }> {
    const data = initData(urls());
    await sslcommerzClient(server.baseUrl).init(data);
    const paymentId = await paymentIdOf(data.tran_id);
    await merchantCall(`/api/v1/test/payments/${paymentId}/complete`, { outcome: 'success' });
    const ipn = await ipnOf(data.tran_id);
    return { tranId: data.tran_id, bankTranId: ipn.bank_tran_id!, paymentId };
  }

  async function setOutcome(outcome: string): Promise<void> {
    const response = await fetch(`${server.baseUrl}/api/v1/test/refunds/outcome`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${DESCO_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome }),
    });
    expect(response.status).toBe(200);
  }

  it('initiates a refund (success) and queries it (refunded); the native API sees it; refe_id repeats the answer', async () => {
    await setOutcome('instant');
    const client = sslcommerzClient(server.baseUrl);
    const { tranId, bankTranId, paymentId } = await paidSession();
    const refund = { refund_amount: '40.00', refund_remarks: 'customer asked', bank_tran_id: bankTranId, refe_id: `R-${tranId}` };
    const initiated = await client.initiateRefund(refund);
    expect(initiated).toMatchObject({
      APIConnect: 'DONE',
      bank_tran_id: bankTranId,
      trans_id: tranId,
      refund_ref_id: expect.stringMatching(/^rfd_/),
      status: 'success',
      errorReason: '',
    });
    expect(await client.initiateRefund(refund)).toEqual(initiated);
    const queried = await client.refundQuery({ refund_ref_id: String(initiated.refund_ref_id) });
    expect(queried).toMatchObject({
      APIConnect: 'DONE',
      bank_tran_id: bankTranId,
      tran_id: tranId,
      refund_ref_id: initiated.refund_ref_id,
      status: 'refunded',
      initiated_on: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
      refunded_on: expect.stringMatching(/^\d{4}-/),
    });
    const native = await merchantCall(`/api/v1/payments/${paymentId}/refunds`);
    expect(native).toMatchObject({ data: [{ id: initiated.refund_ref_id, amount: '40.00', status: 'succeeded' }] });

    // More than is left is refused in SSLCommerz's shape.
    const tooMuch = await client.initiateRefund({ ...refund, refund_amount: '60.01', refe_id: `R2-${tranId}` });
    expect(tooMuch).toMatchObject({ APIConnect: 'DONE', status: 'failed', refund_ref_id: '', errorReason: expect.any(String) });
    expect(tooMuch.errorReason).not.toBe('');
  });

  it('says processing while the refund is pending, then refunded; cancelled for a failed one', async () => {
    const client = sslcommerzClient(server.baseUrl);
    await setOutcome('pending_then_success');
    const pending = await paidSession();
    const initiated = await client.initiateRefund({ refund_amount: '100.00', refund_remarks: '', bank_tran_id: pending.bankTranId, refe_id: `P-${pending.tranId}` });
    expect(initiated.status).toBe('processing');
    const ref = String(initiated.refund_ref_id);
    expect(await client.refundQuery({ refund_ref_id: ref })).toMatchObject({ status: 'processing', refunded_on: '' });
    await merchantCall('/api/v1/test/clock/advance', { seconds: 3600 });
    expect(await client.refundQuery({ refund_ref_id: ref })).toMatchObject({ status: 'refunded' });

    await setOutcome('failed');
    const failed = await paidSession();
    const declined = await client.initiateRefund({ refund_amount: '10.00', refund_remarks: '', bank_tran_id: failed.bankTranId, refe_id: `F-${failed.tranId}` });
    expect(declined).toMatchObject({ status: 'failed', refund_ref_id: expect.stringMatching(/^rfd_/) });
    expect(await client.refundQuery({ refund_ref_id: String(declined.refund_ref_id) })).toMatchObject({ status: 'cancelled' });
    await setOutcome('instant');
  });

  it('refuses unknown keys, another store and missing amounts in SSLCommerz shape', async () => {
    const client = sslcommerzClient(server.baseUrl);
    expect(await client.refundQuery({ refund_ref_id: 'rfd_nope' })).toMatchObject({ APIConnect: 'INVALID_REQUEST' });
    expect(
      await client.initiateRefund({ refund_amount: '10.00', refund_remarks: '', bank_tran_id: 'NOPE', refe_id: 'x' }),
    ).toMatchObject({ APIConnect: 'DONE', status: 'failed', errorReason: expect.stringContaining('bank_tran_id') });
    const { bankTranId } = await paidSession();
    const other = sslcommerzClient(server.baseUrl, WZPDCO_STORE);
    expect(await other.initiateRefund({ refund_amount: '10.00', refund_remarks: '', bank_tran_id: bankTranId, refe_id: 'y' })).toMatchObject({
      status: 'failed',
    });
    const noAmount = await fetch(
      `${server.baseUrl}/validator/api/merchantTransIDvalidationAPI.php?bank_tran_id=${bankTranId}&store_id=${DESCO_STORE.id}&store_passwd=${DESCO_STORE.password}`,
    );
    expect(await noAmount.json()).toMatchObject({ APIConnect: 'INVALID_REQUEST', errorReason: 'refund_amount is required' });
  });
});
