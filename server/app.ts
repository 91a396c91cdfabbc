import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import { cardTypeDigit } from '../domain/card-type.js';
import type { Fixtures } from '../domain/fixtures-schema.js';
import { CheckoutCatalog } from './checkout/catalog.js';
import { LiveSessions } from './checkout/live-sessions.js';
import { checkoutCors, checkoutRoutes } from './checkout/routes.js';
import { CheckoutService } from './checkout/service.js';
import { TestInstrumentBook } from './checkout/test-instruments.js';
import { MerchantClocks, type Clock } from './clock.js';
import type { Config } from './config.js';
import { demoPortalRoutes } from './demo-portal/routes.js';
import { createDialectAdapters } from './dialects/index.js';
import { Dialects } from './dialects/layer.js';
import { apiFaults } from './faults/api-faults.js';
import { FaultSettingsStore } from './faults/settings-store.js';
import { webhookFaults } from './faults/webhook-faults.js';
import type { Store } from './storage/port.js';
import { defaultFixturesDir } from './fixtures/load.js';
import { authenticateMerchant } from './http/auth.js';
import { jsonBody } from './http/body.js';
import { exceptUnder, onlyUnder } from './http/except-under.js';
import { securityHeaders } from './http/security-headers.js';
import { errorHandler, notFoundHandler } from './http/error-handler.js';
import { requestLog } from './http/request-log.js';
import { Journal } from './journal/journal.js';
import { LiveEvents } from './journal/live-events.js';
import { attributeRequest, requestContexts, type RequestContexts } from './http/request-context.js';
import { journalRequests, journalTransitions, journalWebhookAttempts } from './journal/writers.js';
import { mountRoutes, type ApiRoute } from './http/routes.js';
import type { Logger } from './logger.js';
import { buildOpenApiDocument } from './openapi.js';
import { BillDirectory } from './payments/bill-directory.js';
import { MerchantApi } from './payments/merchant-api.js';
import { createPageLookups, type PageLookups } from './payments/page-lookups.js';
import { pageAssetRoutes } from './pages/assets/routes.js';
import { hostedCheckoutRoutes } from './pages/hosted-checkout.js';
import { slipRoutes } from './slips/routes.js';
import { KnownMerchants } from './payments/known-merchants.js';
import type { MerchantSeed } from './payments/merchants.js';
import { paymentRoutes } from './payments/routes.js';
import { PaymentService } from './payments/service.js';
import { toPaymentView, type ViewNames } from './payments/view.js';
import { refundRoutes, refundTestRoutes } from './refunds/routes.js';
import { RefundService } from './refunds/service.js';
import { NO_REFUNDS } from './refunds/view.js';
import { HeadlessCheckout } from './test-api/completion.js';
import { testApiRoutes } from './test-api/routes.js';
import { setupWebhooks, type Webhooks } from './webhooks/setup.js';

export interface AppDeps {
  /** The storage: the embedded SQLite file, or PostgreSQL shared with other instances (storage/open.ts). */
  store: Store;
  clock: Clock;
  fixtures: Fixtures;
  config: Config;
  logger: Logger;
  /** The built widget (default: dist/widget/ of the package); served at /widget/ when it exists. */
  widgetDir?: string;
}

export interface Services {
  store: Store;
  /** The names of the merchants this instance has met (views built outside a unit read them). */
  known: KnownMerchants;
  clocks: MerchantClocks;
  payments: PaymentService;
  merchantApi: MerchantApi;
  checkout: CheckoutService;
  catalog: CheckoutCatalog;
  instruments: TestInstrumentBook;
  names: ViewNames;
  /** Slips, verify and hosted-checkout lookups for the server-rendered pages. */
  pages: PageLookups;
  /** The outbox (fed by payment transitions) and its dispatcher; `start()` once listening. */
  webhooks: Webhooks;
  /** What happened to each merchant (requests, state changes, webhook attempts, faults). */
  journal: Journal;
  /** The journal as server-sent events; `closeAll()` on shutdown. */
  liveEvents: LiveEvents;
  /** Open checkouts' session views as server-sent events; `closeAll()` on shutdown. */
  liveSessions: LiveSessions;
  /** Each request's merchant with its clock offset and faults (by its key, or the payment of a checkout call), read once per request. */
  contexts: RequestContexts;
  /** Each merchant's fault settings (PUT /api/v1/test/faults). */
  faults: FaultSettingsStore;
  /** Every API route, as mounted and as documented in /openapi.json. */
  routes: ApiRoute[];
  /** The drop-in gateway APIs (ekPay, SSLCommerz): their routers and the return URLs and IPNs of their sessions. */
  dialects: Dialects;
  /** Full and partial refunds of succeeded payments (native API and drop-in gateway APIs). */
  refunds: RefundService;
}

