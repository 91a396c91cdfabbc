/**
 * What every portal route needs: the fixtures, the portal's store, the language of the request,
 * the portal's own address, and a merchant-API client for a merchant. Also the portal's HTML
 * errors, which its router renders as pages (the API's problem+json is for machines).
 */
import type { Database } from 'better-sqlite3';
import type { Request } from 'express';
import type { Fixtures, MerchantFixture } from '../../domain/fixtures-schema.js';
import { baseUrlOf } from '../http/base-url.js';
import { parseLocale } from '../pages/html.js';
import { findMerchant } from './accounts.js';
import { ApplicationStore } from './application-store.js';
import { GatewayClient } from './gateway-client.js';
import { PORTAL_TEXTS, type Locale } from './i18n.js';
import { PortalStore } from './store.js';

export interface DemoPortalDeps {
  db: Database;
  fixtures: Fixtures;
  /**
   * The server's configured public URL (BILLPAY_PUBLIC_URL), if any. The portal calls the gateway
   * there, and hands it out in its webhook and return URLs; unset, it uses the address the
   * request came in on, which is this same server.
   */
  publicUrl?: string | undefined;
  /** Where to call the merchant API when it differs from the public URL (e.g. behind a proxy). */
  gatewayUrl?: string | undefined;
  fetch?: typeof fetch;
}

/** A page the portal renders instead of continuing: 404 for unknown accounts, bills, payments. */
export class PortalPageError extends Error {
  override readonly name = 'PortalPageError';
  constructor(
    readonly status: number,
    readonly title: (lang: Locale) => string,
    readonly text: (lang: Locale) => string,
  ) {
    super(title('en'));
  }
}

export class PortalContext {
  readonly store: PortalStore;
  readonly applications: ApplicationStore;
  /** The last task queued per key (see oneAtATime). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly deps: DemoPortalDeps) {
    this.store = new PortalStore(deps.db);
    this.applications = new ApplicationStore(deps.db);
  }

  get fixtures(): Fixtures {
    return this.deps.fixtures;
  }

  lang(req: Request): Locale {
    return parseLocale(req.query.lang) ?? 'en';
  }

  /** The portal's address as the browser sees it: base of its return URLs. */
  portalBaseUrl(req: Request): string {
    return baseUrlOf(req, this.deps.publicUrl);
  }

  /**
   * A merchant-API client for `merchant`, with the demo merchant's secret key from the fixtures.
   * The test keys are public (the README lists them), so calling the request's own host with
   * them gives nothing away.
   */
  gateway(req: Request, merchant: MerchantFixture): GatewayClient {
    return new GatewayClient(this.deps.gatewayUrl ?? this.portalBaseUrl(req), merchant.secretKey, this.deps.fetch);
  }

  /** Runs `task` after every task queued before it under `key` has settled. */
  oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(key) ?? Promise.resolve()).then(task, task);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  merchant(merchantId: string): MerchantFixture {
    const merchant = findMerchant(this.fixtures, merchantId);
    if (!merchant) throw notFound();
    return merchant;
  }
}

export function notFound(): PortalPageError {
  return new PortalPageError(
    404,
    (lang) => PORTAL_TEXTS[lang].errors.notFoundTitle,
    (lang) => PORTAL_TEXTS[lang].errors.notFound,
  );
}
