/**
 * What the ekPay tests share besides the client: the demo merchants' ekPay credentials, unique
 * transaction ids, ephemeral merchants, the native API and test controls over fetch, and waiting
 * for journal entries (written just after each answer leaves).
 */
import { expect } from 'vitest';
import { DESCO_KEY, uniqueReference } from '../../../helpers/api.js';
import type { TestServer } from '../../../helpers/server.js';
import { EkpayClient } from './ekpay-client.js';

export const DESCO_EKPAY = { merRegId: 'desco_test', merPassKey: 'DescoEkpay@1234' };
export const WZPDCO_EKPAY = { merRegId: 'wzpdco_test', merPassKey: 'WzpdcoEkpay@1234' };

/** A merchant transaction id no other test uses (ekPay integrations use uniqid() or a time-based id). */
export function newTrnxId(): string {
  return uniqueReference('EKP').replaceAll('-', '');
}

export function ekpayClient(
  server: TestServer,
  credentials: { merRegId: string; merPassKey: string } = DESCO_EKPAY,
  ipnUrl = 'http://127.0.0.1:9/ipn',
): EkpayClient {
  return new EkpayClient({ apiUrl: `${server.baseUrl}/ekpaypg/v1`, ...credentials, ipnUrl });
}

export const REDIRECTS = {
  success: 'http://127.0.0.1:9/ekpay/success?from=ekpay',
  fail: 'http://127.0.0.1:9/ekpay/fail',
  cancel: 'http://127.0.0.1:9/ekpay/cancel',
};

/** The native API (or a test control) with a merchant's secret key. */
export async function nativeApi<T = Record<string, unknown>>(
  server: TestServer,
  path: string,
  options: { key?: string; body?: unknown; method?: string } = {},
): Promise<{ status: number; body: T }> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${options.key ?? DESCO_KEY}`, 'Content-Type': 'application/json' },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export interface NativePayment {
  id: string;
  status: string;
  purpose: string;
  reference: string;
  amount: string;
  bill: { officeCode: string | null };
  customer: { name: string | null; mobile: string | null; email: string | null };
  returnUrls: Record<string, string | null>;
  webhookUrl: string | null;
  selection: { quote: Record<string, string> } | null;
  trackingNumber: string | null;
  gatewayTransactionId: string | null;
}

/** The payment a trnx_id became, through GET /api/v1/payments?reference=. */
export async function paymentOf(server: TestServer, trnxId: string, key = DESCO_KEY): Promise<NativePayment> {
  const { status, body } = await nativeApi<{ data: NativePayment[] }>(server, `/api/v1/payments?reference=${encodeURIComponent(trnxId)}`, { key });
  expect(status).toBe(200);
  const [payment] = body.data;
  if (!payment) throw new Error(`no payment has reference ${trnxId}`);
  return payment;
}

/** Headless completion (the widget's steps, without a browser). */
export async function complete(server: TestServer, paymentId: string, body: Record<string, unknown>, key = DESCO_KEY): Promise<void> {
  const { status, body: answer } = await nativeApi(server, `/api/v1/test/payments/${paymentId}/complete`, { key, body });
  if (status !== 200) throw new Error(`complete answered ${status}: ${JSON.stringify(answer)}`);
}

export interface EphemeralMerchant {
  id: string;
  secretKey: string;
  officeCode: string;
  dialects: { ekpay: { login: string; password: string } };
}

export async function ephemeralMerchant(server: TestServer, body: Record<string, unknown> = {}): Promise<EphemeralMerchant> {
  const { status, body: merchant } = await nativeApi<EphemeralMerchant>(server, '/api/v1/test/merchants', { body, key: 'none' });
  expect(status).toBe(201);
  return merchant;
}

export interface JournalEntry {
  id: number;
  type: string;
  paymentId: string | null;
  data: Record<string, unknown>;
}

/**
 * The payment's journal once `done(entries)` holds: request entries are written just after their
 * answer leaves, so they are awaited, not assumed.
 */
export async function journalWhen(
  server: TestServer,
  paymentId: string,
  done: (entries: JournalEntry[]) => boolean,
  key = DESCO_KEY,
): Promise<JournalEntry[]> {
  let entries: JournalEntry[] = [];
  await expect
    .poll(
      async () => {
        const { body } = await nativeApi<{ data: JournalEntry[] }>(server, `/api/v1/test/journal?paymentId=${paymentId}&limit=1000`, { key });
        entries = body.data;
        return done(entries);
      },
      { timeout: 20_000, interval: 25 },
    )
    .toBe(true);
  return entries;
}
