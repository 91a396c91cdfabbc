/**
 * The refund API through the real server (HTTP, SQLite file): each outcome of the test control,
 * partial refunds up to what is refundable, and the problems for what cannot be refunded.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiProblem } from '../../../server/http/problems.js';
import { startTestServer, testFixtures, type TestServer } from '../../helpers/server.js';
import { BILL, countRowsOf, REFUNDABLE, refundClient, storedRefundStatus, type RefundView } from './client.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const PENDING_SECONDS = testFixtures().settings.pendingSeconds;

describe('POST /api/v1/payments/:id/refunds, by outcome', () => {
  it('instant (the default): a full refund of amount + late fee succeeds at once and shows on the payment', async () => {
    const api = await refundClient(server);
    expect((await api.get('/api/v1/test/refunds/outcome')).body).toEqual({
      object: 'test_refund_outcome',
      merchantId: api.merchant.id,
      outcome: 'instant',
    });
    const payment = await api.paidPayment();
    const res = await api.refund(payment.id, { amount: REFUNDABLE, reason: 'duplicate payment' });
    expect(res.status).toBe(201);
    const refund = res.body as RefundView;
    expect(res.headers.location).toBe(`/api/v1/refunds/${refund.id}`);
    expect(refund).toEqual({
      id: expect.stringMatching(/^rfd_[0-9a-f]{32}$/),
      object: 'refund',
      paymentId: payment.id,
      amount: '12.50',
      reason: 'duplicate payment',
      status: 'succeeded',
      failureReason: null,
      createdAt: expect.any(String),
      completedAt: refund.createdAt,
    });

    const view = (await api.get(`/api/v1/payments/${payment.id}`).expect(200)).body;
    expect(view.amountRefunded).toBe('12.50');
    expect(view.refunds).toEqual([refund]);
    expect(view.slip).toMatchObject({ amountRefunded: '12.50', refunds: [refund] });
    expect((await api.get(`/api/v1/refunds/${refund.id}`).expect(200)).body).toEqual(refund);
    expect((await api.get(`/api/v1/payments/${payment.id}/refunds`).expect(200)).body).toEqual({
      object: 'list',
      data: [refund],
      amountRefunded: '12.50',
      refundable: '0.00',
    });
    expect(await server.services.refunds.refundableAmount(payment.id)).toBe('0.00');
  });

  it('pending_then_success: pending until pendingSeconds of the merchant’s test clock pass, then succeeded', async () => {
    const api = await refundClient(server);
    await api.setOutcome('pending_then_success');
    expect((await api.get('/api/v1/test/refunds/outcome')).body.outcome).toBe('pending_then_success');
    const payment = await api.paidPayment();
    const created = (await api.refund(payment.id, { amount: '4.00' }).expect(201)).body as RefundView;
    expect(created).toMatchObject({ status: 'pending', completedAt: null, reason: null });

    await api.advanceClock(PENDING_SECONDS - 1);
    expect((await api.get(`/api/v1/refunds/${created.id}`)).body.status).toBe('pending');
    // Pending money is not refundable again, and not yet refunded.
    expect((await api.get(`/api/v1/payments/${payment.id}/refunds`)).body).toMatchObject({
      amountRefunded: '0.00',
      refundable: '8.50',
    });

    // The clock advance sweeps: the refund settles, dated at its deadline, without being read.
    await api.advanceClock(1);
    expect(await storedRefundStatus(server, created.id)).toBe('succeeded');
    const done = (await api.get(`/api/v1/refunds/${created.id}`).expect(200)).body as RefundView;
    expect(done.status).toBe('succeeded');
    expect(Date.parse(done.completedAt as string) - Date.parse(done.createdAt)).toBe(PENDING_SECONDS * 1000);
    expect((await api.get(`/api/v1/payments/${payment.id}`)).body.amountRefunded).toBe('4.00');
  });

  it('pending_then_success: a read applies a lapsed deadline, and so does the periodic sweep', async () => {
    const api = await refundClient(server);
    await api.setOutcome('pending_then_success');
    const payment = await api.paidPayment();
    const read = (await api.refund(payment.id, { amount: '1.00' }).expect(201)).body as RefundView;
    const swept = (await api.refund(payment.id, { amount: '2.00' }).expect(201)).body as RefundView;

    // The base clock moves (every merchant's time with it); nothing has swept yet.
    server.clock.advanceSeconds(PENDING_SECONDS);
    expect((await api.get(`/api/v1/refunds/${read.id}`)).body.status).toBe('succeeded');
    expect(await storedRefundStatus(server, swept.id)).toBe('pending');
    expect(await server.services.refunds.sweep([api.merchant.id])).toBe(1);
    expect(await storedRefundStatus(server, swept.id)).toBe('succeeded');
  });

  it('failed: the refund is refused, returns nothing and leaves the amount refundable', async () => {
    const api = await refundClient(server);
    await api.setOutcome('failed');
    const payment = await api.paidPayment();
    const res = await api.refund(payment.id, { amount: REFUNDABLE });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'failed', failureReason: 'refund_declined', completedAt: expect.any(String) });
    expect((await api.get(`/api/v1/payments/${payment.id}/refunds`)).body).toMatchObject({
      amountRefunded: '0.00',
      refundable: REFUNDABLE,
    });

    await api.setOutcome('instant');
    expect((await api.refund(payment.id, { amount: REFUNDABLE })).body.status).toBe('succeeded');
  });

  it('journals each refund state change as a state_change of its payment', async () => {
    const api = await refundClient(server);
    await api.setOutcome('pending_then_success');
    const payment = await api.paidPayment();
    const refund = (await api.refund(payment.id, { amount: '3.00' }).expect(201)).body as RefundView;
    await api.advanceClock(PENDING_SECONDS);
    const entries = await api.journal({ paymentId: payment.id, type: 'state_change' });
    const ofRefund = entries.filter((entry) => entry.data.object === 'refund');
    expect(ofRefund.map((entry) => entry.data)).toEqual([
      { object: 'refund', refundId: refund.id, from: null, to: 'pending', event: 'create', amount: '3.00' },
      { object: 'refund', refundId: refund.id, from: 'pending', to: 'succeeded', event: 'succeed', amount: '3.00' },
    ]);
  });
});

describe('what can be refunded', () => {
  it('allows several partial refunds up to amount + late fee, then refuses even 0.01 naming amount and the figures', async () => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    const view = (await api.get(`/api/v1/payments/${payment.id}`)).body;
    // The gateway charged a service charge on top; it is not refundable.
    expect(Number(view.selection.quote.total)).toBeGreaterThan(Number(REFUNDABLE));

    for (const amount of ['5.00', '5.00', '2.50']) expect((await api.refund(payment.id, { amount })).status).toBe(201);
    const over = await api.refund(payment.id, { amount: '0.01' });
    expect(over.status).toBe(422);
    expect(over.headers['content-type']).toContain('application/problem+json');
    expect(over.body.errors).toEqual([{ field: 'amount', rule: 'exceeds_refundable', message: expect.any(String) }]);
    expect(over.body.errors[0].message).toContain('0.01');
    expect(over.body.errors[0].message).toContain('0.00');
    expect(over.body.errors[0].message).toContain(REFUNDABLE);
    const after = (await api.get(`/api/v1/payments/${payment.id}`)).body;
    expect(after.amountRefunded).toBe(REFUNDABLE);
    expect(after.refunds.map((refund: RefundView) => refund.amount)).toEqual(['5.00', '5.00', '2.50']);
  });

  it('refunds sent together never add up to more than is refundable', async () => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.refund(payment.id, { amount: '2.00' })));
    expect(answers.map((res) => res.status).sort()).toEqual([...Array(6).fill(201), ...Array(4).fill(422)]);
    expect((await api.get(`/api/v1/payments/${payment.id}/refunds`)).body).toMatchObject({
      amountRefunded: '12.00',
      refundable: '0.50',
    });
  });

  it('refuses more than is refundable at once: 422 with what is left, the bill amount and the late fee', async () => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    const res = await api.refund(payment.id, { amount: '12.51' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: 'amount', rule: 'exceeds_refundable' });
    for (const figure of ['12.51', REFUNDABLE, BILL.amount, BILL.lateFee]) expect(res.body.detail).toContain(figure);
    expect((await api.get(`/api/v1/payments/${payment.id}`)).body.refunds).toEqual([]);
  });

  it.each([
    ['abc', 'format'],
    ['-1.00', 'negative'],
    ['1.234', 'scale'],
    ['0', 'zero'],
  ])('refuses amount %j with rule %s', async (amount, rule) => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    const res = await api.refund(payment.id, { amount });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'amount', rule, message: expect.any(String) }]);
  });

  it('refuses a number, a missing amount and unknown fields as 422, never a 500', async () => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    for (const body of [{ amount: 5 }, {}, { amount: '1.00', currency: 'BDT' }]) {
      const res = await api.refund(payment.id, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
  });

  it('refuses a payment that has not succeeded: 409 naming its state', async () => {
    const api = await refundClient(server);
    const unpaid = await api.createPayment();
    const res = await api.refund(unpaid.id, { amount: '1.00' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, currentState: 'awaiting_method' });
    expect(res.body.detail).toContain('awaiting method');

    await api.post(`/api/v1/payments/${unpaid.id}/cancel`).expect(200);
    expect((await api.refund(unpaid.id, { amount: '1.00' })).body.currentState).toBe('cancelled');
  });

  it("answers another merchant's payment and refund exactly like missing ones (404)", async () => {
    const owner = await refundClient(server);
    const stranger = await refundClient(server);
    const payment = await owner.paidPayment();
    const refund = (await owner.refund(payment.id, { amount: '1.00' }).expect(201)).body as RefundView;

    const missingId = `pay_${'0'.repeat(32)}`;
    const theirs = await stranger.refund(payment.id, { amount: '1.00' });
    const missing = await stranger.refund(missingId, { amount: '1.00' });
    expect(theirs.status).toBe(404);
    const shape = (body: Record<string, unknown>, id: string) => ({
      ...body,
      detail: (body.detail as string).replace(id, '<id>'),
      instance: (body.instance as string).replace(id, '<id>'),
    });
    expect(shape(theirs.body, payment.id)).toEqual(shape(missing.body, missingId));
    expect((await stranger.get(`/api/v1/payments/${payment.id}/refunds`)).status).toBe(404);
    expect((await stranger.get(`/api/v1/refunds/${refund.id}`)).status).toBe(404);
    expect((await stranger.get(`/api/v1/refunds/rfd_${'0'.repeat(32)}`)).status).toBe(404);
    expect((await owner.get(`/api/v1/payments/${payment.id}`)).body.amountRefunded).toBe('1.00');
  });

  it('needs the merchant key', async () => {
    const res = await request(server.baseUrl).post(`/api/v1/payments/pay_x/refunds`).send({ amount: '1.00' });
    expect(res.status).toBe(401);
  });
});

describe('Idempotency-Key', () => {
  it('a retry with the same key and body answers the first refund again and refunds once', async () => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    const first = await api.refund(payment.id, { amount: '7.00', reason: 'retry' }, 'refund-key-1');
    const again = await api.refund(payment.id, { amount: '7.00', reason: 'retry' }, 'refund-key-1');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await api.get(`/api/v1/payments/${payment.id}`)).body.refunds).toHaveLength(1);

    // Replayed even though what is left (5.50) would no longer allow it.
    expect((await api.refund(payment.id, { amount: '7.00', reason: 'retry' }, 'refund-key-1')).body.id).toBe(first.body.id);
    const reused = await api.refund(payment.id, { amount: '1.00' }, 'refund-key-1');
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0]).toMatchObject({ field: 'Idempotency-Key', rule: 'idempotency_key_reused' });
  });

  it('the service takes the same key (what the drop-in gateway APIs call)', async () => {
    const api = await refundClient(server);
    const payment = await api.paidPayment();
    const merchant = { id: api.merchant.id, name: '', shortName: '', utility: null, billLayout: 'standard' as const, officeCode: '000' };
    const first = await server.services.refunds.create(merchant, payment.id, { amount: '2.00' }, { idempotencyKey: 'svc-1' });
    const again = await server.services.refunds.create(merchant, payment.id, { amount: '2.00' }, { idempotencyKey: 'svc-1' });
    expect(again).toEqual(first);
    expect(await server.services.refunds.listForPayment(payment.id)).toEqual([first]);
    expect(await server.services.refunds.refundableAmount(payment.id)).toBe('10.50');
    expect(await server.services.refunds.get(merchant, first.id)).toEqual(first);
  });

  it('the service throws only typed problems (status, rule, currentState) for what it refuses', async () => {
    const api = await refundClient(server);
    const paid = await api.paidPayment();
    const unpaid = await api.createPayment();
    const merchant = { id: api.merchant.id, name: '', shortName: '', utility: null, billLayout: 'standard' as const, officeCode: '000' };
    const thrown = async (paymentId: string, amount: string) => {
      try {
        await server.services.refunds.create(merchant, paymentId, { amount });
      } catch (error) {
        expect(error).toBeInstanceOf(ApiProblem);
        const problem = error as ApiProblem;
        return { status: problem.status, ...problem.extensions };
      }
      throw new Error('expected a problem');
    };
    expect(await thrown(paid.id, '1,00')).toMatchObject({ status: 422, errors: [{ field: 'amount', rule: 'format' }] });
    expect(await thrown(paid.id, '99.00')).toMatchObject({ status: 422, errors: [{ field: 'amount', rule: 'exceeds_refundable' }] });
    expect(await thrown(unpaid.id, '1.00')).toMatchObject({ status: 409, currentState: 'awaiting_method' });
    expect(await thrown('pay_missing', '1.00')).toMatchObject({ status: 404 });
  });
});

describe('test controls', () => {
  it('refuses an unknown outcome, and reset deletes refunds and clears the outcome', async () => {
    const api = await refundClient(server);
    expect((await api.put('/api/v1/test/refunds/outcome', { outcome: 'sometimes' })).status).toBe(422);
    await api.setOutcome('failed');
    const payment = await api.paidPayment();
    await api.refund(payment.id, { amount: '1.00' }).expect(201);

    const reset = await api.post('/api/v1/test/reset').expect(200);
    expect(reset.body.deleted).toMatchObject({ payments: 1, refunds: 1 });
    expect((await api.get('/api/v1/test/refunds/outcome')).body.outcome).toBe('instant');
    expect(await countRowsOf(server, 'refunds', api.merchant.id)).toBe(0);
  });

  it('deleting an ephemeral merchant deletes its refunds and outcome', async () => {
    const api = await refundClient(server);
    await api.setOutcome('pending_then_success');
    const payment = await api.paidPayment();
    await api.refund(payment.id, { amount: '1.00' }).expect(201);
    const res = await api.delete(`/api/v1/test/merchants/${api.merchant.id}`).expect(200);
    expect(res.body.deleted).toMatchObject({ refunds: 1 });
    expect(await countRowsOf(server, 'refunds', api.merchant.id)).toBe(0);
    expect(await countRowsOf(server, 'merchant_refund_outcomes', api.merchant.id)).toBe(0);
  });
});

describe('/openapi.json', () => {
  it('documents the refund routes under "Refunds" with the refundable rule, and the control under "Test controls"', async () => {
    const doc = (await request(server.baseUrl).get('/openapi.json').expect(200)).body;
    const create = doc.paths['/api/v1/payments/{id}/refunds'].post;
    expect(create.tags).toEqual(['Refunds']);
    expect(create.summary).toContain('service charge and the convenience fee');
    expect(doc.paths['/api/v1/payments/{id}/refunds'].get.tags).toEqual(['Refunds']);
    expect(doc.paths['/api/v1/refunds/{id}'].get.tags).toEqual(['Refunds']);
    expect(doc.paths['/api/v1/test/refunds/outcome'].put.tags).toEqual(['Test controls']);
    expect(doc.components.schemas.Payment.properties).toHaveProperty('amountRefunded');
    expect(doc.components.schemas.Refund).toBeDefined();
  });
});
