import request from 'supertest';
import type { TestServer } from './server.js';

/** The demo merchants' keys (fixtures/merchants.json). */
export const DESCO_KEY = 'sk_test_desco_demo';
export const WZPDCO_KEY = 'sk_test_wzpdco_demo';

let referenceSeq = 0;
/** A reference no other test in this process uses. */
export function uniqueReference(prefix = 'ref'): string {
  referenceSeq += 1;
  return `${prefix}-${process.pid}-${referenceSeq}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A valid DESCO postpaid bill: seed 000's unpaid June 2022 bill of account 12345678. */
export function descoBill(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: 'postpaid_bill',
    reference: uniqueReference('desco'),
    amount: '11.00',
    accountNo: '12345678',
    billNo: '062212345678',
    ...overrides,
  };
}

/** A new-connection application fee for WZPDCO: no bill, so any number of them can be created. */
export function applicationFee(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    purpose: 'application_fee',
    reference: uniqueReference('fee'),
    amount: '11.00',
    officeCode: '305',
    meterSerial: 1,
    ...overrides,
  };
}

export interface CreatedPayment {
  id: string;
  clientSecret: string;
  status: string;
  expiresAt: string;
  checkoutUrl: string;
  [key: string]: unknown;
}

export async function createPayment(
  server: TestServer,
  body: Record<string, unknown> = applicationFee(),
  key = WZPDCO_KEY,
): Promise<CreatedPayment> {
  const res = await request(server.baseUrl).post('/api/v1/payments').set('Authorization', `Bearer ${key}`).send(body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CreatedPayment;
}

/** The checkout API of one payment, as the widget calls it. */
export function checkoutClient(server: TestServer, payment: { id: string; clientSecret: string }) {
  const base = `/api/v1/checkout/${payment.id}`;
  const http = request(server.baseUrl);
  const secret = (req: request.Test) => req.set('Billpay-Client-Secret', payment.clientSecret);
  return {
    get: () => secret(http.get(base)),
    select: (method: string, gateway: string) => secret(http.post(`${base}/select`)).send({ method, gateway }),
    confirm: () => secret(http.post(`${base}/confirm`)).send({}),
    authorize: (body: Record<string, unknown>) => secret(http.post(`${base}/authorize`)).send(body),
    cancel: () => secret(http.post(`${base}/cancel`)).send({}),
    slip: () => secret(http.get(`${base}/slip`)),
  };
}

/** A new payment with its checkout client: a session awaiting the customer's method. */
export async function openCheckout(server: TestServer, body: Record<string, unknown> = applicationFee()) {
  const payment = await createPayment(server, body);
  return { payment, checkout: checkoutClient(server, payment) };
}

/** The gateway page's selection window (5 minutes), as the test server runs it. */
export const SELECTION_MS = 300_000;

export const TEST_CARDS = {
  visaSuccess: { number: '4111111111111111', expiry: '12/30', cvc: '123', holder: 'A Rahman' },
  dbblVisaDebit: { number: '4762010000000009', expiry: '12/30', cvc: '123' },
  visaDeclined: { number: '4000000000000002', expiry: '12/30', cvc: '123' },
  visaInsufficient: { number: '4000000000009995', expiry: '12/30', cvc: '123' },
  visaExpired: { number: '4000000000000069', expiry: '01/20', cvc: '123' },
  visaPending: { number: '4000000000003220', expiry: '12/30', cvc: '123' },
  dbblMasterDebit: { number: '5200828282828210', expiry: '12/30', cvc: '123' },
  amexSuccess: { number: '378282246310005', expiry: '12/30', cvc: '1234' },
  nexusSuccess: { number: '6048010000000000001', expiry: '12/30', cvc: '123' },
} as const;
