import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { TestInstrumentListing } from '../../server/checkout/test-instruments.js';

/**
 * What the widget's e2e tests share: payments created through the real merchant API, a host page
 * embedding <billpay-checkout> the ways merchants do, the events it dispatched, and axe-core.
 */

export const MERCHANT_KEY = 'sk_test_desco_demo';

/** The English widget's paying button: "Pay Now" until a row is chosen, then "Pay 11.12 BDT". */
export const PAY_BUTTON = /^Pay (Now|[\d,]+\.\d\d BDT)$/;

/** The sources bundled into dist/widget (the widget imports these from domain/). */
const WIDGET_SOURCES = ['widget', 'domain/card-number.ts', 'domain/digits.ts', 'domain/errors.ts', 'server/pages/assets/urls.ts'];
const WIDGET_BUNDLES = ['dist/widget/billpay-checkout.js', 'dist/widget/billpay-checkout.iife.js'];
/** What `import 'billpay-sim/widget'` gets its types from (package.json exports). */
export const WIDGET_DECLARATIONS = 'dist/widget/types/widget/billpay-checkout.d.ts';

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestChange(`${path}/${entry}`)));
}

/**
 * The server serves the built widget, so these tests exercise dist/widget: fail loudly when it
 * (or another output of the widget build) is missing or older than its sources instead of
 * testing yesterday's widget.
 */
export function requireFreshWidgetBuild(outputs: readonly string[] = WIDGET_BUNDLES): void {
  const sourcesChanged = Math.max(...WIDGET_SOURCES.map(newestChange));
  for (const output of outputs) {
    let built = 0;
    try {
      built = statSync(output).mtimeMs;
    } catch {
      // missing: reported below like a stale one
    }
    if (built < sourcesChanged) {
      throw new Error(`${output} is missing or older than widget/: run \`npm run build:widget\` first`);
    }
  }
}

export interface CreatedPayment {
  id: string;
  clientSecret: string;
}

