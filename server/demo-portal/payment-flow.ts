/**
 * Starting a payment from a "Pay Online" form: create it through the merchant API, keep the
 * portal's record of it, and send the browser to the embedded or the hosted checkout.
 *
 * A payable (a bill, one fee of one meter) is paid at most once: before creating a payment the
 * portal asks the gateway about the ones it already made for it. A paid one ends the matter, an
 * open one for the same amounts is reused (a second click, the back button), and an open one
 * for other amounts (the late charge started to apply) is cancelled first.
 *
 * Several instances may serve the portal, and the gateway is HTTP, which no unit may await: so a
 * start reads the payable's payments, settles them with the gateway, creates the payment, and only
 * then records it, in a unit that locks the payable (tx.portal.lockPayable) and looks again. Two
 * starts that saw the same payments send the gateway the same request under the same idempotency
 * key, so they get the same payment back (the gateway makes it once); a start that lost anyway
 * (it saw other payments, or asked in another language) takes the payment recorded first and
 * cancels its own.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { MerchantFixture } from '../../domain/fixtures-schema.js';
import type { PortalContext } from './context.js';
import {
  GatewayError,
  TERMINAL_STATUSES,
  type CreatedGatewayPayment,
  type CreatePaymentRequest,
  type GatewayClient,
  type GatewayPayment,
} from './gateway-client.js';
import type { Locale } from './i18n.js';
import type { PortalPayment, PortalPurpose } from './store.js';
import { withLang } from './views/format.js';

export interface Payable {
  purpose: PortalPurpose;
  /** What is paid (store.ts's payable keys); null when it may be paid any number of times. */
  key: string | null;
  /**
   * Start of the merchant reference, e.g. "BILL-062212345678"; a suffix makes it unique: the
   * attempt's (attemptOf) for a payable, a random one for a payment that may be made any number of times.
   */
  referencePrefix: string;
  amount: string;
  lateFee: string;
  accountNo?: string;
  billNo?: string;
  meterNo?: string;
  officeCode?: string;
  meterSerial?: number;
  applicationId?: number;
  customer: { name?: string; mobile?: string };
}

export type StartOutcome = { kind: 'ready'; payment: PortalPayment } | { kind: 'already_paid'; payment: PortalPayment };

export type CheckoutMode = 'embedded' | 'redirect';

export function parseCheckoutMode(value: unknown): CheckoutMode {
  return value === 'redirect' ? 'redirect' : 'embedded';
}

/** The gateway's view of `paymentId` once cancelled; a payment that ended meanwhile (another start cancelled it) as it ended. */
async function cancelled(gateway: GatewayClient, paymentId: string): Promise<GatewayPayment> {
  try {
    return await gateway.cancelPayment(paymentId);
  } catch (error) {
    if (!(error instanceof GatewayError) || error.status !== 409) throw error;
    const current = await gateway.getPayment(paymentId);
    if (!TERMINAL_STATUSES.has(current.status)) throw error;
    return current;
  }
}

/** Brings the portal's open payments for the payable up to date (`earlier`, as read) and decides what to do with them. */
async function settleEarlierPayments(
  ctx: PortalContext,
  gateway: GatewayClient,
  earlier: readonly PortalPayment[],
  payable: Payable,
): Promise<StartOutcome | null> {
  for (const known of earlier) {
    let current = known;
    if (!TERMINAL_STATUSES.has(current.status)) {
      current = (await ctx.recordView(await gateway.getPayment(current.paymentId))) ?? current;
    }
    if (current.status === 'succeeded') return { kind: 'already_paid', payment: current };
    if (TERMINAL_STATUSES.has(current.status)) continue;
    if (sameAmounts(current, payable)) return { kind: 'ready', payment: current };
    // Paid meanwhile, the cancel came too late: then it is the payable's payment.
    const ended = (await ctx.recordView(await cancelled(gateway, current.paymentId))) ?? current;
    if (ended.status === 'succeeded') return { kind: 'already_paid', payment: ended };
  }
  return null;
}

const sameAmounts = (payment: PortalPayment, payable: Payable) => payment.amount === payable.amount && payment.lateFee === payable.lateFee;

/** The merchant API's request for `payable`, its reference ending in `suffix`. */
function createRequest(ctx: PortalContext, req: Request, merchant: MerchantFixture, payable: Payable, lang: Locale, suffix: string): CreatePaymentRequest {
  const base = ctx.portalBaseUrl(req);
  const returnUrl = `${base}${withLang(`/demo/return/${merchant.id}`, lang)}`;
  return {
    purpose: payable.purpose,
    reference: `${payable.referencePrefix}-${suffix}`,
    amount: payable.amount,
    ...(payable.lateFee === '0.00' ? {} : { lateFee: payable.lateFee }),
    ...(payable.accountNo === undefined ? {} : { accountNo: payable.accountNo }),
    ...(payable.billNo === undefined ? {} : { billNo: payable.billNo }),
    ...(payable.meterNo === undefined ? {} : { meterNo: payable.meterNo }),
    ...(payable.officeCode === undefined ? {} : { officeCode: payable.officeCode }),
    ...(payable.meterSerial === undefined ? {} : { meterSerial: payable.meterSerial }),
    customer: payable.customer,
    returnUrls: { success: returnUrl, fail: returnUrl, cancel: returnUrl },
    webhookUrl: `${base}/demo/webhooks/${merchant.id}`,
  };
}

