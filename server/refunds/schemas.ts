import { z } from 'zod';
import { REFUND_OUTCOMES, REFUND_STATES } from '../../domain/refund-state.js';

/**
 * The refund API's request and response shapes: the routes validate with these and the OpenAPI
 * document is generated from them. The amount is a string here; parseAmount checks its meaning.
 */

/** The refundable rule, stated once for the README's readers and /openapi.json's. */
export const REFUNDABLE_RULE =
  'Refunds return at most what the merchant was paid: the bill amount plus the late fee (amount + lateFee). ' +
  'The service charge and the convenience fee stay with the bank and the gateway and are never refunded. ' +
  'Several partial refunds are allowed while pending and succeeded refunds together stay within that; failed ones do not count.';

export const createRefundBody = z
  .strictObject({
    amount: z
      .string()
      .max(32)
      .describe(`what to return (BDT), a string with up to 2 decimals, e.g. "5.00". ${REFUNDABLE_RULE}`)
      .meta({ examples: ['5.00'] }),
    reason: z.string().trim().min(1).max(500).nullable().optional().describe('why, in the merchant’s words'),
  })
  .meta({ id: 'CreateRefund' });
export type CreateRefundBody = z.output<typeof createRefundBody>;

export const refundViewSchema = z
  .object({
    id: z.string().describe('rfd_<uuid v7>'),
    object: z.literal('refund'),
    paymentId: z.string(),
    amount: z.string(),
    reason: z.string().nullable(),
    status: z.enum(REFUND_STATES),
    failureReason: z.string().nullable().describe('why a failed refund failed (refund_declined)'),
    createdAt: z.string(),
    completedAt: z.string().nullable().describe('when it succeeded or failed; null while pending'),
  })
  .meta({ id: 'Refund' });
export type RefundView = z.output<typeof refundViewSchema>;

export const refundListSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(refundViewSchema),
    amountRefunded: z.string().describe('the sum of the succeeded refunds'),
    refundable: z.string().describe('what is left to refund: amount + lateFee, less pending and succeeded refunds'),
  })
  .meta({ id: 'RefundList' });

export const refundOutcomeBody = z
  .strictObject({
    outcome: z
      .enum(REFUND_OUTCOMES)
      .describe('instant: succeeds at once; pending_then_success: pending for settings.pendingSeconds of test-clock time, then succeeds; failed: the bank refuses it'),
  })
  .meta({ id: 'SetRefundOutcome' });

export const refundOutcomeSchema = z
  .object({ object: z.literal('test_refund_outcome'), merchantId: z.string(), outcome: z.enum(REFUND_OUTCOMES) })
  .meta({ id: 'TestRefundOutcome' });
