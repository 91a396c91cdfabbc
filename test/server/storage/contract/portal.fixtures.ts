/** What the demo portal's contract suites share: a portal payment, the gateway's view of it, an application. */
import type { GatewayPayment } from '../../../../server/demo-portal/gateway-client.js';
import type { ApplicationRequest, MeterFees } from '../../../../server/demo-portal/new-connection.js';
import type { PortalPayment } from '../../../../server/demo-portal/store.js';
import { unique } from './payments.fixtures.js';

export const AT = new Date('2026-12-05T06:00:00.000Z');

/** `at` moved on by `ms` milliseconds. */
export const later = (ms: number, at = AT) => new Date(at.getTime() + ms);

/** A merchant id of the test's own (the portal's tables keep no foreign key to merchants). */
export const portalMerchant = () => `portal_${unique()}`;

/** A payment the portal just created for a demand note: open, no slip yet. */
export function portalPayment(merchantId: string, fields: Partial<PortalPayment> = {}): PortalPayment {
  const paymentId = `pay_${unique()}`;
  return {
    paymentId,
    merchantId,
    reference: `DN-${unique()}`,
    purpose: 'demand_note',
    payableKey: 'fee:7:2:demand_note',
    accountNo: null,
    billNo: null,
    meterNo: null,
    applicationId: 7,
    meterSerial: 2,
    amount: '3300.00',
    lateFee: '0.00',
    clientSecret: `${paymentId}_secret_${unique()}`,
    checkoutUrl: `http://127.0.0.1:4010/checkout/${paymentId}`,
    status: 'awaiting_method',
    trackingNumber: null,
    slip: null,
    paidAt: null,
    ...fields,
  };
}

export const SLIP = {
  htmlUrl: 'http://127.0.0.1:4010/slips/4305261205120000001',
  pdfUrl: 'http://127.0.0.1:4010/slips/4305261205120000001.pdf',
  verifyUrl: 'http://127.0.0.1:4010/verify/4305261205120000001',
};

/** What the gateway says of `payment` in `status` (succeeded: with its tracking number and slip). */
export function gatewayView(payment: PortalPayment, status: string): GatewayPayment {
  const paid = status === 'succeeded';
  return {
    id: payment.paymentId,
    status,
    reference: payment.reference,
    amount: payment.amount,
    lateFee: payment.lateFee,
    trackingNumber: paid ? '4305261205120000001|2|demand_note' : null,
    paidAt: paid ? '2026-12-05T12:00:00+06:00' : null,
    slip: paid ? SLIP : null,
  };
}

/** An application of two meters at office 305, with the fees feesForMeter gives them. */
export function applicationRequest(merchantId: string, applicantName = 'Rahima Khatun'): ApplicationRequest {
  return {
    merchantId,
    officeCode: '305',
    applicantName,
    mobile: '01712345678',
    meters: [
      { meterSerial: 1, phases: 1, loadKw: '2' },
      { meterSerial: 2, phases: 3, loadKw: '7.5' },
    ],
  };
}

export const FEES: readonly MeterFees[] = [
  { applicationFee: '300.00', demandNote: '3300.00' },
  { applicationFee: '600.00', demandNote: '9000.00' },
];