/** The portal's record of a payment the gateway just created for `payable`. */
function recordOf(created: CreatedGatewayPayment, merchant: MerchantFixture, payable: Payable): PortalPayment {
  return {
    paymentId: created.id,
    merchantId: merchant.id,
    reference: created.reference,
    purpose: payable.purpose,
    payableKey: payable.key,
    accountNo: payable.accountNo ?? null,
    billNo: payable.billNo ?? null,
    meterNo: payable.meterNo ?? null,
    applicationId: payable.applicationId ?? null,
    meterSerial: payable.meterSerial ?? null,
    amount: created.amount,
    lateFee: created.lateFee,
    clientSecret: created.clientSecret,
    checkoutUrl: created.checkoutUrl,
    status: created.status,
    trackingNumber: null,
    slip: null,
    paidAt: null,
  };
}

/**
 * The name of one attempt at paying a payable: the same for every start that saw the same earlier
 * payments and would send the same request (amounts, language, addresses), another once any of
 * that differs. Its hash is the idempotency key and the end of the reference.
 */
function attemptOf(merchant: MerchantFixture, key: string, earlier: readonly PortalPayment[], request: CreatePaymentRequest): string {
  const seen = JSON.stringify([merchant.id, key, earlier.map((payment) => payment.paymentId), request]);
  return createHash('sha256').update(seen).digest('hex');
}

/**
 * Creates (or reuses) the payment for `payable`. Starts of the same payable, on this instance or
 * another, end with one payment recorded: every start answers it (or that it is paid).
 */
export async function startPayment(
  ctx: PortalContext,
  req: Request,
  merchant: MerchantFixture,
  payable: Payable,
  lang: Locale,
): Promise<StartOutcome> {
  const gateway = ctx.gateway(req, merchant);
  const { key } = payable;
  if (key === null) {
    // Paid any number of times: every start is a payment of its own.
    const created = await gateway.createPayment(createRequest(ctx, req, merchant, payable, lang, randomUUID().slice(0, 8)), randomUUID());
    const payment = recordOf(created, merchant, payable);
    await ctx.store.transact((tx) => tx.portal.insertPayment(payment, new Date()));
    return { kind: 'ready', payment };
  }
  const earlier = await ctx.store.read((tx) => tx.portal.paymentsFor(merchant.id, key));
  const settled = await settleEarlierPayments(ctx, gateway, earlier, payable);
  if (settled) return settled;
  const attempt = attemptOf(merchant, key, earlier, createRequest(ctx, req, merchant, payable, lang, ''));
  const created = await gateway.createPayment(createRequest(ctx, req, merchant, payable, lang, attempt.slice(0, 8)), `portal-start-${attempt}`);
  const mine = recordOf(created, merchant, payable);
  const outcome = await ctx.store.transact(async (tx): Promise<StartOutcome> => {
    const now = await tx.portal.lockPayable(merchant.id, key);
    const paid = now.find((payment) => payment.status === 'succeeded');
    if (paid) return { kind: 'already_paid', payment: paid };
    // Recorded by a start that made the same attempt, or one that got here first.
    const taken = now.find((payment) => payment.paymentId === mine.paymentId) ?? now.find((p) => !TERMINAL_STATUSES.has(p.status) && sameAmounts(p, payable));
    if (taken) return { kind: 'ready', payment: taken };
    await tx.portal.insertPayment(mine, new Date());
    return { kind: 'ready', payment: mine };
  });
  if (outcome.payment.paymentId !== mine.paymentId) {
    // Ours came second: the portal never recorded it, and it lapses at its deadline if this fails.
    await cancelled(gateway, mine.paymentId).catch((error: unknown) => {
      if (!(error instanceof GatewayError)) throw error;
    });
  }
  return outcome;
}

/** "Next" shows the portal's page with the widget; the other button goes to the gateway's page. */
export function sendToCheckout(res: Response, payment: PortalPayment, mode: CheckoutMode, lang: Locale): void {
  if (mode === 'embedded') {
    res.redirect(303, withLang(`/demo/checkout/${payment.paymentId}`, lang));
    return;
  }
  const hosted = new URL(payment.checkoutUrl);
  if (lang === 'bn') hosted.searchParams.set('lang', 'bn');
  res.redirect(303, hosted.toString());
}
