/**
 * What a test can ask to go wrong, per merchant (PUT /api/v1/test/faults) or per request (the
 * Billpay-Simulate header): the shapes, their validation, and which API routes a setting covers.
 */
import { z } from 'zod';
import type { ApiRoute } from '../http/routes.js';

/** Longest injected API latency: long enough for any client timeout, short enough for a test. */
export const MAX_LATENCY_MS = 60_000;
/** Longest hold on a webhook delivery. */
export const MAX_WEBHOOK_DELAY_MS = 10 * 60_000;

/** One request's injected fault: wait, then answer with a status or drop the connection (or carry on). */
export interface ApiFault {
  latencyMs?: number;
  status?: number;
  drop?: boolean;
}

const faultStatus = z.int().min(400).max(599).describe('answer with this status (a problem+json of type …/simulated-fault)');

export const apiFaultSettingsSchema = z
  .strictObject({
    latencyMs: z.int().min(0).max(MAX_LATENCY_MS).optional().describe('wait this long before answering'),
    status: faultStatus.optional(),
    drop: z.boolean().optional().describe('close the connection without an answer'),
    probability: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('share of matching requests that get the fault (default 1); draws come from `seed`, so runs repeat'),
    seed: z.int().min(0).max(2 ** 32 - 1).optional().describe('seed of the draws when probability < 1 (default 1)'),
    routes: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(50)
      .optional()
      .describe('only these routes: operationIds ("createPayment") or "METHOD /path" as in /openapi.json; default all but /api/v1/test/…'),
  })
  .refine((api) => api.latencyMs !== undefined || api.status !== undefined || api.drop === true, {
    message: 'api faults need latencyMs, status or drop',
  })
  .refine((api) => !(api.drop === true && api.status !== undefined), {
    message: 'drop and status exclude each other: a dropped connection has no status',
  })
  .meta({ id: 'ApiFaultSettings' });

export const webhookFaultSettingsSchema = z
  .strictObject({
    delayMs: z.int().min(1).max(MAX_WEBHOOK_DELAY_MS).optional().describe('hold each new delivery this long before its first attempt'),
    duplicate: z.boolean().optional().describe('send each acknowledged delivery twice (same Billpay-Event-Id)'),
    outOfOrder: z
      .boolean()
      .optional()
      .describe("deliver a payment's events newest first: each is held until the payment's next event is delivered"),
    failFirst: z
      .int()
      .min(1)
      .max(9)
      .optional()
      .describe('the first N attempts of each delivery fail with a simulated 503 without calling the receiver'),
  })
  .meta({ id: 'WebhookFaultSettings' });

export const faultSettingsBody = z
  .strictObject({
    api: apiFaultSettingsSchema.optional(),
    webhooks: webhookFaultSettingsSchema.optional(),
  })
  .meta({ id: 'FaultSettings' });

export type ApiFaultSettings = z.output<typeof apiFaultSettingsSchema>;
export type WebhookFaultSettings = z.output<typeof webhookFaultSettingsSchema>;
export type FaultSettings = z.output<typeof faultSettingsBody>;

export const faultSettingsViewSchema = z
  .object({
    object: z.literal('test_faults'),
    merchantId: z.string(),
    api: apiFaultSettingsSchema.nullable(),
    webhooks: webhookFaultSettingsSchema.nullable(),
  })
  .meta({ id: 'TestFaults' });

/** Which requests a setting's `routes` covers: a method and a path pattern of a declared route. */
export interface RouteMatcher {
  method: string;
  pattern: RegExp;
}

function matcherOf(route: ApiRoute): RouteMatcher {
  const pattern = route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '[^/]+');
  return { method: route.method.toUpperCase(), pattern: new RegExp(`^${pattern}$`) };
}

/**
 * The matchers for `names` (operationIds or "METHOD /path"), or the index of the first name that
 * is no declared route.
 */
export function resolveRoutes(
  names: readonly string[],
  routes: readonly ApiRoute[],
): { matchers: RouteMatcher[] } | { unknownIndex: number } {
  const matchers: RouteMatcher[] = [];
  for (const [index, name] of names.entries()) {
    const route = routes.find(
      (candidate) => candidate.operationId === name || `${candidate.method.toUpperCase()} ${candidate.path}` === name.trim(),
    );
    if (!route) return { unknownIndex: index };
    matchers.push(matcherOf(route));
  }
  return { matchers };
}

export function matchesRoute(matchers: readonly RouteMatcher[], method: string, path: string): boolean {
  const verb = method === 'HEAD' ? 'GET' : method;
  return matchers.some((matcher) => matcher.method === verb && matcher.pattern.test(path));
}
