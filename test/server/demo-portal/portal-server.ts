import { expect } from 'vitest';
import type { PortalPayment, ReceivedWebhookEvent } from '../../../server/demo-portal/store.js';
import { successInstrument } from './checkout-driver.js';
import { startTestServer, type TestServer, type TestServerOptions } from '../../helpers/server.js';

/**
 * What the demo portal's tests share: the real server on loopback with the portal's tables, the
 * merchant API as the portal's merchants, the checkout API as a customer paying with a test card,
 * and just enough HTML reading to compare a page's tables and fields.
 */

export const MERCHANT_KEYS = { desco: 'sk_test_desco_demo', wzpdco: 'sk_test_wzpdco_demo' } as const;
export const WEBHOOK_SECRETS = { desco: 'whsec_desco_demo', wzpdco: 'whsec_wzpdco_demo' } as const;
export type DemoMerchant = keyof typeof MERCHANT_KEYS;

/** The test server; its schema includes the portal's own tables. */
export async function startPortalServer(options: TestServerOptions = {}): Promise<TestServer> {
  return startTestServer(options);
}

/** What the portal keeps, read as the portal reads it: through the server's store (tx.portal). */
export interface PortalRecords {
  findPayment(paymentId: string): Promise<PortalPayment | null>;
  webhookEvents(paymentId: string): Promise<ReceivedWebhookEvent[]>;
}

export function portalRecords(server: TestServer): PortalRecords {
  const { store } = server.services.payments;
  return {
    findPayment: (paymentId) => store.read((tx) => tx.portal.findPayment(paymentId)),
    webhookEvents: (paymentId) => store.read((tx) => tx.portal.webhookEvents(paymentId)),
  };
}

export interface Page {
  status: number;
  html: string;
  location: string | null;
}

export async function getPage(server: TestServer, path: string): Promise<Page> {
  const response = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

/** Posts a form as a browser does (urlencoded), without following the redirect. */
export async function postForm(server: TestServer, path: string, fields: Record<string, string>): Promise<Page> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
}

export async function merchantApi<T = Record<string, unknown>>(
  server: TestServer,
  merchant: DemoMerchant,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${MERCHANT_KEYS[merchant]}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as T;
  expect(response.ok, `${method} ${path}: ${JSON.stringify(json)}`).toBe(true);
  return json;
}

/** Pays an awaiting payment as the widget would: VISA through EBL with the success test card. */
export async function payWithTestCard(server: TestServer, paymentId: string, clientSecret: string): Promise<Record<string, unknown>> {
  const card = await successInstrument(server.baseUrl, 'visa');
  const step = async (action: string, body: unknown) => {
    const response = await fetch(`${server.baseUrl}/api/v1/checkout/${paymentId}/${action}`, {
      method: 'POST',
      headers: { 'Billpay-Client-Secret': clientSecret, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    expect(response.ok, `${action}: ${JSON.stringify(json)}`).toBe(true);
    return json;
  };
  await step('select', { method: 'visa', gateway: 'EBL' });
  await step('confirm', {});
  return step('authorize', { card: { number: card.number, expiry: card.expiry, cvc: card.cvc, holder: 'Ayesha Rahman' } });
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' };

/** The text of a piece of HTML: tags dropped, the common entities decoded, whitespace collapsed. */
export function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The body rows of the first table whose opening tag contains `marker`, as cell texts. */
export function tableRows(markup: string, marker: string): string[][] {
  const start = markup.indexOf(marker);
  if (start === -1) throw new Error(`no table with ${marker}`);
  const table = markup.slice(start, markup.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([^]*?)<\/tr>/g)].map(([, row]) =>
    [...(row ?? '').matchAll(/<t[dh][^>]*>([^]*?)<\/t[dh]>/g)].map(([, cell]) => textOf(cell ?? '')),
  );
}

/** The label → value pairs of every `<dl class="fields">` on the page. */
export function fieldsOf(markup: string): Record<string, string> {
  const pairs = [...markup.matchAll(/<dt>([^]*?)<\/dt><dd>([^]*?)<\/dd>/g)];
  return Object.fromEntries(pairs.map(([, label, value]) => [textOf(label ?? ''), textOf(value ?? '')]));
}

/** The payment id of the portal's embedded checkout page at `location` (`/demo/checkout/:id`). */
export function paymentIdOf(location: string | null): string {
  const id = /\/(?:demo\/checkout|checkout)\/([^/?]+)/.exec(location ?? '')?.[1];
  if (!id) throw new Error(`not a checkout address: ${location}`);
  return id;
}
