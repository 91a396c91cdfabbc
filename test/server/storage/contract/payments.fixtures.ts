/** What the contract suites that need payments share: a new payment of a test's own merchant. */
import { randomBytes } from 'node:crypto';
import type { PaymentRecord } from '../../../../server/payments/record.js';
import { createdCardPayment, paidCardPayment } from '../../../helpers/payment-records.js';

export const CREATED_AT = new Date('2026-12-05T06:00:00.000Z');

/** A random suffix: ids, references and bill keys of one test never meet another's. */
export const unique = (): string => randomBytes(8).toString('hex');

/** A payment just created for `merchantId` (nothing chosen, nothing paid), with its own id and reference. */
export function newPayment(merchantId: string, fields: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    ...createdCardPayment,
    id: `pay_${unique()}`,
    merchantId,
    reference: `ref-${unique()}`,
    billKey: null,
    deadlineAt: new Date(CREATED_AT.getTime() + 5 * 60_000),
    selectionRemainingMs: null,
    createdAt: CREATED_AT,
    updatedAt: CREATED_AT,
    ...fields,
  };
}

/** The test's paid card payment (11.00 + 0.55 late fee, succeeded) as a new row of `merchantId`, with fresh unique fields. */
export function newPaidPayment(merchantId: string): PaymentRecord {
  return {
    ...paidCardPayment,
    id: `pay_${unique()}`,
    merchantId,
    reference: `ref-${unique()}`,
    billKey: null,
    deadlineAt: null,
    trackingNumber: `1901261204${unique()}`,
    gatewayTransactionId: `EBL${unique()}`,
  };
}
