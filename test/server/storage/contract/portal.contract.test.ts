/**
 * The demo portal's repository on both engines: its payments and what the gateway said of them
 * (an ended payment stays ended), the webhook events it received (a redelivery is known), and
 * new-connection applications with their meters' fees.
 */
import { expect, it } from 'vitest';
import { AT, applicationRequest, FEES, gatewayView, later, portalMerchant, portalPayment, SLIP } from './portal.fixtures.js';
import { describeEachStore } from './stores.js';

describeEachStore('demo portal records', ({ store }) => {
  it('keeps a payment as given and finds it by id; an unknown id is null', async () => {
    const payment = portalPayment(portalMerchant(), { accountNo: '104231245', meterNo: '010203040506' });
    await store().transact((tx) => tx.portal.insertPayment(payment, AT));
    await store().transact(async (tx) => {
      expect(await tx.portal.findPayment(payment.paymentId)).toEqual(payment);
      expect(await tx.portal.findPayment(`${payment.paymentId}x`)).toBeNull();
    });
  });

  it("lists a payable's payments newest first (equal times in the order made), and no other payable's or merchant's", async () => {
    const merchantId = portalMerchant();
    const payableKey = 'bill:062212345678';
    // Gateway ids are uuid v7, so ids made one after another sort in that order.
    const [first, second, third] = ['01', '02', '03'].map((n) => portalPayment(merchantId, { paymentId: `pay_019a0000000070008000000000000${n}`, payableKey }));
    const otherPayable = portalPayment(merchantId, { payableKey: 'bill:062212345679' });
    const otherMerchant = portalPayment(portalMerchant(), { payableKey });
    const recharge = portalPayment(merchantId, { payableKey: null, purpose: 'prepaid_recharge' });
    await store().transact(async (tx) => {
      await tx.portal.insertPayment(first!, AT);
      await tx.portal.insertPayment(second!, later(1000));
      await tx.portal.insertPayment(third!, later(1000));
      for (const payment of [otherPayable, otherMerchant, recharge]) await tx.portal.insertPayment(payment, later(2000));
    });
    await store().transact(async (tx) => {
      expect((await tx.portal.paymentsFor(merchantId, payableKey)).map((p) => p.paymentId)).toEqual([third, second, first].map((p) => p!.paymentId));
      expect(await tx.portal.paymentsFor(merchantId, 'bill:000000000000')).toEqual([]);
    });
  });

  it("locking a payable answers its payments as paymentsFor does (newest first), none for a payable without any", async () => {
    const merchantId = portalMerchant();
    const payableKey = 'bill:062212345678';
    const [first, second] = ['01', '02'].map((n) => portalPayment(merchantId, { paymentId: `pay_019a0000000070008000000000001${n}`, payableKey }));
    const otherPayable = portalPayment(merchantId, { payableKey: 'bill:062212345679' });
    await store().transact(async (tx) => {
      await tx.portal.insertPayment(first!, AT);
      await tx.portal.insertPayment(second!, later(1000));
      await tx.portal.insertPayment(otherPayable, later(1000));
    });
    await store().transact(async (tx) => {
      expect(await tx.portal.lockPayable(merchantId, payableKey)).toEqual([second, first]);
      expect(await tx.portal.lockPayable(merchantId, 'bill:000000000000')).toEqual([]);
      // Locked twice in one unit: the unit already holds it.
      expect(await tx.portal.lockPayable(merchantId, payableKey)).toEqual(await tx.portal.paymentsFor(merchantId, payableKey));
    });
  });

  it("applies the gateway's view: status, tracking number, slip and paid time; null for a payment the portal did not make", async () => {
    const payment = portalPayment(portalMerchant());
    await store().transact((tx) => tx.portal.insertPayment(payment, AT));
    const authorizing = await store().transact((tx) => tx.portal.applyGatewayView(gatewayView(payment, 'authorizing'), later(1000)));
    expect(authorizing).toEqual({ ...payment, status: 'authorizing' });
    const paid = await store().transact((tx) => tx.portal.applyGatewayView(gatewayView(payment, 'succeeded'), later(2000)));
    expect(paid).toEqual({ ...payment, status: 'succeeded', trackingNumber: '4305261205120000001|2|demand_note', slip: SLIP, paidAt: '2026-12-05T12:00:00+06:00' });
    expect(await store().transact((tx) => tx.portal.findPayment(payment.paymentId))).toEqual(paid);
    const stranger = portalPayment(portalMerchant());
    expect(await store().transact((tx) => tx.portal.applyGatewayView(gatewayView(stranger, 'succeeded'), AT))).toBeNull();
    expect(await store().transact((tx) => tx.portal.findPayment(stranger.paymentId))).toBeNull();
  });

  it('keeps an ended payment ended: a late view of an earlier step or another end changes nothing, the same end may add to it', async () => {
    const payment = portalPayment(portalMerchant());
    await store().transact((tx) => tx.portal.insertPayment(payment, AT));
    const paidWithoutSlip = { ...gatewayView(payment, 'succeeded'), slip: null };
    await store().transact((tx) => tx.portal.applyGatewayView(paidWithoutSlip, later(1000)));
    for (const status of ['awaiting_method', 'authorizing', 'failed', 'cancelled', 'expired']) {
      const after = await store().transact((tx) => tx.portal.applyGatewayView(gatewayView(payment, status), later(2000)));
      expect(after, status).toMatchObject({ status: 'succeeded', trackingNumber: '4305261205120000001|2|demand_note', slip: null });
    }
    // The same end, told again with the slip now issued, is taken.
    const withSlip = await store().transact((tx) => tx.portal.applyGatewayView(gatewayView(payment, 'succeeded'), later(3000)));
    expect(withSlip).toMatchObject({ status: 'succeeded', slip: SLIP });
  });

  it('records a received webhook event once (a redelivery is refused and changes nothing) and lists them in the order received', async () => {
    const merchantId = portalMerchant();
    const paymentId = `pay_${merchantId}`;
    const event = (eventId: string, type: string) => ({ eventId, merchantId, paymentId, type, created: '2026-12-05T06:00:00.000Z' });
    const [authorized, succeeded] = [event(`019a${merchantId}1`, 'payment.authorized'), event(`019a${merchantId}2`, 'payment.succeeded')];
    const other = { ...event(`019a${merchantId}3`, 'payment.succeeded'), paymentId: `${paymentId}_other` };
    const recorded = await store().transact(async (tx) => [
      await tx.portal.recordWebhookEvent(succeeded, later(2000)),
      await tx.portal.recordWebhookEvent(authorized, later(1000)),
      await tx.portal.recordWebhookEvent(other, later(1000)),
    ]);
    expect(recorded).toEqual([true, true, true]);
    const again = await store().transact((tx) => tx.portal.recordWebhookEvent({ ...succeeded, type: 'payment.failed' }, later(3000)));
    expect(again).toBe(false);
    await store().transact(async (tx) => {
      expect(await tx.portal.webhookEvents(paymentId)).toEqual([authorized, succeeded]);
      expect(await tx.portal.webhookEvents(`${paymentId}_nothing`)).toEqual([]);
    });
  });

  it('lists events received at the same time in the order made (gateway event ids are uuid v7)', async () => {
    const merchantId = portalMerchant();
    const paymentId = `pay_${merchantId}`;
    const events = ['1', '2', '3'].map((n) => ({ eventId: `019a${merchantId}${n}`, merchantId, paymentId, type: 'payment.updated', created: AT.toISOString() }));
    await store().transact(async (tx) => {
      for (const event of events) await tx.portal.recordWebhookEvent(event, AT);
    });
    expect(await store().transact((tx) => tx.portal.webhookEvents(paymentId))).toEqual(events);
  });

  it('creates an application with its meters and their fees, and finds it by the id it was given; an unknown id is null', async () => {
    const request = applicationRequest(portalMerchant());
    const id = await store().transact((tx) => tx.portal.createApplication(request, FEES, AT));
    expect(Number.isSafeInteger(id) && id > 0).toBe(true);
    await store().transact(async (tx) => {
      expect(await tx.portal.findApplication(id)).toEqual({
        id,
        merchantId: request.merchantId,
        applicantName: 'Rahima Khatun',
        mobile: '01712345678',
        officeCode: '305',
        createdAt: AT,
        meters: [
          { meterSerial: 1, phases: 1, loadKw: '2', applicationFee: '300.00', demandNote: '3300.00' },
          { meterSerial: 2, phases: 3, loadKw: '7.5', applicationFee: '600.00', demandNote: '9000.00' },
        ],
      });
      expect(await tx.portal.findApplication(id + 1_000_000)).toBeNull();
    });
  });

  it('refuses an application with a meter that has no fees, and writes none of it', async () => {
    const merchantId = portalMerchant();
    const before = await store().transact((tx) => tx.portal.applications());
    const refused = await store().transact(async (tx) => {
      const error = await tx.portal.createApplication(applicationRequest(merchantId), FEES.slice(0, 1), AT).catch((caught: unknown) => caught);
      return { error, after: await tx.portal.applications() };
    });
    expect(refused.error).toEqual(new Error('no fees for meter 2'));
    expect(refused.after).toEqual(before);
  });

  it('lists every application newest first, each with its meters', async () => {
    const merchantId = portalMerchant();
    const ids: number[] = [];
    for (const name of ['First', 'Second', 'Third']) {
      ids.push(await store().transact((tx) => tx.portal.createApplication(applicationRequest(merchantId, name), FEES, AT)));
    }
    const listed = (await store().transact((tx) => tx.portal.applications())).filter((application) => application.merchantId === merchantId);
    expect(listed.map((application) => [application.id, application.applicantName])).toEqual([
      [ids[2], 'Third'],
      [ids[1], 'Second'],
      [ids[0], 'First'],
    ]);
    expect(listed.map((application) => application.meters.map((meter) => meter.meterSerial))).toEqual([[1, 2], [1, 2], [1, 2]]);
  });
});
