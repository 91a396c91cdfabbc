import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { ApiProblem } from '../http/problems.js';
import { defineRoute, type ApiRoute, type HandlerResult } from '../http/routes.js';
import { JsonText } from '../http/send-json.js';
import { attributeRequest } from '../http/request-context.js';
import { slipSchema } from '../payments/schemas.js';
import {
  authorizeBody,
  CLIENT_SECRET_HEADER,
  emptyBody,
  selectBody,
  sessionViewSchema,
  type SessionView,
} from './schemas.js';
import type { LiveSessions } from './live-sessions.js';
import type { CheckoutService } from './service.js';

const TAG = 'Checkout';
const PROBLEM = { description: 'problem+json' };
const SESSION = { description: 'the session view', schema: sessionViewSchema };
const STATE_CONFLICT = { description: 'not allowed in the current state (currentState names it)' };

/**
 * The checkout API used by the widget, cross-origin from merchant pages: CORS for any origin,
 * without credentials (the client secret travels in a header, not a cookie).
 */
export const checkoutCors: RequestHandler = (req, res, next) => {
  res.set('Access-Control-Allow-Origin', '*');
  res.set('Access-Control-Expose-Headers', 'Retry-After');
  if (req.method === 'OPTIONS') {
    res.set('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.set('Access-Control-Allow-Headers', `Content-Type, ${CLIENT_SECRET_HEADER}, Accept-Language`);
    res.set('Access-Control-Max-Age', '600');
    res.status(204).end();
    return;
  }
  next();
};

/**
 * Credits the request to the payment's merchant (the client secret proved whose payment it is),
 * so the journal need not look the payment up again.
 */
function credited<T extends { merchant: { id: string } }>(req: Request, answer: T): T {
  attributeRequest(req, answer.merchant.id);
  return answer;
}

/** EventSource cannot send headers: the events stream also takes the client secret as a query parameter. */
const eventsQuery = z.object({
  clientSecret: z.string().min(1).max(200).optional().describe(`the client secret, for EventSource (which cannot send ${CLIENT_SECRET_HEADER})`),
});

/** The stream never ends by itself before the payment does, so it goes only to clients that ask for one. */
function requireEventStream(accept: string | undefined): void {
  if (!/\btext\/event-stream\b/i.test(accept ?? '')) {
    throw new ApiProblem(406, 'not-acceptable', 'Not acceptable', 'this is an event stream: send Accept: text/event-stream');
  }
}

export interface CheckoutRouteDeps {
  liveSessions: LiveSessions;
}

export function checkoutRoutes(checkout: CheckoutService, { liveSessions }: CheckoutRouteDeps): ApiRoute[] {
  /**
   * 200 with the session view, serialized around the catalog's cached tabs. A step that changes
   * the payment is one unit of the store (on SQLite the group commit: one COMMIT for the steps and
   * creates of one turn), answered once it has committed.
   */
  const session = async (req: Request, answer: Promise<SessionView>): Promise<HandlerResult> => ({
    status: 200,
    body: new JsonText(checkout.viewJson(credited(req, await answer))),
  });

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/checkout/:id',
      operationId: 'getCheckoutSession',
      summary: 'The checkout session: bill, timer, tabs with a quote per gateway, and the next action',
      tag: TAG,
      auth: 'client_secret',
      responses: { 200: SESSION, 401: PROBLEM, 404: PROBLEM },
      handle: ({ req, params }) => session(req, checkout.session(params.id ?? '', req.get(CLIENT_SECRET_HEADER))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/checkout/:id/select',
      operationId: 'selectCheckoutMethod',
      summary: 'Picks (or changes, until confirm) the method and gateway row',
      tag: TAG,
      auth: 'client_secret',
      body: selectBody,
      responses: { 200: SESSION, 401: PROBLEM, 404: PROBLEM, 409: STATE_CONFLICT, 422: PROBLEM },
      handle: ({ req, params, body }) => session(req, checkout.select(params.id ?? '', req.get(CLIENT_SECRET_HEADER), body)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/checkout/:id/confirm',
      operationId: 'confirmCheckout',
      summary: '"Pay Now", then "Yes": stops the selection timer and starts authorization',
      tag: TAG,
      auth: 'client_secret',
      body: emptyBody,
      responses: { 200: SESSION, 401: PROBLEM, 404: PROBLEM, 409: STATE_CONFLICT },
      handle: ({ req, params }) => session(req, checkout.confirm(params.id ?? '', req.get(CLIENT_SECRET_HEADER))),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/checkout/:id/authorize',
      operationId: 'authorizeCheckout',
      summary: 'One step of instrument data (card, wallet number, OTP, PIN or bank login)',
      tag: TAG,
      auth: 'client_secret',
      body: authorizeBody,
      responses: { 200: SESSION, 401: PROBLEM, 404: PROBLEM, 409: STATE_CONFLICT, 422: PROBLEM },
      handle: ({ req, params, body }) => session(req, checkout.authorize(params.id ?? '', req.get(CLIENT_SECRET_HEADER), body)),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/checkout/:id/cancel',
      operationId: 'cancelCheckout',
      summary: 'The customer cancels',
      tag: TAG,
      auth: 'client_secret',
      body: emptyBody,
      responses: { 200: SESSION, 401: PROBLEM, 404: PROBLEM, 409: STATE_CONFLICT },
      handle: ({ req, params }) => session(req, checkout.cancel(params.id ?? '', req.get(CLIENT_SECRET_HEADER))),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/checkout/:id/events',
      operationId: 'streamCheckoutSession',
      summary:
        'The session live, as server-sent events: `event: session` with the session view now and after every change ' +
        '(a cancel through the API, a test-clock advance, expiry); ends once the payment is terminal',
      tag: TAG,
      auth: 'client_secret',
      query: eventsQuery,
      responses: {
        200: { description: 'an event stream of session views', schema: sessionViewSchema, contentType: 'text/event-stream' },
        401: PROBLEM,
        404: PROBLEM,
        406: { description: 'the request did not accept text/event-stream' },
      },
      handle: async ({ req, res, params, query }) => {
        requireEventStream(req.get('accept'));
        const clientSecret = req.get(CLIENT_SECRET_HEADER) ?? query.clientSecret ?? '';
        const paymentId = params.id ?? '';
        // Authenticated by the first read: a refusal is still an ordinary problem+json answer.
        await liveSessions.stream(res, paymentId, clientSecret, async () => credited(req, await checkout.session(paymentId, clientSecret)));
        return { status: 200, body: null };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/checkout/:id/slip',
      operationId: 'getCheckoutSlip',
      summary: 'The payment slip (JSON) once the payment has succeeded',
      tag: TAG,
      auth: 'client_secret',
      responses: { 200: { description: 'the slip', schema: slipSchema }, 401: PROBLEM, 404: PROBLEM },
      handle: async ({ req, params }) => ({
        status: 200,
        body: credited(req, await checkout.slip(params.id ?? '', req.get(CLIENT_SECRET_HEADER))),
      }),
    }),
  ];
}
