/**
 * What every portal route needs: the fixtures, the storage port (the portal's records are
 * `tx.portal`), the language of the request, the portal's own address, and a merchant-API client
 * for a merchant. Also the portal's HTML errors, which its router renders as pages (the API's
 * problem+json is for machines).
 *
 * Nothing of the database is kept in memory between requests: several instances may share it.
 * Calls to the gateway go over HTTP, so never inside a unit: read, call, then record.
 */
import type { Request } from 'express';
import type { Fixtures, MerchantFixture } from '../../domain/fixtures-schema.js';
import { baseUrlOf } from '../http/base-url.js';
import { parseLocale } from '../pages/html.js';
import { findMerchant } from './accounts.js';
import type { Store } from '../storage/port.js';
import { GatewayClient, type GatewayPayment } from './gateway-client.js';
import { PORTAL_TEXTS, type Locale } from './i18n.js';
import type { PortalPayment } from './store.js';

export interface DemoPortalDeps {
  /** The server's storage port: the portal's records are `tx.portal` of its units. */
  store: Store;
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
  constructor(readonly deps: DemoPortalDeps) {}

  get store(): Store {
    return this.deps.store;
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

  /**
   * Records what the gateway said about a payment (a unit of its own): the portal's record as it
   * now is, or null for a payment the portal did not make.
   */
  recordView(view: GatewayPayment): Promise<PortalPayment | null> {
    return this.store.transact((tx) => tx.portal.applyGatewayView(view, new Date()));
  }

  /** The portal's record of a payment, or null. */
  findPayment(paymentId: string): Promise<PortalPayment | null> {
    return this.store.read((tx) => tx.portal.findPayment(paymentId));
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
