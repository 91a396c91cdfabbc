import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DESCO_KEY } from '../../../helpers/api.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../../../helpers/webhook-receiver.js';
import { launchBrowser } from '../../../widget/browser.js';
import { PAY_BUTTON, requireFreshWidgetBuild } from '../../../widget/checkout-page.js';
import { DESCO_STORE, formFields, initData, phpHashVerify, sslcommerzClient, type SslcommerzClient } from './sslcommerz-helpers.js';

/**
 * An integration written for SSLCommerz, run unchanged against the simulator: sslcommerz-lts
 * (URL fields and credentials changed, nothing else) creates the session, Debian's Chromium pays
 * on the GatewayPageURL, the browser form-POSTs the signed result to the merchant's success_url
 * (or fail_url, cancel_url), the IPN arrives, and the merchant validates, then refunds.
 */
let server: TestServer;
let merchant: WebhookReceiver;
let browser: Browser;
let page: Page;
let client: SslcommerzClient;
/** CSP violations and script errors on our pages. */
let problems: string[];
const WAIT_MS = 60_000;

beforeAll(async () => {
  requireFreshWidgetBuild();
  [server, merchant, browser] = await Promise.all([
    startTestServer({ webhooks: true }),
    // The merchant's site: its success/fail/cancel pages and its IPN listener, on another origin.
    startWebhookReceiver({ otherwise: { status: 200, body: 'merchant received the result' } }),
    launchBrowser(),
  ]);
  client = sslcommerzClient(server.baseUrl);
});
afterAll(async () => {
  await browser?.close();
  await merchant?.close();
  await server?.close();
});
beforeEach(async () => {
  page = await browser.newPage();
  problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
});
afterEach(async () => {
  await page?.close();
});

const site = () => merchant.url.replace('/webhooks', '');
const urls = () => ({ success: `${site()}/success`, fail: `${site()}/fail`, cancel: `${site()}/cancel`, ipn: `${site()}/ipn` });

/** The requests of one transaction at one merchant path, once `count` have arrived. */
async function received(path: string, tranId: string, count = 1): Promise<ReceivedRequest[]> {
  const mine = () => merchant.requests.filter((r) => r.path === path && formFields(r.rawBody).tran_id === tranId);
  await expect.poll(() => mine().length, { timeout: WAIT_MS }).toBeGreaterThanOrEqual(count);
  return mine();
}

const button = (name: string) => page.getByRole('button', { name, exact: true });
const field = (label: string) => page.getByLabel(label, { exact: true });

async function chooseAndConfirm(method: string, gateway: string): Promise<void> {
  await page.getByRole('tab', { name: 'CARDS' }).click();
  await page.getByRole('group', { name: 'Payment method' }).getByRole('radio', { name: method, exact: true }).check();
  const row = page.getByRole('table').getByRole('radio', { name: gateway, exact: true });
  await row.check();
  await expect.poll(() => row.isChecked()).toBe(true);
  await page.getByRole('button', { name: PAY_BUTTON }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm payment' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Yes' }).click();
}

async function payByCard(number: string, cvc: string): Promise<void> {
  await field('Card number').fill(number);
  await field('Expiry date (MM/YY)').fill('12/30');
  await field('CVV').fill(cvc);
  await field('Name on card').fill('Customer Name');
  await page.getByRole('button', { name: PAY_BUTTON }).click();
}

async function startSession(): Promise<{ tranId: string; gatewayPage: string }> {
  const data = initData(urls());
  const answer = await client.init(data);
  expect(answer.status).toBe('SUCCESS');
  await page.goto(String(answer.GatewayPageURL));
  await page.getByRole('tablist').waitFor();
  return { tranId: data.tran_id, gatewayPage: String(answer.GatewayPageURL) };
}

