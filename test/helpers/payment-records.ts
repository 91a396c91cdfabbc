import type { PaymentRecord } from '../../server/payments/record.js';

const at = new Date('2026-12-04T10:00:00Z');

/** Every field set, every nested object present: what a paid card payment holds. */
export const paidCardPayment: PaymentRecord = {
  id: 'pay_1',
  merchantId: 'desco',
  reference: 'ref-1',
  purpose: 'postpaid_bill',
  status: 'succeeded',
  accountNo: '12345678',
  billNo: '202206123456',
  billMonth: '2022-06',
  meterNo: null,
  officeCode: '901',
  meterSerial: null,
  costHead: null,
  billKey: 'desco:202206123456',
  amount: '11.00',
  lateFee: '0.55',
  customer: { name: 'Rahim', mobile: '01711111111', email: 'r@example.com' },
  returnUrls: { success: 'https://portal.example/ok', fail: null, cancel: null },
  webhookUrl: 'https://portal.example/hook',
  clientSecretSha256: 'ab'.repeat(32),
  clientSecret: 'pay_1_secret_x',
  baseUrl: 'http://127.0.0.1:4010',
  deadlineAt: at,
  selectionRemainingMs: 1000,
  attemptsUsed: 1,
  selection: {
    method: 'visa',
    gateway: 'EBL',
    quote: { billAmount: '11.00', lateFee: '0.55', serviceCharge: '0.13', convenienceFee: '0.00', discount: '0.00', total: '11.68' },
  },
  auth: { step: 'otp', triesLeft: 2, instrumentId: 'card-1', pendingUntil: at },
  instrument: { kind: 'card', brand: 'visa', issuer: 'EBL', funding: 'credit', last4: '1111' },
  lastError: { code: 'wrong_otp', message: 'wrong', triesLeft: 2 },
  failureReason: null,
  trackingNumber: '1901261204100000',
  gatewayTransactionId: 'EBL0123',
  paidAt: at,
  createdAt: at,
  updatedAt: at,
};

/** The same payment just created: nothing chosen, nothing paid. */
export const createdCardPayment: PaymentRecord = {
  ...paidCardPayment,
  status: 'awaiting_method',
  selection: null,
  auth: { step: null, triesLeft: null, instrumentId: null, pendingUntil: null },
  instrument: null,
  lastError: null,
  trackingNumber: null,
  gatewayTransactionId: null,
  paidAt: null,
  attemptsUsed: 0,
};

/** The fields a step may change (the rest are fixed at insert). */
export const MUTABLE_PAYMENT_FIELDS = (Object.keys(paidCardPayment) as Array<keyof PaymentRecord>).filter(
  (field) => !['id', 'merchantId', 'reference', 'createdAt'].includes(field),
);

/** The given fields of `from`. */
export function pickFields(from: PaymentRecord, fields: ReadonlyArray<keyof PaymentRecord>): Partial<PaymentRecord> {
  return Object.fromEntries(fields.map((field) => [field, from[field]]));
}
