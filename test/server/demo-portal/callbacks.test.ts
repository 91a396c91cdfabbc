import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signReturnParams } from '../../../server/webhooks/return-url.js';
import { SIGNATURE_HEADER, signWebhookPayload } from '../../../server/webhooks/signature.js';
import type { TestServer } from '../../helpers/server.js';
import {
  fieldsOf,
  getPage,
  merchantApi,
  paymentIdOf,
  payWithTestCard,
  portalRecords,
  postForm,
  startPortalServer,
  type PortalRecords,
  tableRows,
  textOf,
  WEBHOOK_SECRETS,
} from './portal-server.js';

let server: TestServer;
let store: PortalRecords;

beforeAll(async () => {
  server = await startPortalServer();
  store = portalRecords(server);
});
afterAll(async () => {
  await server?.close();
});

const unixNow = () => Math.floor(server.clock.now().getTime() / 1000);

/** Starts paying a WZPDCO bill through the portal and pays it at the gateway; the portal has heard nothing yet. */
async function paidBehindThePortalsBack(accountNo: string, billNo: string, expectedTotal: string) {
  const started = await postForm(server, `/demo/wzpdco/accounts/${accountNo}/bills/${billNo}/pay`, { expectedTotal, mode: 'embedded' });
  expect(started.status).toBe(303);
  const paymentId = paymentIdOf(started.location);
  const recorded = await store.findPayment(paymentId);
  if (!recorded) throw new Error('the portal did not record the payment it created');
  const session = await payWithTestCard(server, paymentId, recorded.clientSecret);
  expect(session.status).toBe('succeeded');
  expect((await store.findPayment(paymentId))?.status).toBe('awaiting_method');
  return { paymentId, returnUrl: String(session.returnUrl) };
}

