/**
 * A gateway of the test's own behind the portal's `fetch`: the merchant API as the portal uses it,
 * kept in memory, so the portal's routes and flows run on either engine without the gateway's own
 * services.
 */
import { randomUUID } from 'node:crypto';

export const GATEWAY_URL = 'http://gateway.test';
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

export interface FakePayment {
  id: string;
  status: string;
  reference: string;
  amount: string;
  lateFee: string;
  trackingNumber: string | null;
  paidAt: string | null;
  slip: null;
  checkoutUrl: string;
  clientSecret: string;
}

/**
 * The merchant API as the portal uses it: create (an idempotency key answers its first payment
 * again, for the same body), read, cancel. Every call first yields, as a network hop would, so
 * racing starts interleave; a unit awaiting it would stall SQLite's group.
 */
export class FakeGateway {
  readonly payments = new Map<string, FakePayment>();
  /** Ids in the order made. */
  readonly created: string[] = [];
  private readonly answers = new Map<string, { body: string; payment: FakePayment }>();
  /** Creates wait until this many different idempotency keys have asked (holdCreates). */
  private hold: { keys: Set<string>; count: number; release: () => void; released: Promise<void> } | undefined;

  /** Answers no create until `count` creates with different keys have come in: they all race to be recorded. */
  holdCreates(count: number): void {
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    this.hold = { keys: new Set(), count, release, released };
  }

  readonly fetch: typeof fetch = async (input, init) => {
    await new Promise((resolve) => setImmediate(resolve));
    const url = new URL(String(input));
    const method = init?.method ?? 'GET';
    const one = /^\/api\/v1\/payments\/([^/]+)(\/cancel)?$/.exec(url.pathname);
    if (method === 'POST' && url.pathname === '/api/v1/payments') {
      const key = new Headers(init?.headers).get('Idempotency-Key') ?? randomUUID();
      const body = String(init?.body);
      if (this.hold) {
        this.hold.keys.add(key);
        if (this.hold.keys.size >= this.hold.count) this.hold.release();
        await this.hold.released;
      }
      const stored = this.answers.get(key);
      if (stored) return stored.body === body ? json(201, stored.payment) : json(422, { title: 'idempotency_key_reused' });
      const request = JSON.parse(body) as { reference: string; amount: string; lateFee?: string };
      const id = `pay_${randomUUID()}`;
      const payment: FakePayment = {
        id,
        status: 'awaiting_method',
        reference: request.reference,
        amount: request.amount,
        lateFee: request.lateFee ?? '0.00',
        trackingNumber: null,
        paidAt: null,
        slip: null,
        checkoutUrl: `${GATEWAY_URL}/checkout/${id}`,
        clientSecret: `${id}_secret`,
      };
      this.payments.set(id, payment);
      this.created.push(id);
      this.answers.set(key, { body, payment: { ...payment } });
      return json(201, payment);
    }
    if (method === 'GET' && url.pathname === '/api/v1/test/clock') return json(200, { now: new Date().toISOString(), offsetSeconds: 0 });
    const payment = one ? this.payments.get(decodeURIComponent(one[1] ?? '')) : undefined;
    if (!payment) return json(404, { title: 'not found' });
    if (method === 'GET' && !one?.[2]) return json(200, payment);
    if (method === 'POST' && one?.[2]) {
      if (TERMINAL.has(payment.status)) return json(409, { title: `the payment is ${payment.status}` });
      payment.status = 'cancelled';
      return json(200, payment);
    }
    return json(405, { title: 'not here' });
  };

  /** The customer finished at the gateway (or did not): the payment as it now is. */
  end(paymentId: string, status: 'succeeded' | 'failed'): FakePayment {
    const payment = this.payments.get(paymentId);
    if (!payment) throw new Error(`no payment ${paymentId}`);
    payment.status = status;
    if (status === 'succeeded') {
      payment.trackingNumber = `4104${String(this.created.indexOf(paymentId) + 1).padStart(15, '0')}|1|1`;
      payment.paidAt = new Date().toISOString();
    }
    return { ...payment };
  }
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