async function merchantApi<T>(baseUrl: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      Authorization: `Bearer ${MERCHANT_KEY}`,
      'Content-Type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

let billCounter = 0;

/**
 * A fresh 11.00 DESCO bill payment. A bill can only be paid (or be in payment) once, so every
 * payment gets its own DESCO bill number (MMYY + the seed's account 12345678).
 */
export async function createPayment(baseUrl: string): Promise<CreatedPayment> {
  billCounter += 1;
  const month = String((billCounter % 12) + 1).padStart(2, '0');
  const year = String(30 + Math.floor(billCounter / 12)).padStart(2, '0');
  const reference = `widget-e2e-${process.pid}-${billCounter}-${Date.now()}`;
  const payment = await merchantApi<{ id: string; clientSecret: string }>(baseUrl, '/api/v1/payments', {
    purpose: 'postpaid_bill',
    reference,
    amount: '11.00',
    accountNo: '12345678',
    billNo: `${month}${year}12345678`,
    customer: { name: 'Ayesha Rahman' },
  });
  return { id: payment.id, clientSecret: payment.clientSecret };
}

/** Moves the demo merchant's test clock forward. */
export async function advanceMerchantClock(baseUrl: string, seconds: number): Promise<void> {
  await merchantApi(baseUrl, '/api/v1/test/clock/advance', { seconds });
}

/** A row of GET /api/v1/test-instruments, as the server declares it. */
export type TestInstrumentRow = TestInstrumentListing;

/** The first listed test instrument of `method` with `outcome`, from GET /api/v1/test-instruments. */
export async function testInstrument(baseUrl: string, method: string, outcome: string): Promise<TestInstrumentRow> {
  const listing = await merchantApi<TestInstrumentRow[] | { data: TestInstrumentRow[] }>(
    baseUrl,
    '/api/v1/test-instruments',
  );
  const rows = Array.isArray(listing) ? listing : listing.data;
  const row = rows.find((candidate) => candidate.method === method && candidate.outcome === outcome);
  if (!row) throw new Error(`no ${method} test instrument with outcome ${outcome}`);
  return row;
}

/**
 * A merchant's web site on its own loopback port: another origin than the gateway. (A page that
 * Playwright fulfils itself has no address, so Chromium's local-network checks would block its
 * calls to 127.0.0.1; a real loopback server is what a merchant's dev server is.)
 */
export interface MerchantSite {
  origin: string;
  /** Serves `html` at `path` from now on. */
  serve(path: string, html: string): void;
  close(): Promise<void>;
}

export async function startMerchantSite(): Promise<MerchantSite> {
  const pages = new Map<string, string>();
  const server = createServer((request, response) => {
    const html = pages.get(request.url ?? '');
    response.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    serve: (path, html) => void pages.set(path, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface HostPageOptions {
  locale?: 'en' | 'bn';
  /**
   * Without a site, the page is on the gateway's origin and loads the ES module, api-base left to
   * its default. With one, the page is on the merchant's origin and loads the classic script with
   * api-base set, so script loading and every API call go cross-origin (CORS).
   */
  merchantSite?: MerchantSite;
  /** `shadow`: the widget lives inside another custom element's open shadow root. */
  embedding?: 'plain' | 'shadow';
  /** CSS placed next to the widget (in the same shadow root when embedded), for theming. */
  theme?: string;
}

function hostPageHtml(baseUrl: string, payment: CreatedPayment, options: HostPageOptions): string {
  const locale = options.locale ?? 'en';
  const crossOrigin = options.merchantSite !== undefined;
  const script = crossOrigin
    ? `<script src="${baseUrl}/widget/billpay-checkout.iife.js"></script>`
    : `<script type="module" src="/widget/billpay-checkout.js"></script>`;
  const attributes = `payment-id="${payment.id}" client-secret="${payment.clientSecret}" locale="${locale}"${
    crossOrigin ? ` api-base="${baseUrl}"` : ''
  }`;
  const themed = `<style>${options.theme ?? ''}</style><billpay-checkout ${attributes}></billpay-checkout>`;
  const widget =
    options.embedding === 'shadow'
      ? `<merchant-shell></merchant-shell>
<template id="merchant-shell-template"><section aria-label="Merchant checkout">${themed}</section></template>
<script>
  // A merchant's own component that renders the checkout inside its shadow root.
  customElements.define('merchant-shell', class extends HTMLElement {
    connectedCallback() {
      const template = document.getElementById('merchant-shell-template');
      this.attachShadow({ mode: 'open' }).append(template.content.cloneNode(true));
    }
  });
</script>`
      : themed;
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Merchant test page</title></head>
<body>
<main>
<h1>Pay your bill</h1>
${widget}
</main>
<script>
  // Every billpay-* event that reaches the document: they bubble and are composed.
  window.billpayEvents = [];
  for (const name of ['billpay-ready', 'billpay-method-select', 'billpay-submit', 'billpay-success',
    'billpay-failure', 'billpay-cancel', 'billpay-expire', 'billpay-error']) {
    document.addEventListener(name, (event) => window.billpayEvents.push({ type: event.type, detail: event.detail }));
  }
</script>
${script}
</body>
</html>`;
}

/**
 * Opens a host page embedding the widget for `payment`: on the merchant's site when given one,
 * otherwise at an address on the gateway's origin that Playwright answers itself. The widget's
 * files and every API call go to the real server.
 */
export async function openCheckout(
  page: Page,
  baseUrl: string,
  payment: CreatedPayment,
  options: HostPageOptions = {},
): Promise<void> {
  const html = hostPageHtml(baseUrl, payment, options);
  let pageUrl: string;
  if (options.merchantSite) {
    pageUrl = `${options.merchantSite.origin}/pay/${payment.id}`;
    options.merchantSite.serve(`/pay/${payment.id}`, html);
  } else {
    pageUrl = `${baseUrl}/__widget-test-page__`;
    await page.unroute(pageUrl); // a test may open several payments in turn
    await page.route(pageUrl, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  }
  await page.goto(pageUrl);
  await page.getByRole('tablist').waitFor();
}

export interface RecordedEvent {
  type: string;
  detail: Record<string, unknown>;
}

export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { billpayEvents: RecordedEvent[] }).billpayEvents);
}

/** The element focused inside however many shadow roots, as "tag#id[part]: text". */
export function focusedElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return 'nothing';
    const name = active.getAttribute('name') ?? active.getAttribute('part') ?? active.id;
    return `${active.tagName.toLowerCase()}[${name}]: ${(active.textContent ?? '').trim().slice(0, 40)}`;
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: Array<{ target: unknown; failureSummary: string }>;
}

/** axe-core (WCAG 2 A and AA rules) over the whole page, shadow roots included; `state` names the screen. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
    return result.violations;
  });
  const summary = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes.map((node) => `  ${JSON.stringify(node.target)} ${node.failureSummary}`).join('\n'),
  );
  expect(summary, `axe violations in state "${state}"`).toEqual([]);
}
