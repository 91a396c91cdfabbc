import { z } from 'zod';
import { METHOD_KINDS } from '../../domain/fixtures-schema.js';
import { PAYMENT_STATES } from '../../domain/payment-state.js';
import { PURPOSES } from '../payments/record.js';
import { paymentErrorSchema, quoteSchema, slipSchema } from '../payments/schemas.js';

/** The checkout API's request and response shapes (docs/architecture.md is the contract). */

export const CLIENT_SECRET_HEADER = 'Billpay-Client-Secret';

export const selectBody = z
  .strictObject({
    method: z.string().min(1).max(64).describe('a method id from the session tabs, e.g. "visa"'),
    gateway: z.string().min(1).max(64).describe('a gateway id of that method, e.g. "EBL"'),
  })
  .meta({ id: 'CheckoutSelect' });

/** Confirm and cancel take no fields; an empty body is fine. */
export const emptyBody = z.strictObject({}).meta({ id: 'Empty' });

/** One step of instrument data; which fields the step needs is in the session's nextAction. */
export const authorizeBody = z
  .strictObject({
    card: z
      .strictObject({
        number: z.string().max(40),
        expiry: z.string().max(10).describe('MM/YY'),
        cvc: z.string().max(8),
        holder: z.string().max(100).optional(),
      })
      .optional()
      .describe('nextAction card'),
    walletNumber: z.string().max(20).optional().describe('nextAction wallet_number'),
    otp: z.string().max(12).optional().describe('nextAction otp'),
    pin: z.string().max(12).optional().describe('nextAction pin'),
    username: z.string().max(100).optional().describe('nextAction bank_login'),
    password: z.string().max(200).optional().describe('nextAction bank_login'),
  })
  .meta({ id: 'CheckoutAuthorize' });
export type AuthorizeBody = z.output<typeof authorizeBody>;

export const NEXT_ACTIONS = ['card', 'wallet_number', 'otp', 'pin', 'bank_login', 'wait'] as const;

const bnName = z.string().describe('the Bangla name, for the bn locale');
const gatewayRowSchema = z.object({ id: z.string(), name: z.string(), bnName, quote: quoteSchema });
const methodSchema = z.object({
  id: z.string(),
  name: z.string(),
  bnName,
  kind: z.enum(METHOD_KINDS),
  gateways: z.array(gatewayRowSchema),
});
const tabSchema = z.object({
  id: z.enum(['cards', 'mobile_banking', 'internet_banking', 'wallets']),
  label: z.string(),
  bnLabel: z.string(),
  methods: z.array(methodSchema),
});

export const sessionViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(PAYMENT_STATES),
    merchant: z.object({ id: z.string(), name: z.string(), bnName: z.string().describe('the name in Bangla (the English one when none)'), shortName: z.string() }),
    bill: z.object({
      purpose: z.enum(PURPOSES),
      reference: z.string(),
      accountNo: z.string().nullable(),
      billNo: z.string().nullable(),
      meterNo: z.string().nullable(),
      billMonth: z.string().nullable(),
      customerName: z.string().nullable(),
      amount: z.string(),
      lateFee: z.string(),
    }),
    expiresAt: z.string().nullable().describe('deadline of the current state'),
    serverTime: z.string().describe("the merchant's (test) clock now; countdown = expiresAt - serverTime"),
    tabs: z.array(tabSchema),
    note: z.string(),
    bnNote: z.string().describe('the note in Bangla'),
    selection: z.object({ method: z.string(), gateway: z.string(), quote: quoteSchema }).nullable(),
    nextAction: z
      .object({
        type: z.enum(NEXT_ACTIONS),
        provider: z.string().optional(),
        retryAfterMs: z.int().optional(),
      })
      .nullable(),
    attemptsLeft: z.int(),
    lastError: paymentErrorSchema.nullable(),
    slip: slipSchema.nullable(),
    returnUrl: z.string().nullable(),
  })
  .meta({ id: 'CheckoutSession' });
export type SessionView = z.output<typeof sessionViewSchema>;
