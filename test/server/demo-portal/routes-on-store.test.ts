/**
 * The portal's routes on the storage port, on both engines: an Express app of the portal alone
 * over a fresh store, with a gateway of the test's own behind its `fetch` (fake-gateway.ts). What
 * the pages show is the HTTP suite's (pages, callbacks); here, that every record goes through
 * `tx.portal` on either engine: applications, payments started from a form, webhook receipts.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPortalRoutes } from '../../../server/demo-portal/routes.js';
import { feePayableKey } from '../../../server/demo-portal/store.js';
import { ApiProblem } from '../../../server/http/problems.js';
import type { Store } from '../../../server/storage/port.js';
import { SIGNATURE_HEADER, signWebhookPayload } from '../../../server/webhooks/signature.js';
import { testFixtures } from '../../helpers/server.js';
import { ENGINES, openTestStore, type OpenedStore } from '../storage/contract/stores.js';
import { FakeGateway, GATEWAY_URL } from './fake-gateway.js';
import { getPage, paymentIdOf, postForm, tableRows } from './portal-server.js';

/** The app's problem+json, as far as these tests look at it. */
const problems: ErrorRequestHandler = (error, _req, res, _next) => {
  const status = error instanceof ApiProblem ? error.status : 500;
  res.status(status).type('application/problem+json').json({ status, detail: String(error?.message ?? error) });
};

const wzpdco = () => {
  const merchant = testFixtures().merchants.find((m) => m.id === 'wzpdco');
  if (!merchant) throw new Error('the fixtures have no wzpdco');
  return merchant;
};

for (const engine of ENGINES) {
  describe(`demo portal routes on the storage port (${engine})`, () => {
    let opened: OpenedStore | undefined;
    let listening: Server | undefined;
    const gateway = new FakeGateway();
    /** The shape startTestServer answers, for portal-server.ts's page helpers. */
    const server = { baseUrl: '' } as Parameters<typeof getPage>[0];
    const store = (): Store => (opened as OpenedStore).store;

    beforeAll(async () => {
      opened = await openTestStore(engine);
      const app = express();
      app.use(demoPortalRoutes({ store: opened.store, fixtures: testFixtures(), gatewayUrl: GATEWAY_URL, fetch: gateway.fetch }));
      app.use(problems);
      listening = await new Promise<Server>((resolve) => {
        const started = app.listen(0, '127.0.0.1', () => resolve(started));
      });
      server.baseUrl = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      listening?.closeAllConnections();
      await new Promise<void>((resolve) => (listening ? listening.close(() => resolve()) : resolve()));
      await opened?.close();
    });

    /** A new application of one single-phase meter at WZPDCO's office 104: its page's path. */
    const apply = async (applicantName: string) => {
      const created = await postForm(server, '/demo/new-connection', { office: 'wzpdco:104', applicantName, mobile: '01711223344', phases1: '1', load1: '2' });
      expect(created.status).toBe(303);
      expect(created.location).toMatch(/^\/demo\/new-connection\/\d+$/);
      return created.location ?? '';
    };

    it('creates an application, lists it and shows its fees; the demand note waits for the application fee', async () => {
      const path = await apply('Rahima Begum');
      const id = Number(path.split('/').pop());
      expect(await store().read((tx) => tx.portal.findApplication(id))).toMatchObject({ id, merchantId: 'wzpdco', applicantName: 'Rahima Begum', officeCode: '104' });
      const list = await getPage(server, '/demo/new-connection');
      expect(list.status).toBe(200);
      expect(list.html).toContain(`href="/demo/new-connection/${id}"`);
      const page = await getPage(server, path);
      expect(tableRows(page.html, 'portal-table fees')).toEqual([
        ['Meter 1', 'Single phase', '2', '300.00 Unpaid Pay Online', '3,300.00 Issued after the application fee is paid'],
      ]);
      expect((await postForm(server, `${path}/meters/1/demand_note/pay`, { expectedTotal: '3300.00', mode: 'embedded', proceed: 'ok' })).status).toBe(409);
      expect((await getPage(server, `/demo/new-connection/${id + 1000}`)).status).toBe(404);
    });

    it('starts one payment for a fee clicked three times at once, records it, and opens its checkout page', async () => {
      const path = await apply('Karim');
      const id = Number(path.split('/').pop());
      const before = gateway.created.length;
      const pay = () => postForm(server, `${path}/meters/1/application_fee/pay`, { expectedTotal: '300.00', mode: 'embedded', proceed: 'ok' });
      const answers = await Promise.all([pay(), pay(), pay()]);
      expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303]);
      const paymentId = paymentIdOf(answers[0]?.location ?? null);
      expect(answers.map((answer) => paymentIdOf(answer.location))).toEqual([paymentId, paymentId, paymentId]);
      expect(gateway.created.slice(before)).toEqual([paymentId]);
      const recorded = await store().read((tx) => tx.portal.paymentsFor('wzpdco', feePayableKey(id, 1, 'application_fee')));
      expect(recorded.map((payment) => [payment.paymentId, payment.status, payment.amount])).toEqual([[paymentId, 'awaiting_method', '300.00']]);
      const checkout = await getPage(server, `/demo/checkout/${paymentId}`);
      expect(checkout.status).toBe(200);
      expect(checkout.html).toContain(`${paymentId}_secret`);
      expect((await getPage(server, '/demo/checkout/pay_unknown')).status).toBe(404);
    });

    it('records a signed webhook and what it says in one unit, knows a redelivery, and marks the fee paid', async () => {
      const path = await apply('Ayesha');
      const started = await postForm(server, `${path}/meters/1/application_fee/pay`, { expectedTotal: '300.00', mode: 'embedded', proceed: 'ok' });
      const paymentId = paymentIdOf(started.location);
      const paid = gateway.end(paymentId, 'succeeded');
      const eventId = `evt_${paymentId}`;
      const body = JSON.stringify({ id: eventId, type: 'payment.succeeded', created: new Date().toISOString(), data: { payment: { ...paid, merchantId: 'wzpdco' } } });
      const deliver = async () => {
        const response = await fetch(`${server.baseUrl}/demo/webhooks/wzpdco`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signWebhookPayload(body, wzpdco().webhookSecret) },
          body,
        });
        return { status: response.status, json: (await response.json()) as unknown };
      };
      expect(await deliver()).toEqual({ status: 200, json: { received: true, duplicate: false } });
      expect(await deliver()).toEqual({ status: 200, json: { received: true, duplicate: true } });
      await store().read(async (tx) => {
        expect((await tx.portal.webhookEvents(paymentId)).map((event) => event.eventId)).toEqual([eventId]);
        expect(await tx.portal.findPayment(paymentId)).toMatchObject({ status: 'succeeded', trackingNumber: paid.trackingNumber });
      });
      const page = await getPage(server, path);
      expect(tableRows(page.html, 'portal-table fees')[0]?.[3]).toBe(`300.00 Paid Tracking No.: ${paid.trackingNumber}`);
      const unsigned = await fetch(`${server.baseUrl}/demo/webhooks/wzpdco`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      expect(unsigned.status).toBe(400);
    });
  });
}
