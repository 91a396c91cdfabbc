import { defineRoute, type ApiRoute } from '../http/routes.js';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER_DOC, readIdempotencyKey } from '../payments/idempotency.js';
import {
  createRefundBody,
  refundListSchema,
  refundOutcomeBody,
  refundOutcomeSchema,
  refundViewSchema,
  REFUNDABLE_RULE,
} from './schemas.js';
import type { RefundService } from './service.js';

const TAG = 'Refunds';
const PROBLEM = { description: 'problem+json' };

/** The merchant API's refunds (`Authorization: Bearer <secret key>`). */
export function refundRoutes(refunds: RefundService): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/payments/:id/refunds',
      operationId: 'createRefund',
      summary: `Refunds all or part of a succeeded payment; how it ends is the merchant's test outcome (PUT /api/v1/test/refunds/outcome). ${REFUNDABLE_RULE}`,
      tag: TAG,
      auth: 'merchant',
      body: createRefundBody,
      headers: [IDEMPOTENCY_HEADER_DOC],
      responses: {
        201: { description: 'the refund: succeeded, failed, or pending until its deadline', schema: refundViewSchema },
        401: PROBLEM,
        404: { description: "no such payment (another merchant's payment answers the same)" },
        409: { description: 'the payment has not succeeded (currentState names its state)' },
        415: PROBLEM,
        422: {
          description:
            'a bad amount (rule type, format, negative, scale, zero, maximum), more than is left to refund (rule exceeds_refundable), ' +
            'or an Idempotency-Key reused with another body',
        },
      },
      handle: ({ req, merchant, params, body }) =>
        refunds.createResult(merchant, params.id ?? '', body, {
          idempotencyKey: readIdempotencyKey(req.get(IDEMPOTENCY_HEADER)),
        }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/payments/:id/refunds',
      operationId: 'listRefunds',
      summary: "The payment's refunds, oldest first, with what was refunded and what is left to refund",
      tag: TAG,
      auth: 'merchant',
      responses: { 200: { description: 'the refunds', schema: refundListSchema }, 401: PROBLEM, 404: PROBLEM },
      handle: async ({ merchant, params }) => ({ status: 200, body: await refunds.listForMerchantPayment(merchant, params.id ?? '') }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/refunds/:id',
      operationId: 'getRefund',
      summary: 'A refund, with a lapsed pending deadline applied',
      tag: TAG,
      auth: 'merchant',
      responses: { 200: { description: 'the refund', schema: refundViewSchema }, 401: PROBLEM, 404: PROBLEM },
      handle: async ({ merchant, params }) => ({ status: 200, body: await refunds.get(merchant, params.id ?? '') }),
    }),
  ];
}

/** The test control that picks how a merchant's new refunds end (tag "Test controls"). */
export function refundTestRoutes(refunds: RefundService): ApiRoute[] {
  const view = async (merchantId: string) => ({
    object: 'test_refund_outcome' as const,
    merchantId,
    outcome: await refunds.outcomeOf(merchantId),
  });
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/test/refunds/outcome',
      operationId: 'getTestRefundOutcome',
      summary: "How the merchant's new refunds end (default instant)",
      tag: 'Test controls',
      auth: 'merchant',
      responses: { 200: { description: 'the outcome', schema: refundOutcomeSchema }, 401: PROBLEM },
      handle: async ({ merchant }) => ({ status: 200, body: await view(merchant.id) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/test/refunds/outcome',
      operationId: 'setTestRefundOutcome',
      summary:
        "Sets how the merchant's new refunds end: instant, pending_then_success (pending for settings.pendingSeconds of test-clock time) or failed; reset clears it",
      tag: 'Test controls',
      auth: 'merchant',
      body: refundOutcomeBody,
      responses: { 200: { description: 'the outcome', schema: refundOutcomeSchema }, 401: PROBLEM, 422: PROBLEM },
      handle: async ({ merchant, body }) => {
        await refunds.setOutcome(merchant.id, body.outcome);
        return { status: 200, body: await view(merchant.id) };
      },
    }),
  ];
}