const PACKAGE_VERSION = '0.1.0';

function merchantSeeds(fixtures: Fixtures): MerchantSeed[] {
  return fixtures.merchants.map((merchant) => ({
    id: merchant.id,
    name: merchant.name,
    shortName: merchant.shortName,
    utility: merchant.utility,
    billLayout: merchant.billLayout,
    officeCode: merchant.officeCode,
    secretKey: merchant.secretKey,
    webhookSecrets: [merchant.webhookSecret],
  }));
}

/** Builds the services over the store; seeds the fixtures' merchants (every instance alike, so seeding twice changes nothing). */
export async function createServices(deps: AppDeps): Promise<Services> {
  const { store, fixtures, config } = deps;
  const seeds = merchantSeeds(fixtures);
  await store.transact(async (tx) => {
    await tx.merchants.seed(seeds, deps.clock.now());
    for (const merchant of fixtures.merchants) await tx.dialects.storeCredentials(merchant.id, merchant.dialects);
  });
  const known = new KnownMerchants(seeds);

  const clocks = new MerchantClocks(deps.clock);
  const catalog = new CheckoutCatalog(fixtures.checkout, fixtures.gateways);
  const instruments = new TestInstrumentBook(fixtures.testInstruments, fixtures.cardTypes);
  const names: ViewNames = {
    merchantName: (merchantId) => known.name(merchantId),
    methodName: (methodId) => catalog.methodName(methodId),
    gatewayName: (gatewayId) => catalog.gatewayName(gatewayId),
    methodBnName: (methodId) => catalog.methodBnName(methodId),
    gatewayBnName: (gatewayId) => catalog.gatewayBnName(gatewayId),
    merchantBnName: (merchantId) => fixtures.merchants.find((m) => m.id === merchantId)?.bnName ?? names.merchantName(merchantId),
    prepaidTariff: fixtures.settings.prepaidTariff,
  };
  const timing = {
    selectionMs: (config.selectionSeconds ?? fixtures.settings.selectionSeconds) * 1000,
    authorizationMs: fixtures.settings.authorizationSeconds * 1000,
    maxAttempts: fixtures.settings.maxAttempts,
  };
  const payments = new PaymentService({
    store,
    clocks,
    timing,
    // A payment in transition has no refunds: only a succeeded payment has, and succeeded is terminal.
    toView: (payment) => toPaymentView(payment, names, timing.maxAttempts, NO_REFUNDS),
    cardTypeDigit: (instrument) => cardTypeDigit(instrument, fixtures.cardTypes),
  });
  const checkout = new CheckoutService({
    payments,
    catalog,
    book: instruments,
    names,
    settings: { maxTries: fixtures.settings.maxOtpTries, pendingSeconds: fixtures.settings.pendingSeconds },
    clock: deps.clock,
    // Bound below, once the dialects exist (they need the checkout service themselves).
    dialectReturnUrl: (tx, payment) => dialects.returnUrl(tx, payment),
  });
  const journal = new Journal(store, clocks, {
    onError: (error) => deps.logger.error({ err: error }, 'journal: an entry could not be written or streamed'),
  });
  payments.onTransition(journalTransitions(journal));
  const liveEvents = new LiveEvents(journal, {
    onError: (error) => deps.logger.warn({ err: error }, 'live events: a stream could not be read'),
  });
  const liveSessions = new LiveSessions(
    {
      view: (paymentId, clientSecret) => checkout.session(paymentId, clientSecret),
      json: (view) => checkout.viewJson(view),
    },
    // Wakes a session's streams when its merchant's journal moves on any instance (a step taken elsewhere).
    { subscribe: (merchantId, wake) => journal.subscribe(merchantId, wake) },
  );
  payments.onTransition(liveSessions.onTransition);
  // The routes are declared below; the store reads them only when a setting names routes.
  const faults: FaultSettingsStore = new FaultSettingsStore(store, () => routes);
  const webhooks = setupWebhooks({
    store,
    payments,
    clock: deps.clock,
    config,
    logger: deps.logger,
    faults: webhookFaults(journal),
    onAttempt: journalWebhookAttempts(journal),
  });
  const refunds = new RefundService({
    store,
    payments,
    journal,
    outbox: webhooks,
    paymentView: (payment, paymentRefunds) => toPaymentView(payment, names, timing.maxAttempts, paymentRefunds),
    pendingMs: fixtures.settings.pendingSeconds * 1000,
  });
  const merchantApi = new MerchantApi({ payments, bills: new BillDirectory(fixtures.accounts, fixtures.merchants), names, refunds });
  const headless = new HeadlessCheckout({ payments, checkout, merchantApi, book: instruments, catalog });
  const routes: ApiRoute[] = [
    ...paymentRoutes(merchantApi, { publicUrl: config.publicUrl }),
    ...refundRoutes(refunds),
    ...checkoutRoutes(checkout, { liveSessions }),
    ...webhooks.routes,
    ...testApiRoutes({
      store,
      clock: deps.clock,
      clocks,
      payments,
      refunds,
      book: instruments,
      catalog,
      journal,
      liveEvents,
      faults,
      headless,
      utilities: fixtures.reference.utilities.map((utility) => utility.id),
    }),
  ];
  const pages = createPageLookups({ payments, names, refunds });
  const contexts = requestContexts(store);
  const dialectContext = {
    store,
    payments,
    merchantApi,
    catalog,
    names,
    pages,
    faults: { faults, journal, contexts },
    refunds,
    publicUrl: config.publicUrl,
    logger: deps.logger,
  };
  const dialects: Dialects = new Dialects({ payments, outbox: webhooks }, createDialectAdapters(dialectContext));
  return {
    store,
    known,
    clocks,
    payments,
    merchantApi,
    checkout,
    catalog,
    instruments,
    names,
    pages,
    webhooks,
    journal,
    liveEvents,
    liveSessions,
    contexts,
    faults,
    routes,
    dialects,
    refunds,
  };
}

