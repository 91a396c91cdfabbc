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
import type { Tx } from '../storage/port.js';
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

/** The merchant's test clock as GET /api/v1/test/clock answers it, from the offset stored now. */
async function clockOf(tx: Tx, clocks: MerchantClocks, merchantId: string) {
  const offsetMs = await tx.clocks.offsetMs(merchantId);
  return { merchantId, now: clocks.withOffset(offsetMs).toISOString(), offsetSeconds: offsetMs / 1000 };
}

const TAG = 'Test controls';
const PROBLEM = { description: 'problem+json' };

/**
 * Integrator controls: the test instruments, the per-merchant test clock, the journal and its
 * live stream, ephemeral merchants, reset, headless completion and faults.
 */
export function testApiRoutes(deps: TestApiDeps): ApiRoute[] {
  const { store, clocks, payments, refunds, book, catalog, journal, liveEvents } = deps;

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
      handle: async ({ merchant }) => ({ status: 200, body: await store.read((tx) => clockOf(tx, clocks, merchant.id)) }),
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
        await store.transact((tx) => clocks.advance(tx, merchant.id, body.seconds * 1000));
        // Apply what lapsed now, so webhooks for it go out without waiting for the next sweep; in
        // slices (a unit each), so that other requests are answered while a mass expiry runs.
        await sweepInSlices([payments, refunds], [merchant.id]);
        return { status: 200, body: await store.read((tx) => clockOf(tx, clocks, merchant.id)) };
      },
    }),
    ...journalRoutes(journal, liveEvents),
    ...controlRoutes(deps),
    ...refundTestRoutes(refunds),
  ];
}