describe('sslcommerz-lts against the simulator, paid in Chromium', () => {
  it('init → card payment → POST to success_url with a valid verify_sign → IPN → VALID, VALIDATED → refund → refund query', async () => {
    const { tranId } = await startSession();
    await chooseAndConfirm('VISA', 'EBL');
    // SSLCommerz's sandbox card as its docs print it (CVV 111).
    await payByCard('4111111111111111', '111');

    await page.waitForURL(`${site()}/success`, { timeout: WAIT_MS });
    expect(await page.textContent('body')).toContain('merchant received the result');
    const [back] = await received('/success', tranId);
    expect(back!.method).toBe('POST');
    expect(back!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    // A cross-site POST from our page, as the real gateway's.
    expect(back!.headers.origin).toBe(server.baseUrl);
    const posted = formFields(back!.rawBody);
    expect(posted).toMatchObject({ status: 'VALID', tran_id: tranId, amount: '100.00', card_brand: 'VISA', card_no: 'XXXXXXXXXXXX1111' });
    expect(phpHashVerify(posted, DESCO_STORE.password)).toBe(true);

    const [ipn] = await received('/ipn', tranId);
    const ipnFields = formFields(ipn!.rawBody);
    expect(ipnFields).toMatchObject({ status: 'VALID', val_id: posted.val_id, bank_tran_id: posted.bank_tran_id });
    expect(phpHashVerify(ipnFields, DESCO_STORE.password)).toBe(true);

    expect(await client.validate({ val_id: posted.val_id! })).toMatchObject({ status: 'VALID', tran_id: tranId, amount: '100.00' });
    expect(await client.validate({ val_id: posted.val_id! })).toMatchObject({ status: 'VALIDATED' });

    // Refund part of it, then ask how it went.
    const refund = await client.initiateRefund({
      refund_amount: '25.00',
      refund_remarks: 'returned',
      bank_tran_id: posted.bank_tran_id!,
      refe_id: `R-${tranId}`,
    });
    expect(refund).toMatchObject({ APIConnect: 'DONE', status: 'success', trans_id: tranId, refund_ref_id: expect.stringMatching(/^rfd_/) });
    expect(await client.refundQuery({ refund_ref_id: String(refund.refund_ref_id) })).toMatchObject({
      APIConnect: 'DONE',
      status: 'refunded',
      bank_tran_id: posted.bank_tran_id,
    });

    // The same payment through the native API.
    const native = await fetch(`${server.baseUrl}/api/v1/payments?reference=${tranId}`, {
      headers: { Authorization: `Bearer ${DESCO_KEY}` },
    });
    const [payment] = ((await native.json()) as { data: Array<Record<string, unknown>> }).data;
    expect(payment).toMatchObject({ status: 'succeeded', purpose: 'order', instrument: 'VISA •••• 1111' });
    expect(problems).toEqual([]);
  });

  it('a card declined until the attempts run out lands on fail_url with status FAILED', async () => {
    const { tranId } = await startSession();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await chooseAndConfirm('VISA', 'CITY');
      await payByCard('4000000000000002', '123');
      if (attempt < 3) await expect.poll(() => page.locator('billpay-checkout').getByRole('alert').innerText()).toContain('declined');
    }
    await page.waitForURL(`${site()}/fail`, { timeout: WAIT_MS });
    const [back] = await received('/fail', tranId);
    const posted = formFields(back!.rawBody);
    expect(posted).toMatchObject({ status: 'FAILED', tran_id: tranId, val_id: '' });
    expect(phpHashVerify(posted, DESCO_STORE.password)).toBe(true);
    const [ipn] = await received('/ipn', tranId);
    expect(formFields(ipn!.rawBody).status).toBe('FAILED');
    expect(problems).toEqual([]);
  });

  it('Cancel and Yes lands on cancel_url with status CANCELLED', async () => {
    const { tranId } = await startSession();
    await button('Cancel').click();
    await page.getByRole('dialog', { name: 'Cancel payment' }).getByRole('button', { name: 'Yes' }).click();
    await page.waitForURL(`${site()}/cancel`, { timeout: WAIT_MS });
    const [back] = await received('/cancel', tranId);
    const posted = formFields(back!.rawBody);
    expect(posted).toMatchObject({ status: 'CANCELLED', tran_id: tranId });
    expect(phpHashVerify(posted, DESCO_STORE.password)).toBe(true);
    expect(formFields((await received('/ipn', tranId))[0]!.rawBody).status).toBe('CANCELLED');
    expect(problems).toEqual([]);
  });

  it('the return page refuses a link with a wrong signature', async () => {
    const response = await page.goto(`${server.baseUrl}/gwprocess/v4/return/pay_nope?sig=abc`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent('h1')).toBe('Return link not valid');
  });
});
