import type { MerchantClocks } from '../clock.js';
import type { CheckoutCatalog } from '../checkout/catalog.js';
import type { TestInstrumentBook } from '../checkout/test-instruments.js';
import { defineRoute, type ApiRoute } from '../http/routes.js';
import type { Journal } from '../journal/journal.js';
import type { LiveEvents } from '../journal/live-events.js';
import type { PaymentService } from '../payments/service.js';
import { sweepInSlices } from '../payments/sweeper.js';
import { refundTestRoutes } from '../refunds/routes.js';
import type { RefundService } from '../refunds/service.js';
import { controlRoutes, type ControlRouteDeps } from './control-routes.js';
import { journalRoutes } from './journal-routes.js';
import { advanceClockBody, clockSchema, testInstrumentListSchema } from './schemas.js';

export interface TestApiDeps extends ControlRouteDeps {
  clocks: MerchantClocks;
  payments: PaymentService;
  refunds: RefundService;
  book: TestInstrumentBook;
  catalog: CheckoutCatalog;
  journal: Journal;
  liveEvents: LiveEvents;
}

const TAG = 'Test controls';
const PROBLEM = { description: 'problem+json' };

/**
 * Integrator controls: the test instruments, the per-merchant test clock, the journal and its
 * live stream, ephemeral merchants, reset, headless completion and faults.
 */
export function testApiRoutes(deps: TestApiDeps): ApiRoute[] {
  const { clocks, payments, refunds, book, catalog, journal, liveEvents } = deps;
  const clockOf = (merchantId: string) => ({
    merchantId,
    now: clocks.merchantNow(merchantId).toISOString(),
    offsetSeconds: clocks.offsetMs(merchantId) / 1000,
  });
  // The listing never changes while the server runs.

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/test-instruments',
      operationId: 'listTestInstruments',
      summary: 'Every test card, wallet and bank login: what to type, and the outcome it gives',
      tag: TAG,
      auth: 'none',
      responses: { 200: { description: 'the instruments', schema: testInstrumentListSchema } },
      // Card expiries are relative to today (cardExpiryAt), so the listing is made per request.
      handle: () => ({ status: 200, body: { object: 'list' as const, data: book.list(catalog, deps.clock.now()) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/test/clock',
      operationId: 'getTestClock',
      summary: "The merchant's test clock",
      tag: TAG,
      auth: 'merchant',
      responses: { 200: { description: 'the clock', schema: clockSchema }, 401: PROBLEM },
      handle: ({ merchant }) => ({ status: 200, body: clockOf(merchant.id) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/test/clock/advance',
      operationId: 'advanceTestClock',
      summary: "Moves the merchant's clock forward and applies every deadline that passes",
      tag: TAG,
      auth: 'merchant',
      body: advanceClockBody,
      responses: { 200: { description: 'the clock after the move', schema: clockSchema }, 401: PROBLEM, 422: PROBLEM },
      handle: async ({ merchant, body }) => {
        clocks.advance(merchant.id, body.seconds * 1000);
        // Apply what lapsed now, so webhooks for it go out without waiting for the next sweep; in
        // slices, so that other requests are answered while a mass expiry runs.
        await sweepInSlices([payments, refunds], [merchant.id]);
        return { status: 200, body: clockOf(merchant.id) };
      },
    }),
    ...journalRoutes(journal, liveEvents),
    ...controlRoutes(deps),
    ...refundTestRoutes(refunds),
  ];
}
