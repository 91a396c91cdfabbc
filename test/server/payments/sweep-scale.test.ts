import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPayment } from '../../../server/payments/repository.js';
import type { PaymentRecord } from '../../../server/payments/record.js';
import request from 'supertest';
import { applicationFee, createPayment, WZPDCO_KEY } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** Open sessions cost rows, not timers: the sweep reads only what is due, through an index. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const OPEN_SESSIONS = 100_000;

/** `count` copies of `template`, inserted through the store in one unit. */
async function insertCopies(template: PaymentRecord, count: number, tag: string): Promise<void> {
  await server.deps.store.transact(async (tx) => {
    for (let i = 0; i < count; i += 1) await tx.payments.insert({ ...template, id: `${template.id}_${tag}${i}`, reference: `${tag}-${i}` });
  });
}

describe('sweep at scale', () => {
  it('finds lapsed payments through the partial deadline index', () => {
    const plan = server.deps.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM payments WHERE merchant_id = ? AND deadline_at IS NOT NULL AND deadline_at <= ?
         ORDER BY deadline_at LIMIT ?`,
      )
      .all('wzpdco', 0, 10) as Array<{ detail: string }>;
    expect(plan.map((row) => row.detail).join(' ')).toContain('payments_open_deadlines');
  });

  it(`keeps ${OPEN_SESSIONS.toLocaleString('en-US')} open sessions as rows, sweeps none early and all at their deadline`, async () => {
    const template = findPayment(server.deps.db, (await createPayment(server, applicationFee())).id);
    if (!template) throw new Error('no template payment');
    await insertCopies(template, OPEN_SESSIONS, 'scale');

    // Nothing due: one indexed query per merchant (see the plan above), whatever the number of open sessions.
    expect(await server.services.payments.sweep()).toBe(0);

    server.clock.advance(300_000);
    expect(await server.services.payments.sweep()).toBe(OPEN_SESSIONS + 1);
    const open = server.deps.db.prepare("SELECT COUNT(*) AS n FROM payments WHERE status = 'awaiting_method'").get() as { n: number };
    expect(open.n).toBe(0);
  }, 120_000);
});

describe('a mass expiry', () => {
  it('yields to other work between slices: the event loop sees it part-done, and it ends with all expired', async () => {
    const template = findPayment(server.deps.db, (await createPayment(server, applicationFee())).id);
    if (!template) throw new Error('no template payment');
    const lapsing = 2_000;
    await insertCopies(template, lapsing, 'mass');
    const expired = () =>
      (server.deps.db.prepare("SELECT COUNT(*) AS n FROM payments WHERE id LIKE ? AND status = 'expired'").get(`${template.id}_mass%`) as { n: number }).n;

    const advanced = request(server.baseUrl)
      .post('/api/v1/test/clock/advance')
      .set('Authorization', `Bearer ${WZPDCO_KEY}`)
      .send({ seconds: 300 })
      .then((res) => res.status);
    // Other work of this process, between the sweep's slices: what it sees of the sweep.
    const seen = new Set<number>();
    for (let count = expired(); count < lapsing; count = expired()) {
      seen.add(count);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await advanced).toBe(200);
    expect([...seen].some((count) => count > 0 && count < lapsing)).toBe(true);
  }, 120_000);
});
