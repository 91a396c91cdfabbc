import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../server/http/security-headers.js';
import { pageAssetRoutes } from '../../../server/pages/assets/routes.js';
import { hostedCheckoutRoutes } from '../../../server/pages/hosted-checkout.js';
import { launchBrowser } from '../../widget/browser.js';

/**
 * The hosted page's return script in a real browser, under the real CSP. The widget is a stub
 * element (the test dispatches its events); the checkout API answers the session's returnUrl;
 * the "merchant" is the same server reached as localhost, i.e. another origin.
 */
let server: Server;
let browser: Browser;
let gateway: string;
let merchant: string;
const secretsSeen: string[] = [];
const sessionReturnUrls = new Map<string, string | null>();

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders());
  app.use(pageAssetRoutes());
  app.use(
    hostedCheckoutRoutes({
      findCheckout: async (id) => ({ clientSecret: `cs_${id}`, merchantName: 'DESCO' }),
      returnDelayMs: 300,
    }),
  );
  app.get('/widget/billpay-checkout.js', (_req, res) => {
    res.type('text/javascript').send("customElements.define('billpay-checkout', class extends HTMLElement {});");
  });
  app.get('/api/v1/checkout/:id', (req, res) => {
    secretsSeen.push(req.get('Billpay-Client-Secret') ?? '');
    res.json({ id: req.params.id, returnUrl: sessionReturnUrls.get(req.params.id) ?? null });
  });
  app.get('/merchant/return', (req, res) => {
    res.type('html').send(`<!doctype html><title>Merchant</title><p>back at the merchant: ${String(req.query.status)}</p>`);
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  gateway = `http://127.0.0.1:${port}`;
  merchant = `http://localhost:${port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Opens the hosted page and records CSP violations, script errors and failed loads (the favicon aside). */
async function openCheckout(paymentId: string, options: { fakeClock?: boolean } = {}): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  if (options.fakeClock) await page.clock.install();
  const problems: string[] = [];
  page.on('console', (message) => {
    // Failed loads are reported with their address below.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(`${gateway}/checkout/${paymentId}`);
  await page.waitForFunction(() => customElements.get('billpay-checkout') !== undefined);
  // Module scripts run in order: once the widget is defined the return script is listening.
  await page.waitForLoadState('load');
  return { page, problems };
}

function fire(page: Page, name: string, detail: unknown): Promise<void> {
  return page.evaluate(
    ([eventName, eventDetail]) => {
      document
        .querySelector('billpay-checkout')
        ?.dispatchEvent(new CustomEvent(eventName as string, { detail: eventDetail, bubbles: true, composed: true }));
    },
    [name, detail] as const,
  );
}

/**
 * Fires the event and resolves with the return notice as the page shows it. It is read in the
 * page, when it changes: the page leaves for the merchant after the return delay, which must be
 * no deadline for the test (on a slow machine the test's own reads may come after it).
 */
function fireAndReadNotice(page: Page, name: string, detail: unknown): Promise<{ visible: boolean; text: string; href: string | null }> {
  return page.evaluate(
    ([eventName, eventDetail]) => {
      const notice = document.getElementById('return-notice') as HTMLElement;
      const shown = new Promise<{ visible: boolean; text: string; href: string | null }>((resolve) => {
        const observer = new MutationObserver(() => {
          if (notice.hidden) return;
          observer.disconnect();
          const href = document.getElementById('return-link')?.getAttribute('href') ?? null;
          resolve({ visible: notice.checkVisibility(), text: notice.textContent ?? '', href });
        });
        observer.observe(notice, { attributes: true, attributeFilter: ['hidden'] });
      });
      document
        .querySelector('billpay-checkout')
        ?.dispatchEvent(new CustomEvent(eventName as string, { detail: eventDetail, bubbles: true, composed: true }));
      return shown;
    },
    [name, detail] as const,
  );
}

describe('hosted checkout return script (Chromium)', () => {
  it('counts down to DESCO with a link, then goes to the return URL the cancel event carries', async () => {
    const { page, problems } = await openCheckout('pay_CANCEL');
    const returnUrl = `${merchant}/merchant/return?status=cancelled&signature=abc`;
    const notice = await fireAndReadNotice(page, 'billpay-cancel', { paymentId: 'pay_CANCEL', returnUrl });
    expect(notice.visible).toBe(true);
    expect(notice.text).toContain('Returning to DESCO in');
    expect(notice.text).toContain('Return to DESCO now');
    expect(notice.href).toBe(returnUrl);

    await page.waitForURL(returnUrl);
    expect(await page.locator('p').textContent()).toBe('back at the merchant: cancelled');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('after success asks the checkout API (with the client secret) for the return URL', async () => {
    const returnUrl = `${merchant}/merchant/return?status=succeeded`;
    sessionReturnUrls.set('pay_PAID', returnUrl);
    const { page, problems } = await openCheckout('pay_PAID');
    // The success event carries the slip, which has no returnUrl.
    await fire(page, 'billpay-success', { paymentId: 'pay_PAID', trackingNumber: '4305261122124200007' });
    await page.waitForURL(returnUrl);
    expect(secretsSeen).toContain('cs_pay_PAID');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays on a declined attempt and leaves when the payment has failed for good', async () => {
    const returnUrl = `${merchant}/merchant/return?status=failed`;
    sessionReturnUrls.set('pay_FAIL', returnUrl);
    const { page, problems } = await openCheckout('pay_FAIL');
    // Were the declined attempt taken for the end, the page would go to this address (the event's
    // own, taken before the session's), and, already returning, ignore the final failure below.
    const declinedUrl = `${merchant}/merchant/return?status=declined`;
    await fire(page, 'billpay-failure', { paymentId: 'pay_FAIL', error: null, attemptsLeft: 2, final: false, returnUrl: declinedUrl });
    expect(await page.locator('#return-notice').isVisible()).toBe(false);

    await fire(page, 'billpay-failure', { paymentId: 'pay_FAIL', error: null, attemptsLeft: 0, final: true });
    await page.waitForURL(returnUrl);
    expect(await page.locator('p').textContent()).toBe('back at the merchant: failed');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('never follows a return URL that is not http(s), nor leaves when there is none', async () => {
    const { page, problems } = await openCheckout('pay_EVIL');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await fire(page, 'billpay-expire', { paymentId: 'pay_EVIL', returnUrl: 'javascript:alert(document.domain)' });
    await fire(page, 'billpay-cancel', { paymentId: 'pay_EVIL', returnUrl: null });
    expect(await page.locator('#return-notice').isVisible()).toBe(false);
    // Had either been followed, the page would be returning (or gone) and ignore a later end: a
    // later cancel with an http(s) URL is the one it goes to.
    const returnUrl = `${merchant}/merchant/return?status=cancelled`;
    await fire(page, 'billpay-cancel', { paymentId: 'pay_EVIL', returnUrl });
    await page.waitForURL(returnUrl);
    expect(await page.locator('p').textContent()).toBe('back at the merchant: cancelled');
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('stays for good when the customer chooses "Stay on this page", the return link still there', async () => {
    const { page, problems } = await openCheckout('pay_STAY', { fakeClock: true });
    // Paused: the 300 ms countdown must not run out (and leave) before the click, however slow the machine.
    await page.clock.pauseAt(Date.now() + 5_000);
    const returnUrl = `${merchant}/merchant/return?status=cancelled&stay=1`;
    await fire(page, 'billpay-cancel', { paymentId: 'pay_STAY', returnUrl });
    await page.locator('#return-seconds').getByText('1 s').waitFor();
    await page.getByRole('button', { name: 'Stay on this page' }).click();
    await page.getByText('You stay on this page; return whenever you are ready.').waitFor();
    // Well past the countdown on the page's own clock: still here, the link still offered.
    await page.clock.runFor(60_000);
    expect(page.url()).toBe(`${gateway}/checkout/pay_STAY`);
    expect(await page.locator('#return-countdown').isVisible()).toBe(false);
    expect(await page.getByRole('link', { name: 'Return to DESCO now' }).getAttribute('href')).toBe(returnUrl);
    expect(problems).toEqual([]);
    await page.close();
  });
});
