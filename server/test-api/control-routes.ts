/**
 * The test controls beyond the clock: ephemeral merchants, reset, headless completion and fault
 * settings. Everything but creating a merchant acts on the calling merchant only.
 */
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { FaultSettingsStore } from '../faults/settings-store.js';
import { faultSettingsBody, faultSettingsViewSchema, type FaultSettings } from '../faults/settings.js';
import { NotFound } from '../http/problems.js';
import { defineRoute, type ApiRoute } from '../http/routes.js';
import type { BillLayout } from '../payments/merchants.js';
import { completeBody, completionResultSchema, type HeadlessCheckout } from './completion.js';
import { createEphemeralMerchant, deleteEphemeralMerchant } from './merchants.js';
import { resetMerchant, type ResetDeps } from './reset.js';

const TAG = 'Test controls';
const PROBLEM = { description: 'problem+json' };

export interface ControlRouteDeps extends ResetDeps {
  /** The base clock: when a merchant was created. */
  clock: Clock;
  faults: FaultSettingsStore;
  headless: HeadlessCheckout;
  /** Utility ids of the reference fixtures ("DESCO", "WZPDCO", …). */
  utilities: readonly string[];
}

const BILL_LAYOUTS = ['desco', 'standard'] as const satisfies readonly BillLayout[];

export function createMerchantBody(utilities: readonly string[]) {
  return z
    .strictObject({
      name: z.string().trim().min(1).max(120).optional(),
      shortName: z.string().trim().min(1).max(40).optional(),
      utility: z
        .string()
        .refine((value) => utilities.includes(value), { message: `utility must be one of ${utilities.join(', ')}` })
        .optional()
        .describe('the utility it collects for; default none (any meter)'),
      billLayout: z.enum(BILL_LAYOUTS).optional().describe('how its bill numbers are written; default desco for DESCO, else standard'),
      officeCode: z
        .string()
        .regex(/^[0-9]{3}$/, 'officeCode must be 3 digits')
        .optional()
        .describe('the tracking-number office of its drop-in gateway orders; default "000"'),
    })
    .meta({ id: 'CreateTestMerchant' });
}

export const testMerchantSchema = z
  .object({
    object: z.literal('test_merchant'),
    id: z.string(),
    name: z.string(),
    shortName: z.string(),
    utility: z.string().nullable(),
    billLayout: z.enum(BILL_LAYOUTS),
    officeCode: z.string(),
    secretKey: z.string().describe('Authorization: Bearer <secretKey>; shown only now'),
    webhookSecret: z.string().describe('verifies Billpay-Signature; shown only now'),
    dialects: z
      .record(z.string(), z.object({ login: z.string(), password: z.string() }))
      .describe(
        'credentials for each drop-in gateway API; shown only now (ekpay: mer_reg_id / mer_pas_key; sslcommerz: store_id / store_passwd)',
      ),
    createdAt: z.string(),
  })
  .meta({ id: 'TestMerchant' });

const deletedCounts = z.object({
  payments: z.int(),
  refunds: z.int(),
  webhookEvents: z.int(),
  idempotencyKeys: z.int(),
  journalEntries: z.int(),
});

export const deletedMerchantSchema = z
  .object({ object: z.literal('test_merchant_deleted'), id: z.string(), deleted: deletedCounts })
  .meta({ id: 'TestMerchantDeleted' });

export const resetResultSchema = z
  .object({
    object: z.literal('test_reset'),
    merchantId: z.string(),
    deleted: deletedCounts,
  })
  .meta({ id: 'TestReset' });

function faultsView(merchantId: string, settings: FaultSettings | null) {
  return { object: 'test_faults' as const, merchantId, api: settings?.api ?? null, webhooks: settings?.webhooks ?? null };
}

export function controlRoutes(deps: ControlRouteDeps): ApiRoute[] {
  const { faults, headless } = deps;
  const faultsResponse = { description: "the merchant's fault settings", schema: faultSettingsViewSchema };
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/test/merchants',
      operationId: 'createTestMerchant',
      summary:
        'Creates an ephemeral merchant with its own keys, webhook secret, clock, payments, journal and faults ' +
        '(no auth: anyone who can reach the simulator can make one)',
      tag: TAG,
      auth: 'none',
      body: createMerchantBody(deps.utilities),
      responses: { 201: { description: 'the merchant and its credentials', schema: testMerchantSchema }, 422: PROBLEM },
      handle: async ({ body }) => ({ status: 201, body: await createEphemeralMerchant(deps.store, body, deps.clock.now()) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/test/merchants/:id',
      operationId: 'deleteTestMerchant',
      summary: 'Deletes the calling ephemeral merchant with everything it did; its key stops working',
      tag: TAG,
      auth: 'merchant',
      responses: {
        200: { description: 'the merchant is gone; what was deleted with it', schema: deletedMerchantSchema },
        401: PROBLEM,
        404: { description: "another merchant's id (a merchant can only delete itself)" },
        409: { description: "a fixtures merchant (reset clears its data instead)" },
      },
      handle: async ({ merchant, params }) => {
        if (params.id !== merchant.id) throw new NotFound(`there is no merchant ${params.id ?? ''} for this key`);
        return { status: 200, body: await deleteEphemeralMerchant(deps, merchant.id) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/test/reset',
      operationId: 'resetTestMerchant',
      summary: "Deletes the merchant's payments, refunds, webhooks, idempotency keys, journal, clock offset, faults and refund outcome",
      tag: TAG,
      auth: 'merchant',
      responses: { 200: { description: 'what was deleted', schema: resetResultSchema }, 401: PROBLEM },
      handle: async ({ merchant }) => ({ status: 200, body: await resetMerchant(deps, merchant.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/test/payments/:id/complete',
      operationId: 'completeTestPayment',
      summary: 'Drives a payment to an outcome without a browser, through the same checkout steps as the widget',
      tag: TAG,
      auth: 'merchant',
      body: completeBody,
      responses: {
        200: { description: 'the payment after the steps', schema: completionResultSchema },
        401: PROBLEM,
        404: PROBLEM,
        409: { description: 'the payment is not waiting for a method (currentState names its state)' },
        422: PROBLEM,
      },
      handle: async ({ merchant, params, body }) => ({ status: 200, body: await headless.complete(merchant, params.id ?? '', body) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/test/faults',
      operationId: 'getTestFaults',
      summary: "The merchant's fault settings",
      tag: TAG,
      auth: 'merchant',
      responses: { 200: faultsResponse, 401: PROBLEM },
      handle: async ({ merchant }) => ({ status: 200, body: faultsView(merchant.id, await faults.get(merchant.id)) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/test/faults',
      operationId: 'setTestFaults',
      summary: "Replaces the merchant's fault settings: API latency, error status, dropped connections; webhook delay, duplicates, order, failures",
      tag: TAG,
      auth: 'merchant',
      body: faultSettingsBody,
      responses: { 200: faultsResponse, 401: PROBLEM, 422: PROBLEM },
      handle: async ({ merchant, body }) => ({
        status: 200,
        body: faultsView(merchant.id, await faults.put(merchant.id, body, deps.clock.now())),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/test/faults',
      operationId: 'clearTestFaults',
      summary: "Clears the merchant's fault settings (held webhook deliveries go out)",
      tag: TAG,
      auth: 'merchant',
      responses: { 200: faultsResponse, 401: PROBLEM },
      handle: async ({ merchant }) => {
        await faults.clear(merchant.id);
        return { status: 200, body: faultsView(merchant.id, null) };
      },
    }),
  ];
}