async function postWebhook(body: string, signature: string | null): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/demo/webhooks/wzpdco`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { [SIGNATURE_HEADER]: signature }) },
    body,
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('POST /demo/webhooks/:merchant', () => {
  it('rejects what the merchant secret did not sign, and records nothing', async () => {
    const { paymentId } = await paidBehindThePortalsBack('104231245', '2610104231245', '1245.50');
    const view = await merchantApi(server, 'wzpdco', 'GET', `/api/v1/payments/${paymentId}`);
    const body = JSON.stringify({ id: 'evt_forged', type: 'payment.succeeded', created: server.clock.now().toISOString(), data: { payment: view } });

    const attempts = [
      { signature: signWebhookPayload(body, 'whsec_not_the_merchants', unixNow()), reason: 'no_signature_match' },
      { signature: signWebhookPayload(body.replace('"succeeded"', '"succeeded" '), WEBHOOK_SECRETS.wzpdco, unixNow()), reason: 'no_signature_match' },
      { signature: signWebhookPayload(body, WEBHOOK_SECRETS.desco, unixNow()), reason: 'no_signature_match' },
      { signature: signWebhookPayload(body, WEBHOOK_SECRETS.wzpdco, unixNow() - 3600), reason: 'timestamp_too_old' },
      { signature: 't=1,v1=zz', reason: 'malformed_header' },
      { signature: null, reason: 'missing_header' },
    ];
    for (const { signature, reason } of attempts) {
      const answer = await postWebhook(body, signature);
      expect(answer.status, reason).toBe(400);
      expect(answer.json).toMatchObject({ status: 400, reason });
    }
    expect(await store.webhookEvents(paymentId)).toEqual([]);
    expect((await store.findPayment(paymentId))?.status).toBe('awaiting_method');
  });

  it('records a signed event, marks the bill paid with its slip, and knows a redelivery', async () => {
    const { paymentId } = await paidBehindThePortalsBack('104231245', '2609104231245', '1036.61');
    const view = await merchantApi<{ trackingNumber: string; slip: { htmlUrl: string; pdfUrl: string; verifyUrl: string } }>(
      server,
      'wzpdco',
      'GET',
      `/api/v1/payments/${paymentId}`,
    );
    const body = JSON.stringify({ id: 'evt_signed_1', type: 'payment.succeeded', created: server.clock.now().toISOString(), data: { payment: view } });

    const first = await postWebhook(body, signWebhookPayload(body, WEBHOOK_SECRETS.wzpdco, unixNow()));
    expect(first).toEqual({ status: 200, json: { received: true, duplicate: false } });
    expect(await store.webhookEvents(paymentId)).toEqual([
      { eventId: 'evt_signed_1', merchantId: 'wzpdco', paymentId, type: 'payment.succeeded', created: server.clock.now().toISOString() },
    ]);
    const { htmlUrl, pdfUrl, verifyUrl } = view.slip;
    expect(await store.findPayment(paymentId)).toMatchObject({ status: 'succeeded', trackingNumber: view.trackingNumber, slip: { htmlUrl, pdfUrl, verifyUrl } });

    const again = await postWebhook(body, signWebhookPayload(body, WEBHOOK_SECRETS.wzpdco, unixNow()));
    expect(again.json).toEqual({ received: true, duplicate: true });

    const bills = await getPage(server, '/demo/wzpdco/accounts/104231245/bills');
    const row = tableRows(bills.html, 'portal-table bills').find((cells) => cells[2] === '2609104231245');
    expect(row?.slice(7)).toEqual(['Paid', 'Payment Slip']);
    expect(bills.html).toContain(`href="${view.slip.htmlUrl}"`);
  });

  it('answers 404 problem+json for a merchant the portal does not have', async () => {
    const response = await fetch(`${server.baseUrl}/demo/webhooks/nobody`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it("records what the gateway's own dispatcher delivers to the webhook URL it gave", async () => {
    const { paymentId } = await paidBehindThePortalsBack('201120718', '2610201120718', '4356.75');
    await server.services.webhooks.dispatcher.runDue();
    expect((await store.webhookEvents(paymentId)).map((event) => event.type)).toEqual(['payment.succeeded']);
    expect((await store.findPayment(paymentId))?.status).toBe('succeeded');
  });
});

describe('GET /demo/return/:merchant', () => {
  /** A signed return of an unpaid WZPDCO account's bill: a new application fee, paid at the gateway. */
  async function paidFee() {
    const created = await postForm(server, '/demo/new-connection', { office: 'wzpdco:104', applicantName: 'Rahima Begum', mobile: '01711223344', phases1: '1', load1: '2' });
    const started = await postForm(server, `${created.location}/meters/1/application_fee/pay`, { expectedTotal: '300.00', mode: 'redirect', proceed: 'ok' });
    const paymentId = paymentIdOf(started.location);
    const session = await payWithTestCard(server, paymentId, (await store.findPayment(paymentId))?.clientSecret ?? '');
    return { paymentId, applicationPath: created.location ?? '', returnUrl: new URL(String(session.returnUrl)) };
  }

  it('rejects a tampered or misdirected return and records nothing', async () => {
    const { paymentId, returnUrl } = await paidFee();
    const params = returnUrl.searchParams;
    const tampered = (change: (query: URLSearchParams) => void, path = returnUrl.pathname) => {
      const query = new URLSearchParams(params);
      change(query);
      return `${path}?${query}`;
    };
    const forgedSignature = signReturnParams(
      { paymentId, reference: params.get('reference') ?? '', status: 'succeeded' },
      'whsec_guessed',
      Number(params.get('t')),
    );
    const returns = [
      tampered((q) => q.set('status', 'failed')),
      tampered((q) => q.set('reference', 'someone-else')),
      tampered((q) => q.set('signature', (q.get('signature') ?? '').replace(/^./, (c) => (c === '0' ? '1' : '0')))),
      tampered((q) => q.delete('t')),
      tampered((q) => q.set('signature', forgedSignature.get('signature') ?? '')),
      tampered(() => undefined, '/demo/return/desco'),
    ];
    for (const path of returns) {
      const page = await getPage(server, path);
      expect(page.status, path).toBe(400);
      expect(textOf(page.html)).toContain('This return link is not genuine');
    }
    expect((await store.findPayment(paymentId))?.status).toBe('awaiting_method');
  });

  it('accepts the genuine return, asks the merchant API what happened, and shows the result with the slip', async () => {
    const { paymentId, applicationPath, returnUrl } = await paidFee();
    expect(returnUrl.pathname).toBe('/demo/return/wzpdco');
    const landed = await getPage(server, `${returnUrl.pathname}${returnUrl.search}`);
    expect(landed.status).toBe(303);
    expect(landed.location).toBe(`/demo/payments/${paymentId}`);

    const recorded = await store.findPayment(paymentId);
    expect(recorded).toMatchObject({ status: 'succeeded', trackingNumber: expect.stringMatching(/^4104\d{15}\|1\|1$/) });

    const result = await getPage(server, landed.location ?? '');
    expect(result.status).toBe(200);
    expect(fieldsOf(result.html)).toMatchObject({ 'Tracking No.': recorded?.trackingNumber, 'Payment Method': 'VISA (EBL)' });
    // What was charged, as the gateway's slip says: every row, and the total that adds them up.
    const slip = (await merchantApi<{ slip: { amounts: Record<string, string> } }>(server, 'wzpdco', 'GET', `/api/v1/payments/${paymentId}`)).slip;
    expect(tableRows(result.html, 'portal-table charged')).toEqual([
      ['Fee', '300.00'],
      ['Service Charge', slip.amounts.serviceCharge],
      ['Convenience Fee', slip.amounts.convenienceFee],
      ['Total Paid', slip.amounts.total],
    ]);
    for (const link of [recorded?.slip?.htmlUrl, recorded?.slip?.pdfUrl, recorded?.slip?.verifyUrl]) {
      expect(result.html).toContain(`href="${link}"`);
    }
    expect(result.html).toContain(`href="${applicationPath}"`);
    // In Bangla the gateway's slip and verify pages are linked in Bangla too.
    const bangla = await getPage(server, `${landed.location}?lang=bn`);
    expect(bangla.html).toContain(`href="${recorded?.slip?.htmlUrl}&amp;lang=bn"`);
    expect(bangla.html).toContain(`href="${recorded?.slip?.verifyUrl}&amp;lang=bn"`);

    // The application now shows the fee paid with its tracking number, and the demand note can be paid.
    const application = await getPage(server, applicationPath);
    const [meter] = tableRows(application.html, 'portal-table fees');
    expect(meter?.[3]).toBe(`300.00 Paid Payment Slip Tracking No.: ${recorded?.trackingNumber}`);
    expect(meter?.[4]).toBe('3,300.00 Unpaid Pay Online');
  });

  // Last: it moves the gateway's clock for good.
  it('sends a genuine but stale return (a reload much later) to the result page, recording nothing', async () => {
    const { paymentId, returnUrl } = await paidFee();
    server.clock.advanceSeconds(10 * 60);
    const page = await getPage(server, `${returnUrl.pathname}${returnUrl.search}`);
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/demo/payments/${paymentId}`);
    expect((await store.findPayment(paymentId))?.status).toBe('awaiting_method');
  });
});
