/** A test merchant's API calls, aimed at one instance of a multi-instance deployment each. */
import { applicationFee } from '../../helpers/api.js';
import { call, expectStatus, type Instance, type Reply, type TestMerchant } from '../../helpers/instances.js';

export interface JournalEntry {
  id: number;
  at: string;
  type: string;
  paymentId: string | null;
  data: Record<string, unknown>;
}

export interface DeliveryAttempt {
  attempt: number;
  httpStatus: number | null;
  error: string | null;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  paymentId: string;
  status: 'pending' | 'delivered' | 'failed';
  attemptCount: number;
  attempts: DeliveryAttempt[];
}

export interface Created {
  id: string;
  clientSecret: string;
  status: string;
}

export function merchantApi(merchant: TestMerchant) {
  const key = merchant.secretKey;
  const api = {
    key,
    get: (instance: Instance, path: string, headers?: Record<string, string>): Promise<Reply> => call(instance, 'GET', path, { key, headers }),
    post: (instance: Instance, path: string, body: unknown = {}, headers?: Record<string, string>): Promise<Reply> =>
      call(instance, 'POST', path, { key, body, headers }),
    put: (instance: Instance, path: string, body: unknown): Promise<Reply> => call(instance, 'PUT', path, { key, body }),
    delete: (instance: Instance, path: string): Promise<Reply> => call(instance, 'DELETE', path, { key }),

    async createPayment(instance: Instance, body: Record<string, unknown> = applicationFee()): Promise<Created> {
      const res = await expectStatus(201, api.post(instance, '/api/v1/payments', body), `create on ${instance.name}`);
      return res.body as Created;
    },

    complete: (instance: Instance, paymentId: string, body: Record<string, unknown> = { outcome: 'success' }) =>
      api.post(instance, `/api/v1/test/payments/${paymentId}/complete`, body),

    /** The whole journal after `since` (every page), optionally of some types or one payment. */
    async journal(instance: Instance, query: { since?: number; type?: string; paymentId?: string } = {}): Promise<JournalEntry[]> {
      const entries: JournalEntry[] = [];
      let since = query.since ?? 0;
      for (;;) {
        const params = new URLSearchParams({ since: String(since), limit: '1000' });
        if (query.type) params.set('type', query.type);
        if (query.paymentId) params.set('paymentId', query.paymentId);
        const res = await expectStatus(200, api.get(instance, `/api/v1/test/journal?${params}`), `journal on ${instance.name}`);
        const page = res.body.data as JournalEntry[];
        entries.push(...page);
        if (!res.body.hasMore || page.length === 0) return entries;
        since = (page.at(-1) as JournalEntry).id;
      }
    },

    /** The delivery log (the newest 500, oldest first), of one payment when given. */
    async deliveries(instance: Instance, paymentId?: string): Promise<Delivery[]> {
      const params = new URLSearchParams({ limit: '500' });
      if (paymentId) params.set('paymentId', paymentId);
      const res = await expectStatus(200, api.get(instance, `/api/v1/webhook-deliveries?${params}`), `deliveries on ${instance.name}`);
      return res.body.data as Delivery[];
    },
  };
  return api;
}

export type MerchantApi = ReturnType<typeof merchantApi>;

/** The checkout API of one payment, as the widget calls it, on any instance. */
export function checkoutApi(payment: Created) {
  const headers = { 'Billpay-Client-Secret': payment.clientSecret };
  const base = `/api/v1/checkout/${payment.id}`;
  return {
    select: (instance: Instance, method: string, gateway: string) => call(instance, 'POST', `${base}/select`, { headers, body: { method, gateway } }),
    confirm: (instance: Instance) => call(instance, 'POST', `${base}/confirm`, { headers, body: {} }),
    authorize: (instance: Instance, body: Record<string, unknown>) => call(instance, 'POST', `${base}/authorize`, { headers, body }),
  };
}

/** How many times each value occurs. */
export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}
