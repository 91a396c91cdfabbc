import { z } from 'zod';
import { PAYMENT_STATES } from '../../domain/payment-state.js';
import { REFUNDABLE_RULE, refundViewSchema } from '../refunds/schemas.js';
import { PURPOSES } from './record.js';

/**
 * The merchant API's request and response shapes. The routes validate with these and the
 * OpenAPI document is generated from them. Identifiers and amounts are strings here; their
 * meaning (lengths, check against each other, decimals) is checked by the domain codecs, whose
 * DomainErrors name the field and rule.
 */

const httpUrl = z.url({ protocol: /^https?$/ });
const digitsText = (description: string) => z.string().max(64).describe(description);
const amountText = (description: string) =>
  z.string().max(32).describe(`${description}; a string with up to 2 decimals, e.g. "11.00"`).meta({ examples: ['11.00'] });

export const createPaymentBody = z
  .strictObject({
    purpose: z.enum(PURPOSES),
    reference: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe("the merchant's own id for this payment, unique per merchant"),
    amount: amountText('bill amount (BDT)'),
    lateFee: amountText('late payment charge (BDT), default "0.00"').optional(),
    accountNo: digitsText('postpaid_bill: the consumer account (9 digits; DESCO 8)').optional(),
    billNo: digitsText('postpaid_bill: the bill number (13 digits YYMM+account; DESCO 12 digits MMYY+account)').optional(),
    meterNo: digitsText('prepaid_recharge: the 12-digit prepaid meter number').optional(),
    officeCode: digitsText('new-connection fees and orders: the 3-digit office code (of the tracking number)').optional(),
    meterSerial: z.int().min(1).max(5).optional().describe('new-connection fees: the meter within the application, 1-5 (default 1)'),
    customer: z
      .strictObject({
        name: z.string().trim().min(1).max(200).optional(),
        mobile: z.string().trim().min(1).max(32).optional(),
        email: z.email().max(254).optional(),
      })
      .optional(),
    returnUrls: z
      .strictObject({ success: httpUrl.optional(), fail: httpUrl.optional(), cancel: httpUrl.optional() })
      .optional()
      .describe("where the customer's browser goes back to when the payment ends"),
    webhookUrl: httpUrl.optional(),
  })
  .meta({ id: 'CreatePayment' });
export type CreatePaymentBody = z.output<typeof createPaymentBody>;

export const listPaymentsQuery = z
  .object({
    reference: z.string().min(1).max(100).optional().describe('the merchant reference to look up'),
    billNo: z
      .string()
      .min(1)
      .max(20)
      .optional()
      .describe('a postpaid bill number: the payment that holds the bill (paid, or in progress), whoever started it'),
  })
  .superRefine((query, ctx) => {
    if ((query.reference === undefined) === (query.billNo === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['reference'], message: 'give exactly one of reference and billNo' });
    }
  });

const nullableString = z.string().nullable();

export const quoteSchema = z
  .object({
    billAmount: z.string(),
    lateFee: z.string(),
    serviceCharge: z.string(),
    convenienceFee: z.string(),
    discount: z.string(),
    total: z.string(),
  })
  .meta({ id: 'Quote' });

export const paymentErrorSchema = z
  .object({ code: z.string(), message: z.string(), triesLeft: z.int().nullable() })
  .meta({ id: 'PaymentError' });

export const rechargeTokenSchema = z
  .object({
    token: z.string().describe('20 digits to type into the meter. SIMULATED: the first 20 decimal digits of SHA-256("billpay-sim recharge token|<payment id>"), not an STS token'),
    tokenGrouped: z.string().describe('the token as printed, in groups of four: "1234-5678-9012-3456-7890"'),
    energyKwh: z.string().describe('kWh the recharge amount buys under the tariff, rounded down to 0.01'),
    tariff: z
      .object({ ratePerKwh: z.string(), vatPercent: z.string() })
      .describe("the fixtures' simulated prepaid tariff: the amount includes VAT at vatPercent, the rest buys energy at ratePerKwh BDT per kWh"),
    simulated: z.literal(true),
  })
  .meta({ id: 'RechargeToken' });

