import { baseUrlOf } from '../http/base-url.js';
import { defineRoute, type ApiRoute } from '../http/routes.js';
import { IDEMPOTENCY_HEADER, IDEMPOTENCY_HEADER_DOC, readIdempotencyKey } from './idempotency.js';
import type { MerchantApi } from './merchant-api.js';
import {
  createdPaymentSchema,
  createPaymentBody,
  listPaymentsQuery,
  paymentListSchema,
  paymentViewSchema,
} from './schemas.js';

const TAG = 'Payments';
const PROBLEM = { description: 'problem+json' };

/** The merchant API (server to server; `Authorization: Bearer <secret key>`). */
export function paymentRoutes(api: MerchantApi, options: { publicUrl: string | undefined }): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/payments',
      operationId: 'createPayment',
      summary: 'Creates a payment for a bill, recharge or new-connection fee and opens its checkout session',
      tag: TAG,
      auth: 'merchant',
      body: createPaymentBody,
      headers: [IDEMPOTENCY_HEADER_DOC],
      responses: {
        201: { description: 'created', schema: createdPaymentSchema },
        401: PROBLEM,
        409: { description: 'the reference is taken, or the bill is paid or being paid' },
        415: PROBLEM,
        422: { description: 'a field breaks a rule (errors name field and rule), or an Idempotency-Key reused with another body' },
      },
      handle: ({ req, merchant, body }) => {
        const request = {
          body,
          idempotencyKey: readIdempotencyKey(req.get(IDEMPOTENCY_HEADER)),
          baseUrl: baseUrlOf(req, options.publicUrl),
        };
        // The busiest write, one unit: on SQLite the units of one turn share a commit.
        return api.create(merchant, request);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/payments',
      operationId: 'findPayments',
      summary: "Finds the merchant's payment by its reference, or the one holding a bill",
      tag: TAG,
      auth: 'merchant',
      query: listPaymentsQuery,
      responses: { 200: { description: 'zero or one payment', schema: paymentListSchema }, 401: PROBLEM, 422: PROBLEM },
      handle: async ({ merchant, query }) => ({ status: 200, body: await api.find(merchant, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/payments/:id',
      operationId: 'getPayment',
      summary: 'A payment, with any lapsed deadline applied',
      tag: TAG,
      auth: 'merchant',
      responses: { 200: { description: 'the payment', schema: paymentViewSchema }, 401: PROBLEM, 404: PROBLEM },
      handle: async ({ merchant, params }) => ({ status: 200, body: await api.get(merchant, params.id ?? '') }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/payments/:id/cancel',
      operationId: 'cancelPayment',
      summary: 'Cancels a payment that has not ended yet',
      tag: TAG,
      auth: 'merchant',
      responses: {
        200: { description: 'the cancelled payment', schema: paymentViewSchema },
        401: PROBLEM,
        404: PROBLEM,
        409: { description: 'the payment has already ended (currentState names its state)' },
      },
      handle: async ({ merchant, params }) => ({ status: 200, body: await api.cancel(merchant, params.id ?? '') }),
    }),
  ];
}
