/**
 * Starting a payment from a "Pay Online" form: create it through the merchant API, keep the
 * portal's record of it, and send the browser to the embedded or the hosted checkout.
 *
 * A payable (a bill, one fee of one meter) is paid at most once: before creating a payment the
 * portal asks the gateway about the ones it already made for it. A paid one ends the matter, an
 * open one for the same amounts is reused (a second click, the back button), and an open one
 * for other amounts (the late charge started to apply) is cancelled first.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { MerchantFixture } from '../../domain/fixtures-schema.js';
import type { PortalContext } from './context.js';
import { TERMINAL_STATUSES, type CreatePaymentRequest, type GatewayClient } from './gateway-client.js';
import type { Locale } from './i18n.js';
import type { PortalPayment, PortalPurpose } from './store.js';
import { withLang } from './views/format.js';

export interface Payable {
  purpose: PortalPurpose;
  /** What is paid (store.ts's payable keys); null when it may be paid any number of times. */
  key: string | null;
  /** Start of the merchant reference, e.g. "BILL-062212345678"; a random suffix makes it unique. */
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

/** Brings the portal's open payments for `key` up to date and decides what to do with them. */
async function settleEarlierPayments(
  ctx: PortalContext,
  gateway: GatewayClient,
  merchant: MerchantFixture,
  payable: Payable & { key: string },
): Promise<StartOutcome | null> {
  for (const earlier of ctx.store.paymentsFor(merchant.id, payable.key)) {
    let current = earlier;
    if (!TERMINAL_STATUSES.has(current.status)) {
      current = ctx.store.applyGatewayView(await gateway.getPayment(current.paymentId), new Date()) ?? current;
    }
    if (current.status === 'succeeded') return { kind: 'already_paid', payment: current };
    if (TERMINAL_STATUSES.has(current.status)) continue;
    if (current.amount === payable.amount && current.lateFee === payable.lateFee) return { kind: 'ready', payment: current };
    ctx.store.applyGatewayView(await gateway.cancelPayment(current.paymentId), new Date());
  }
  return null;
}

/**
 * Creates (or reuses) the payment for `payable`. Starts for the same payable run one after the
 * other, so two clicks at once cannot create two payments: the second reuses the first's.
 */
export function startPayment(
  ctx: PortalContext,
  req: Request,
  merchant: MerchantFixture,
  payable: Payable,
  lang: Locale,
): Promise<StartOutcome> {
  const start = () => createOrReuse(ctx, req, merchant, payable, lang);
  return payable.key === null ? start() : ctx.oneAtATime(`${merchant.id}:${payable.key}`, start);
}

async function createOrReuse(
  ctx: PortalContext,
  req: Request,
  merchant: MerchantFixture,
  payable: Payable,
  lang: Locale,
): Promise<StartOutcome> {
  const gateway = ctx.gateway(req, merchant);
  if (payable.key !== null) {
    const settled = await settleEarlierPayments(ctx, gateway, merchant, { ...payable, key: payable.key });
    if (settled) return settled;
  }
  const base = ctx.portalBaseUrl(req);
  const returnUrl = `${base}${withLang(`/demo/return/${merchant.id}`, lang)}`;
  const request: CreatePaymentRequest = {
    purpose: payable.purpose,
    reference: `${payable.referencePrefix}-${randomUUID().slice(0, 8)}`,
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
  const created = await gateway.createPayment(request, randomUUID());
  const payment: PortalPayment = {
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
  ctx.store.insertPayment(payment, new Date());
  return { kind: 'ready', payment };
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