/**
 * Vite names chunks `name-<8+ char hash>.js`. A word like "-checkout" has the shape too, so a
 * hash must also hold a digit or a capital; an all-lowercase hash merely misses the long cache.
 */
function isContentHashed(fileName: string): boolean {
  const hash = /[.-]([A-Za-z0-9_]{8,})\.(?:js|css|map)$/.exec(fileName)?.[1];
  return hash !== undefined && /[0-9A-Z]/.test(hash);
}

/** Long cache for content-hashed file names, revalidation for the rest (the entry point). */
function widgetStatic(dir: string): express.RequestHandler {
  return express.static(dir, {
    index: false,
    setHeaders(res, file) {
      const hashed = isContentHashed(path.basename(file));
      res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('Access-Control-Allow-Origin', '*');
    },
  });
}

/** The Express app, without listening (main.ts listens; tests use it directly). */
export function createApp(deps: AppDeps, services: Services): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Every answer is computed fresh from the payment's state: hashing it for an ETag buys nothing.
  app.set('etag', false);

  app.use(requestLog(deps.logger));
  app.use(journalRequests(services.journal, services.contexts, deps.logger));
  app.use(apiFaults({ faults: services.faults, journal: services.journal, contexts: services.contexts }));
  app.use(securityHeaders());
  app.use('/api/v1/checkout', checkoutCors);
  // The drop-in gateway APIs read their own bodies (JSON, multipart and urlencoded forms); each
  // router sees only the requests under its gateway's paths.
  const dialectPrefixes = services.dialects.adapters.flatMap((dialect) => dialect.pathPrefixes);
  for (const dialect of services.dialects.adapters) app.use(onlyUnder(dialect.pathPrefixes, dialect.router));
  // The portal has no route under /api nor the gateways' paths: those requests skip its routers.
  const portal = demoPortalRoutes({ store: services.store, fixtures: deps.fixtures, publicUrl: deps.config.publicUrl });
  app.use(exceptUnder(['/api', ...dialectPrefixes], portal));
  app.use(jsonBody());

  const api = express.Router();
  mountRoutes(api, services.routes, {
    authenticateMerchant: async (req) => {
      const merchant = authenticateMerchant(req.get('authorization'), await services.contexts.of(req));
      attributeRequest(req, merchant.id);
      services.known.remember(merchant);
      return merchant;
    },
  });
  app.use(api);

  // Built on first request, not at start: converting every schema is a tenth of the start-up time.
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/openapi.json', (_req, res) => {
    openApi ??= buildOpenApiDocument(services.routes, {
      version: PACKAGE_VERSION,
      dialects: services.dialects.adapters.map((dialect) => dialect.openApi()),
    });
    res.json(openApi);
  });

  // The pages: slip HTML/PDF and verify (/slips, /verify), the hosted checkout (/checkout/:id).
  app.use(pageAssetRoutes());
  app.use(slipRoutes(services.pages, { rateLimit: deps.config.verifyRateLimit, logger: deps.logger }));
  app.use(hostedCheckoutRoutes({ findCheckout: (paymentId) => services.pages.findCheckout(paymentId) }));

  const widgetDir = deps.widgetDir ?? path.join(defaultFixturesDir(), '..', 'dist', 'widget');
  if (existsSync(widgetDir)) app.use('/widget', widgetStatic(widgetDir));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
