import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useCheckoutE2E } from './checkout-e2e.js';
import {
  advanceMerchantClock,
  createPayment,
  MERCHANT_KEY,
  openCheckout,
  startMerchantSite,
  type MerchantSite,
} from './checkout-page.js';

/**
 * An open checkout follows the payment without a click (the session's event stream, or a poll
 * where EventSource fails), and draws Bangla with the served Noto Sans Bengali: on the gateway's
 * own page and embedded on another origin (the font linked into the host document once).
 */

const e2e = useCheckoutE2E({ viewport: { width: 360, height: 780 } });

let merchantSite: MerchantSite;
beforeAll(async () => {
  merchantSite = await startMerchantSite();
});
afterAll(async () => {
  await merchantSite?.close();
});

const RESULT_TITLES = {
  en: { expired: 'Time is up', cancelled: 'Payment cancelled' },
  bn: { expired: 'সময় শেষ', cancelled: 'পেমেন্ট বাতিল হয়েছে' },
} as const;

function resultTitle(page: Page, text: string) {
  return page.locator('billpay-checkout').getByRole('heading', { name: text, exact: true });
}

async function cancelThroughApi(baseUrl: string, paymentId: string): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/payments/${paymentId}/cancel`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
}

/** Whether the page has Noto Sans Bengali loaded and ready for Bangla text, after its fonts settled. */
function banglaFontReady(page: Page): Promise<{ loadedFace: boolean; check: boolean }> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    await document.fonts.load('16px "Noto Sans Bengali"', 'বাংলা');
    return {
      // check() is also true when no face of the family is declared at all: a loaded face proves it is ours.
      loadedFace: [...document.fonts].some((face) => face.family.replace(/"/g, '') === 'Noto Sans Bengali' && face.status === 'loaded'),
      check: document.fonts.check('16px "Noto Sans Bengali"', 'বাংলা'),
    };
  });
}

/** The font the widget draws its Bangla timer line with: the computed stack, first family first. */
function timerFontFamily(page: Page): Promise<string> {
  return page.locator('billpay-checkout').getByRole('timer').evaluate((element) => getComputedStyle(element).fontFamily);
}

describe.each(['en', 'bn'] as const)('an open checkout in %s', (locale) => {
  it('shows the expiry of a test-clock advance without a click', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, payment, { locale });
    await advanceMerchantClock(server.baseUrl, 301);
    await resultTitle(page, RESULT_TITLES[locale].expired).waitFor();
  });

  it('embedded on another origin, shows a cancel through the merchant API without a click', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, payment, { locale, merchantSite });
    await cancelThroughApi(server.baseUrl, payment.id);
    await resultTitle(page, RESULT_TITLES[locale].cancelled).waitFor();
  });

  it('polls the session instead where EventSource is missing', async () => {
    const { page, server } = e2e;
    await page.addInitScript(() => {
      delete (window as { EventSource?: unknown }).EventSource;
    });
    const sessionReads: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/v1\/checkout\/pay_[^/]+$/.test(new URL(request.url()).pathname)) sessionReads.push(request.url());
    });
    const payment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, payment, { locale });
    await cancelThroughApi(server.baseUrl, payment.id);
    await resultTitle(page, RESULT_TITLES[locale].cancelled).waitFor();
    expect(sessionReads.length).toBeGreaterThanOrEqual(2); // the load, then the poll that saw the cancel
  });
});

describe('Bangla in Noto Sans Bengali', () => {
  it('on the hosted page: the font loads, and the widget lists it first', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await page.goto(`${server.baseUrl}/checkout/${payment.id}?lang=bn`);
    await page.locator('billpay-checkout').getByRole('timer').waitFor();
    expect(await banglaFontReady(page)).toEqual({ loadedFace: true, check: true });
    expect(await timerFontFamily(page)).toMatch(/^"?Noto Sans Bengali"?,/);
  });

  it('embedded on another origin: the widget links the stylesheet into the host document once, cross-origin', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const fontResponses: Array<{ url: string; allowOrigin: string | null; resourcePolicy: string | null }> = [];
    page.on('response', (response) => {
      if (response.url().includes('/assets/fonts/')) {
        fontResponses.push({
          url: response.url(),
          allowOrigin: response.headers()['access-control-allow-origin'] ?? null,
          resourcePolicy: response.headers()['cross-origin-resource-policy'] ?? null,
        });
      }
    });
    await openCheckout(page, server.baseUrl, payment, { locale: 'bn', merchantSite, embedding: 'shadow' });
    expect(new URL(page.url()).origin).toBe(merchantSite.origin);
    expect(await banglaFontReady(page)).toEqual({ loadedFace: true, check: true });
    expect(await timerFontFamily(page)).toMatch(/^"?Noto Sans Bengali"?,/);

    // A second Bangla widget on the page adds no second link.
    await page.evaluate(async (apiBase) => {
      const second = document.createElement('billpay-checkout');
      second.setAttribute('api-base', apiBase);
      second.setAttribute('locale', 'bn');
      document.body.append(second);
      await second.updateComplete;
    }, server.baseUrl);
    expect(await page.locator('body > billpay-checkout').getByText('এই চেকআউটের জন্য payment-id').count()).toBe(1);
    const links = await page.evaluate(() =>
      [...document.head.querySelectorAll('link[rel="stylesheet"]')].map((link) => (link as HTMLLinkElement).href),
    );
    expect(links).toEqual([`${server.baseUrl}/assets/fonts/noto-sans-bengali.css`]);

    expect(fontResponses.map((response) => new URL(response.url).pathname)).toEqual(
      expect.arrayContaining(['/assets/fonts/noto-sans-bengali.css', '/assets/fonts/noto-sans-bengali-400.ttf']),
    );
    for (const response of fontResponses) {
      expect(response).toMatchObject({ allowOrigin: '*', resourcePolicy: 'cross-origin' });
    }
  });

  it('an English widget adds nothing to the host document', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, payment, { locale: 'en', merchantSite });
    expect(await page.evaluate(() => document.head.querySelectorAll('link').length)).toBe(0);
  });
});
