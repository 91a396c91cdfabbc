/**
 * The portal's side of the merchant API: plain HTTP to the gateway with the merchant's secret key,
 * exactly what a real utility portal would do. Answers are checked with the portal's own narrow
 * schemas (only the fields it reads), not the gateway's internal types.
 */
import { z } from 'zod';

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled', 'expired']);

const slipLinks = z.looseObject({ htmlUrl: z.string(), pdfUrl: z.string(), verifyUrl: z.string() });

const namedSchema = z.looseObject({ name: z.string(), bnName: z.string() });

/** What the gateway's slip says was charged, for the portal's result page. */
const chargedSchema = z.looseObject({
  amounts: z.looseObject({
    billAmount: z.string(),
    lateFee: z.string(),
    serviceCharge: z.string(),
    convenienceFee: z.string(),
    discount: z.string(),
    total: z.string(),
  }),
  method: namedSchema,
  gateway: namedSchema,
  instrument: z.string(),
  recharge: z.looseObject({ token: z.string(), tokenGrouped: z.string(), energyKwh: z.string() }).nullable(),
});
export type GatewayCharge = z.output<typeof chargedSchema>;

export const gatewayPaymentSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  reference: z.string(),
  amount: z.string(),
  lateFee: z.string(),
  trackingNumber: z.string().nullable(),
  paidAt: z.string().nullable(),
  slip: slipLinks.nullable(),
});

/** A payment as the result page shows it: with what was charged, once the gateway issued a slip. */
const chargedPaymentSchema = gatewayPaymentSchema.extend({ slip: slipLinks.and(chargedSchema).nullable() });
export type ChargedGatewayPayment = z.output<typeof chargedPaymentSchema>;
export type GatewayPayment = z.output<typeof gatewayPaymentSchema>;
export type SlipLinks = z.output<typeof slipLinks>;

const createdPaymentSchema = gatewayPaymentSchema.extend({ checkoutUrl: z.string(), clientSecret: z.string() });
export type CreatedGatewayPayment = z.output<typeof createdPaymentSchema>;

const clockSchema = z.looseObject({ now: z.iso.datetime(), offsetSeconds: z.number() });

const problemSchema = z.looseObject({
  title: z.string().optional(),
  detail: z.string().optional(),
  paymentId: z.string().optional(),
  errors: z.array(z.looseObject({ field: z.string(), rule: z.string(), message: z.string() })).optional(),
});
export type GatewayProblemBody = z.output<typeof problemSchema>;

/** The gateway answered with an error (its problem+json), or not at all. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly status: number,
    readonly problem: GatewayProblemBody,
  ) {
    super(problem.detail ?? problem.title ?? `the gateway answered ${status}`);
  }
}

/** The merchant's test clock (seed 000's "Payment Date"), and the gateway's own clock under it. */
export interface GatewayClock {
  merchantNow: Date;
  gatewayNow: Date;
}

export interface CreatePaymentRequest {
  purpose: 'postpaid_bill' | 'prepaid_recharge' | 'application_fee' | 'demand_note';
  reference: string;
  amount: string;
  lateFee?: string;
  accountNo?: string;
  billNo?: string;
  meterNo?: string;
  officeCode?: string;
  meterSerial?: number;
  customer?: { name?: string; mobile?: string };
  returnUrls: { success: string; fail: string; cancel: string };
  webhookUrl: string;
}

export class GatewayClient {
  constructor(
    /** Where the gateway's API answers, e.g. "http://127.0.0.1:4010". */
    private readonly baseUrl: string,
    private readonly secretKey: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async createPayment(body: CreatePaymentRequest, idempotencyKey: string): Promise<CreatedGatewayPayment> {
    const json = await this.call('POST', '/api/v1/payments', body, { 'Idempotency-Key': idempotencyKey });
    return createdPaymentSchema.parse(json);
  }

  async getPayment(paymentId: string): Promise<GatewayPayment> {
    return gatewayPaymentSchema.parse(await this.call('GET', `/api/v1/payments/${encodeURIComponent(paymentId)}`));
  }

  /** The payment that holds bill `billNo` (paid or in progress), whoever started it, or null. */
  async findPaymentForBill(billNo: string): Promise<GatewayPayment | null> {
    const json = await this.call('GET', `/api/v1/payments?billNo=${encodeURIComponent(billNo)}`);
    return z.looseObject({ data: z.array(gatewayPaymentSchema) }).parse(json).data[0] ?? null;
  }

  /** The payment with what its slip says was charged (amounts, method, recharge token). */
  async getChargedPayment(paymentId: string): Promise<ChargedGatewayPayment> {
    return chargedPaymentSchema.parse(await this.call('GET', `/api/v1/payments/${encodeURIComponent(paymentId)}`));
  }

  async cancelPayment(paymentId: string): Promise<GatewayPayment> {
    return gatewayPaymentSchema.parse(await this.call('POST', `/api/v1/payments/${encodeURIComponent(paymentId)}/cancel`));
  }

  async clock(): Promise<GatewayClock> {
    const clock = clockSchema.parse(await this.call('GET', '/api/v1/test/clock'));
    const merchantNow = new Date(clock.now);
    return { merchantNow, gatewayNow: new Date(merchantNow.getTime() - clock.offsetSeconds * 1000) };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    const response = await this.fetchImpl(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.secretKey}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json().catch(() => ({}));
    if (!response.ok) {
      const problem = problemSchema.safeParse(json);
      throw new GatewayError(response.status, problem.success ? problem.data : {});
    }
    return json;
  }
}
