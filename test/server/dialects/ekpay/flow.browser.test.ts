import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseGateway, payByBkash, type TestInstrument } from '../../demo-portal/checkout-driver.js';
import { startTestServer, type TestServer } from '../../../helpers/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../../helpers/webhook-receiver.js';
import { launchBrowser } from '../../../widget/browser.js';
import { requireFreshWidgetBuild } from '../../../widget/checkout-page.js';
import { dhakaTimestamp, readTransId, type EkpayStatus } from './ekpay-client.js';
import { ekpayClient, journalWhen, newTrnxId, paymentOf } from './harness.js';

/**
 * A DESCO portal's ekPay integration end to end, unchanged but for the base URL and credentials:
 * merchant-api, the customer redirected to the hosted page and paying by bKash in Chromium, the
 * browser landing on the portal's s_uri with transId, the IPN, get-status; and the same payment
 * through the native API and the journal.
 */
let server: TestServer;
let browser: Browser;
let portal: WebhookReceiver;
let ipn: WebhookReceiver;

beforeAll(async () => {
  requireFreshWidgetBuild();
  [server, browser, portal, ipn] = await Promise.all([
    startTestServer({ webhooks: true }),
    launchBrowser(),
    // The portal's return pages (s_uri, f_uri, c_uri), on its own loopback origin.
    startWebhookReceiver({ otherwise: { status: 200, body: 'back at the DESCO portal' } }),
    startWebhookReceiver(),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([server?.close(), portal?.close(), ipn?.close()]);
});

const origin = () => new URL(portal.url).origin;
const redirects = () => ({
  success: `${origin()}/ekpay/success`,
  fail: `${origin()}/ekpay/fail`,
  cancel: `${origin()}/ekpay/cancel`,
});
const customer = { cust_id: '12345678', cust_name: 'Ayesha Rahman', cust_mobo_no: '01711111111', cust_email: 'ayesha@example.com', cust_mail_addr: 'Uttara, Dhaka' };

const NOTO_BENGALI_WEIGHTS = ['400Regular', '600SemiBold', '700Bold'];

/**
 * The pages name Noto Sans Bengali in their font stacks after system-ui, for systems that have it;
 * this Debian machine has no Bangla font at all, and Chromium's fallback through a web font in a
 * mixed Latin + Bangla run leaves boxes. For the screenshots the pages get the font as a machine
 * in Bangladesh has it installed: the page's stylesheet gains @font-face rules for the files of the
 * npm package the PDF slips use, and a Bangla page puts it first in the stack.
 */
async function supplyBanglaFont(page: Page): Promise<void> {
  await page.route(`${server.baseUrl}/__test-fonts__/*`, (route) => {
    const weight = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    const file = createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-sans-bengali/${weight}/NotoSansBengali_${weight}.ttf`);
    return route.fulfill({ contentType: 'font/ttf', body: readFileSync(file) });
  });
  await page.route(`${server.baseUrl}/assets/pages/page.css`, async (route) => {
    const response = await route.fetch();
    const fontFaces = NOTO_BENGALI_WEIGHTS.map(
      (weight) => `@font-face { font-family: "Noto Sans Bengali"; font-weight: ${weight.slice(0, 3)}; src: url(/__test-fonts__/${weight}); }`,
    );
    const stack = '"Noto Sans Bengali", system-ui, sans-serif';
    const banglaFirst = `html[lang="bn"] body { font-family: ${stack}; } html[lang="bn"] billpay-checkout { --billpay-font-family: ${stack}; }`;
    await route.fulfill({ response, body: `${fontFaces.join('\n')}\n${await response.text()}\n${banglaFirst}\n` });
  });
}

/** bKash's approving test wallet (fixtures/test-instruments.json). */
const BKASH_WALLET: TestInstrument = { method: 'bkash', outcome: 'success', walletNumber: '01770618575', otp: '123456', pin: '12121' };

async function openSession(page: Page, lang?: 'bn'): Promise<{ trnxId: string; paymentUrl: string }> {
  const trnxId = newTrnxId();
  const client = ekpayClient(server, undefined, ipn.url);
  const { paymentUrl } = await client.initiatePayment({ trnx_id: trnxId, trnx_amt: '11.00', trnx_currency: 'BDT', ord_id: '062212345678', ord_det: 'DESCO bill June 2022' }, customer, redirects());
  await page.goto(lang ? `${paymentUrl}&lang=${lang}` : paymentUrl);
  await page.locator('billpay-checkout').getByRole('tablist').waitFor();
  return { trnxId, paymentUrl };
}

describe('ekPay drop-in, in Chromium', () => {
  it('merchant-api → hosted page paid by bKash → s_uri?transId= → IPN 1020 → get-status 1020', async () => {
    const page = await browser.newPage();
    const { trnxId } = await openSession(page);
    expect(await page.title()).toBe('Pay DESCO');

    await payByBkash(page, BKASH_WALLET);
    await page.waitForURL((url) => url.pathname === '/ekpay/success');
    expect(readTransId(page.url())).toBe(trnxId);
    expect(new URL(page.url()).searchParams.get('trnx_id')).toBe(trnxId);
    expect(await page.locator('body').textContent()).toContain('back at the DESCO portal');
    await page.close();

    // The IPN, as the portal's endpoint received it.
    const [request] = await ipn.waitForRequests(1, 20_000);
    expect(readTransId(request?.path ?? '')).toBe(trnxId);
    const notified = JSON.parse(request?.rawBody ?? '{}') as EkpayStatus;
    expect(notified).toMatchObject({
      msg_code: '1020',
      msg_det: 'Transaction completed successfully',
      trnx_info: { trnx_amt: '11.00', mer_trnx_id: trnxId, curr: 'BDT', total_pabl_amt: expect.any(String) },
      pi_det_info: { pi_name: 'bKash', pi_type: 'Mobile Banking', pi_number: expect.stringMatching(/^017•+575$/) },
    });
    // The wallet only masked; never the OTP or PIN.
    expect(request?.rawBody).not.toContain('01770618575');
    expect(request?.rawBody).not.toMatch(/"123456"|"12121"/);

    // The portal never trusts the redirect: it asks get-status.
    const client = ekpayClient(server);
    const status = await client.checkStatus(trnxId, dhakaTimestamp().slice(0, 10));
    expect(status.msg_code).toBe('1020');
    expect(await client.orderValidate(trnxId, dhakaTimestamp().slice(0, 10), '11.00')).toBe(true);

    // The same payment in the native API and the journal.
    const payment = await paymentOf(server, trnxId);
    expect(payment).toMatchObject({ status: 'succeeded', purpose: 'order', reference: trnxId, bill: { officeCode: '901' } });
    expect(payment.trackingNumber).toMatch(/^7901\d{15}$/);
    expect(notified.trnx_info?.pi_trnx_id).toBe(payment.gatewayTransactionId);
    const entries = await journalWhen(server, payment.id, (found) =>
      found.some((entry) => entry.type === 'request' && entry.data.path === '/ekpaypg/v1/get-status'),
    );
    const paths = entries.filter((entry) => entry.type === 'request').map((entry) => `${String(entry.data.method)} ${String(entry.data.path)}`);
    expect(paths).toEqual(expect.arrayContaining(['POST /ekpaypg/v1/merchant-api', `POST /api/v1/checkout/${payment.id}/confirm`, 'POST /ekpaypg/v1/get-status']));
    const changes = entries.filter((entry) => entry.type === 'state_change').map((entry) => entry.data.to);
    expect(changes).toEqual(['awaiting_confirmation', 'authorizing', 'authorizing', 'authorizing', 'succeeded']);
    expect(entries.filter((entry) => entry.type === 'webhook_attempt')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ eventType: 'ekpay.ipn', outcome: 'delivered' }) }),
    ]);
  });

  it('sends the browser to c_uri with transId when the customer cancels', async () => {
    const page = await browser.newPage();
    const { trnxId } = await openSession(page);
    const widget = page.locator('billpay-checkout');
    await widget.getByRole('button', { name: 'Cancel', exact: true }).click();
    await widget.getByRole('dialog', { name: 'Cancel payment' }).getByRole('button', { name: 'Yes' }).click();
    await page.waitForURL((url) => url.pathname === '/ekpay/cancel');
    expect(readTransId(page.url())).toBe(trnxId);
    await page.close();
  });

  it('looks right at 360 px and 1366 px, in English and Bangla (screenshots in /tmp)', async () => {
    for (const width of [360, 1366]) {
      for (const lang of ['en', 'bn'] as const) {
        const page = await browser.newPage({ viewport: { width, height: width === 360 ? 780 : 900 } });
        await supplyBanglaFont(page);
        await openSession(page, lang === 'bn' ? 'bn' : undefined);
        await page.locator('billpay-checkout').getByRole('timer').waitFor();
        // Nothing wider than the viewport: a phone never scrolls sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        // Every Bangla face the page may use loaded before the picture is taken.
        await page.evaluate(async () => {
          await Promise.all(['400', '600', '700'].map((weight) => document.fonts.load(`${weight} 16px "Noto Sans Bengali"`, 'ক')));
          await document.fonts.ready;
        });
        await page.screenshot({ path: `/tmp/ekpay-hosted-${width}-${lang}.png`, fullPage: true });
        if (lang === 'en') {
          // The seed's gateway table: CITY's row of an 11.00 bill is 0.17 + 0.00 = 11.17.
          await chooseGateway(page, 'CARDS', 'VISA', 'CITY');
          const cityRow = page.locator('billpay-checkout').getByRole('row').filter({ hasText: 'CITY' });
          expect((await cityRow.innerText()).replace(/\s+/g, ' ')).toContain('11.00 0.17 0.00 11.17');
          await page.screenshot({ path: `/tmp/ekpay-hosted-${width}-${lang}-table.png`, fullPage: true });
        }
        await page.close();
      }
    }
  });
});
