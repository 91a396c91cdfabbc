import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { launchBrowser } from './browser.js';
import { PAY_BUTTON, requireFreshWidgetBuild } from './checkout-page.js';

/**
 * The setup every widget e2e file shares: the built widget checked fresh, one test server and one
 * Chromium for the file, a new page for each test; and the locators the tests speak in. Call it
 * once at the top of a file; `server` and `page` are read inside tests, once the hooks have run.
 */
export interface CheckoutE2E {
  readonly server: TestServer;
  /** The current test's page. */
  readonly page: Page;
  /** The input labelled exactly `label`. */
  field(label: string): Locator;
  /** The button named exactly `name`. */
  button(name: string): Locator;
  /** "Pay Now" / "Pay 11.12 BDT": the selection's and the paying steps' button. */
  payButton(): Locator;
  /** A payment-method radio of the English widget ("VISA", "bKash"). */
  methodRadio(name: string): Locator;
  /** A gateway row's radio in the gateway table ("EBL"). */
  gatewayRadio(name: string): Locator;
}

export interface CheckoutE2EOptions {
  /** The pages' viewport; Playwright's default (1280 × 720) when left out. */
  viewport?: { width: number; height: number };
  /**
   * Let axe-core's inline script in on pages with a strict CSP (the hosted checkout). Only the
   * test's own injected script needs it; the page's CSP is checked by test/server/pages.
   */
  bypassCSP?: boolean;
}

export function useCheckoutE2E(options: CheckoutE2EOptions = {}): CheckoutE2E {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    requireFreshWidgetBuild();
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    page = await browser!.newPage({
      ...(options.viewport ? { viewport: options.viewport } : {}),
      ...(options.bypassCSP ? { bypassCSP: true } : {}),
    });
  });
  afterEach(async () => {
    await page?.close();
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`no ${what} yet: read it inside a test, not at the top of the file`);
    return value;
  };
  const currentPage = () => started(page, 'page');
  return {
    get server() {
      return started(server, 'server');
    },
    get page() {
      return currentPage();
    },
    field: (label) => currentPage().getByLabel(label, { exact: true }),
    button: (name) => currentPage().getByRole('button', { name, exact: true }),
    payButton: () => currentPage().getByRole('button', { name: PAY_BUTTON }),
    methodRadio: (name) =>
      currentPage().getByRole('group', { name: 'Payment method' }).getByRole('radio', { name, exact: true }),
    gatewayRadio: (name) => currentPage().getByRole('table').getByRole('radio', { name, exact: true }),
  };
}
