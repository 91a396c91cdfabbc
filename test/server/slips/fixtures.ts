import express, { type Express } from 'express';
import { errorHandler } from '../../../server/http/error-handler.js';
import { securityHeaders } from '../../../server/http/security-headers.js';
import { silentLogger } from '../../../server/logger.js';
import { pageAssetRoutes } from '../../../server/pages/assets/routes.js';
import { hostedCheckoutRoutes, type HostedCheckoutDeps } from '../../../server/pages/hosted-checkout.js';
import { slipRoutes } from '../../../server/slips/routes.js';
import type { VerifyOptions } from '../../../server/pages/verify.js';
import type { IssuedSlip, Slip, SlipLookup } from '../../../server/slips/slip.js';
import { slipToken } from '../../../server/slips/token.js';

const BASE = 'http://127.0.0.1:4010';

/** The token of a fixture slip: made as the server makes one, over a fixed stand-in for the payment's secret. */
export function fixtureToken(paymentId: string): string {
  return slipToken({ id: paymentId, clientSecretSha256: 'fixture-client-secret-sha256' });
}

/** The token a slip's URLs carry. */
export function tokenOf(slip: Slip): string {
  return new URL(slip.htmlUrl).searchParams.get('token') ?? '';
}

/** A succeeded DESCO postpaid payment as the seed shows it (bill 11.00, EBL 0.12, total 11.12). */
export function sampleSlip(overrides: Partial<Slip> = {}): Slip {
  const paymentId = overrides.paymentId ?? 'pay_01JD4X7Q2K';
  const trackingNumber = overrides.trackingNumber ?? '4305261122124200007';
  const token = fixtureToken(paymentId);
  return {
    paymentId,
    trackingNumber,
    gatewayTransactionId: 'EBL-TXN-000123',
    merchant: { id: 'desco', name: 'Dhaka Electric Supply Company Ltd. (DESCO)', bnName: 'ঢাকা ইলেকট্রিক সাপ্লাই কোম্পানি লিমিটেড (ডেসকো)' },
    purpose: 'postpaid_bill',
    reference: 'desco-bill-062212345678',
    accountNo: '12345678',
    billNo: '062212345678',
    meterNo: '050350143117',
    billMonth: '2022-06',
    customerName: 'Shahiduz Zaman',
    amounts: {
      billAmount: '11.00',
      lateFee: '0.35',
      serviceCharge: '0.12',
      convenienceFee: '0.04',
      discount: '0.02',
      total: '11.49',
    },
    method: { id: 'visa', name: 'VISA', bnName: 'ভিসা' },
    gateway: { id: 'EBL', name: 'Eastern Bank (EBL)', bnName: 'ইস্টার্ন ব্যাংক (ইবিএল)' },
    instrument: 'VISA •••• 1111',
    paidAt: '2026-11-22T06:42:00.000Z',
    paidAtDhaka: '2026-11-22 12:42:00',
    recharge: null,
    htmlUrl: `${BASE}/slips/${paymentId}.html?token=${token}`,
    pdfUrl: `${BASE}/slips/${paymentId}.pdf?token=${token}`,
    verifyUrl: `${BASE}/verify/${encodeURIComponent(trackingNumber)}?token=${token}`,
    ...overrides,
  };
}

/** A new-connection demand note: no account, bill, meter or month, a tracking number with bars. */
export function newConnectionSlip(): Slip {
  const paymentId = 'pay_NEWCONN01';
  const token = fixtureToken(paymentId);
  return sampleSlip({
    paymentId,
    trackingNumber: '6305191204122348404|1|2',
    purpose: 'demand_note',
    accountNo: null,
    billNo: null,
    meterNo: null,
    billMonth: null,
    customerName: null,
    method: { id: 'rocket', name: 'Rocket', bnName: 'রকেট' },
    instrument: 'Rocket 017•••••001',
    htmlUrl: `${BASE}/slips/${paymentId}.html?token=${token}`,
    pdfUrl: `${BASE}/slips/${paymentId}.pdf?token=${token}`,
    verifyUrl: `${BASE}/verify/6305191204122348404%7C1%7C2?token=${token}`,
  });
}

/** Look-ups over in-memory slips, each with the token its URLs carry. */
export function slipLookup(slips: readonly Slip[]): SlipLookup {
  const issued = (slip: Slip | undefined): IssuedSlip | null => (slip ? { slip, token: tokenOf(slip) } : null);
  return {
    findSlip: async (paymentId) => issued(slips.find((slip) => slip.paymentId === paymentId)),
    findSlipByTrackingNumber: async (tn) => issued(slips.find((slip) => slip.trackingNumber === tn)),
  };
}

/** The routers of this part, mounted as the lead mounts them, over in-memory lookups. */
export function pagesApp(slips: readonly Slip[], checkout: Partial<HostedCheckoutDeps> = {}, verify: VerifyOptions = {}): Express {
  const app = express();
  app.use(securityHeaders());
  app.use(pageAssetRoutes());
  app.use(slipRoutes(slipLookup(slips), verify));
  app.use(hostedCheckoutRoutes({ findCheckout: async () => null, ...checkout }));
  app.use(errorHandler(silentLogger()));
  return app;
}

/** Undoes escape-html's five entities, to compare rendered text with what went in. */
export function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