export const slipSchema = z
  .object({
    paymentId: z.string(),
    trackingNumber: z.string(),
    gatewayTransactionId: z.string(),
    merchant: z.object({ id: z.string(), name: z.string(), bnName: z.string() }),
    purpose: z.enum(PURPOSES),
    reference: z.string(),
    accountNo: nullableString,
    billNo: nullableString,
    meterNo: nullableString,
    billMonth: nullableString,
    customerName: nullableString,
    amounts: quoteSchema,
    method: z.object({ id: z.string(), name: z.string(), bnName: z.string() }),
    gateway: z.object({ id: z.string(), name: z.string(), bnName: z.string() }),
    instrument: z.string(),
    paidAt: z.string(),
    paidAtDhaka: z.string(),
    recharge: rechargeTokenSchema.nullable().describe('prepaid recharges: the recharge token and the energy it buys; null for other purposes'),
    htmlUrl: z
      .string()
      .describe('the printable slip, `/slips/<paymentId>.html?token=<token>` (add `&lang=bn` for Bangla); the token is the slip\'s secret: without it, or with another, the page is a 404'),
    pdfUrl: z.string().describe('the PDF slip, `/slips/<paymentId>.pdf?token=<token>` (same token, same `&lang=bn`)'),
    verifyUrl: z
      .string()
      .describe('the verify page of the tracking number with the same token (the slip\'s QR code): the token adds the customer and bill fields to the match; without it, verify shows only what proves the slip genuine'),
    amountRefunded: z
      .string()
      .optional()
      .describe("the sum of the payment's succeeded refunds; in the merchant API's and the pages' slips, not the checkout API's (polled, kept cheap)"),
    refunds: z
      .array(refundViewSchema)
      .optional()
      .describe("the payment's refunds, oldest first; in the merchant API's and the pages' slips, not the checkout API's (polled, kept cheap)"),
  })
  .meta({ id: 'Slip' });

export const paymentViewSchema = z
  .object({
    id: z.string(),
    object: z.literal('payment'),
    merchantId: z.string(),
    reference: z.string(),
    purpose: z.enum(PURPOSES),
    status: z.enum(PAYMENT_STATES),
    currency: z.literal('BDT'),
    amount: z.string(),
    lateFee: z.string(),
    /** amount + lateFee, before the gateway's charges. */
    amountDue: z.string(),
    bill: z.object({
      accountNo: nullableString,
      billNo: nullableString,
      billMonth: nullableString,
      meterNo: nullableString,
      officeCode: nullableString,
      meterSerial: z.int().nullable(),
      costHead: z.int().nullable(),
    }),
    customer: z.object({ name: nullableString, mobile: nullableString, email: nullableString }),
    selection: z.object({ method: z.string(), gateway: z.string(), quote: quoteSchema }).nullable(),
    expiresAt: nullableString.describe('deadline of the current state; null once terminal'),
    attemptsLeft: z.int(),
    lastError: paymentErrorSchema.nullable(),
    failureReason: nullableString,
    instrument: nullableString.describe('masked, e.g. "VISA •••• 1111"'),
    trackingNumber: nullableString,
    gatewayTransactionId: nullableString,
    paidAt: nullableString,
    recharge: rechargeTokenSchema
      .nullable()
      .describe('a succeeded prepaid recharge: its recharge token and the energy it buys (also on the slip); null otherwise'),
    slip: slipSchema.nullable(),
    amountRefunded: z.string().describe(`the sum of the succeeded refunds ("0.00" when none). ${REFUNDABLE_RULE}`),
    refunds: z.array(refundViewSchema).describe('every refund of the payment, oldest first, whatever its state'),
    returnUrls: z.object({ success: nullableString, fail: nullableString, cancel: nullableString }),
    webhookUrl: nullableString,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Payment' });

export const createdPaymentSchema = paymentViewSchema
  .extend({
    checkoutUrl: z.string().describe('the hosted checkout page for this payment'),
    clientSecret: z.string().describe('give this to the checkout widget; it authorises the checkout API'),
  })
  .meta({ id: 'CreatedPayment' });

export const paymentListSchema = z
  .object({ object: z.literal('list'), data: z.array(paymentViewSchema) })
  .meta({ id: 'PaymentList' });
