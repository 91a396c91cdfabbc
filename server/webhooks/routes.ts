/**
 * The merchant's delivery log: list deliveries (with their attempts) and ask for a redelivery.
 * Merchant auth; a merchant only ever sees its own deliveries (another's answer 404, as a missing one).
 * Read through the store, so any instance answers with what every instance recorded.
 */
import express, { type Request, type Router } from 'express';
import type { Merchant } from '../payments/merchants.js';
import { Conflict, NotFound } from '../http/problems.js';
import { defineRoute, mountRoutes, type ApiRoute } from '../http/routes.js';
import type { Store } from '../storage/port.js';
import type { WebhookDispatcher } from './dispatcher.js';
import { listDeliveriesQuery, webhookDeliveryListSchema, webhookDeliverySchema } from './schemas.js';

export interface WebhookRouteDeps {
  /** The delivery log is read through it (`store.read`, `tx.outbox`). */
  store: Store;
  dispatcher: Pick<WebhookDispatcher, 'redeliver'>;
}

const TAG = 'Webhooks';
const PROBLEM = { description: 'problem+json' };

/** The route declarations, for mounting and for the OpenAPI document. */
export function webhookDeliveryApiRoutes({ store, dispatcher }: WebhookRouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/webhook-deliveries',
      operationId: 'listWebhookDeliveries',
      summary: "The delivery log: the merchant's webhook deliveries, each with its attempts",
      tag: TAG,
      auth: 'merchant',
      query: listDeliveriesQuery,
      responses: {
        200: { description: 'deliveries, oldest first', schema: webhookDeliveryListSchema },
        401: PROBLEM,
        422: PROBLEM,
      },
      handle: async ({ merchant, query }) => ({
        status: 200,
        body: { object: 'list', data: await store.read((tx) => tx.outbox.listDeliveries(merchant.id, query)) },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/webhook-deliveries/:id/redeliver',
      operationId: 'redeliverWebhook',
      summary: 'Sends the delivery again now (whatever its state) and answers it with the new attempt',
      tag: TAG,
      auth: 'merchant',
      responses: {
        200: { description: 'the delivery after the attempt', schema: webhookDeliverySchema },
        401: PROBLEM,
        404: PROBLEM,
        409: { description: 'an attempt of this delivery is in flight' },
      },
      handle: async ({ merchant, params }) => {
        const deliveryId = params.id ?? '';
        if (!(await store.read((tx) => tx.outbox.getDelivery(deliveryId, merchant.id)))) throw deliveryNotFound(deliveryId);
        const result = await dispatcher.redeliver(deliveryId);
        if (result.outcome === 'not_found') throw deliveryNotFound(deliveryId);
        if (result.outcome === 'in_flight') {
          throw new Conflict(`an attempt of delivery ${deliveryId} is in flight; its outcome will be in the log`);
        }
        return { status: 200, body: result.delivery };
      },
    }),
  ];
}

/** The same routes on their own router, for an app that mounts routers rather than route lists. */
export function webhookDeliveryRoutes(
  deps: WebhookRouteDeps & { authenticateMerchant(req: Request): Promise<Merchant> },
): Router {
  const router = express.Router();
  mountRoutes(router, webhookDeliveryApiRoutes(deps), { authenticateMerchant: deps.authenticateMerchant });
  return router;
}

function deliveryNotFound(deliveryId: string): NotFound {
  return new NotFound(`no webhook delivery ${deliveryId}`);
}
