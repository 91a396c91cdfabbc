import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PortalStore } from '../../../server/demo-portal/store.js';
import type { TestServer } from '../../helpers/server.js';
import { pdfTextRuns } from '../slips/pdf-text.js';
import { launchBrowser } from '../../widget/browser.js';
import { expectNoAxeViolations } from '../../widget/checkout-page.js';
import { payByBkash, payByCard, successInstrument, type TestInstrument } from './checkout-driver.js';
import { paymentIdOf, payWithTestCard, postForm, startPortalServer } from './portal-server.js';

/**
 * The demo portal in Debian's Chromium against the real server (temp SQLite, manual clock, the
 * webhook dispatcher running): from the account to the slip, embedded and on the gateway's page,
 * a prepaid recharge and a demand note, with the test instruments the gateway lists.
 */

let server: TestServer;
let browser: Browser;
let page: Page;
/** Script errors, CSP violations, failed loads and dialogs: a page that works has none. */
let problems: string[];

let visa: TestInstrument;
let bkash: TestInstrument;

beforeAll(async () => {
  [server, browser] = await Promise.all([startPortalServer({ webhooks: true }), launchBrowser()]);
  [visa, bkash] = await Promise.all([successInstrument(server.baseUrl, 'visa'), successInstrument(server.baseUrl, 'bkash')]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});
beforeEach(async () => {
  page = await browser.newPage({ acceptDownloads: true });
  // Fail on the step that hangs, well inside the test's own timeout.
  page.setDefaultTimeout(10_000);
  problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
});
afterEach(async () => {
  await page.close();
});

const checkout = () => page.locator('billpay-checkout');
const button = (name: string) => page.getByRole('button', { name, exact: true });

/** The portal's result page after the verified return: its tracking number. */
async function resultTrackingNumber(): Promise<string> {
  // The slip stays on the checkout (the portal's or the gateway's) until the customer goes.
  await page.getByRole('link', { name: /^Return to .+ now$/ }).click();
  await page.waitForURL(/\/demo\/payments\/pay_[^/?]+/);
  await page.getByRole('heading', { level: 1, name: 'Payment successful' }).waitFor();
  return (await page.locator('[data-tracking-number]').textContent()) ?? '';
}

/** The bill list row of `billNo`, as its cell texts. */
async function billRow(billNo: string): Promise<string[]> {
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name: billNo, exact: true }) });
  return (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
}

describe('demo portal in Chromium', () => {
  it('pays a postpaid bill embedded ("Next"): account, bill list, bill check, checkout, result, slip', async () => {
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('row', { name: /12345678/ }).getByRole('link', { name: 'Bill Information' }).click();
    await page.getByRole('heading', { name: 'Post Paid All Bill Information' }).waitFor();
    expect(await billRow('062212345678')).toEqual(['3', '6/2022', '062212345678', '2', '11.00', '2023-05-03', 'Bill Copy', 'Unpaid', 'Pay Online']);

    await page.getByRole('row').filter({ hasText: '062212345678' }).getByRole('link', { name: 'Pay Online' }).click();
    await page.getByRole('heading', { name: 'Bill Payment' }).waitFor();
    expect(await page.locator('dl').innerText()).toMatch(/Late Payment Charge\s+0\.55\s+Total Amount\s+11\.55/);
    await button('Next').click();

    await page.waitForURL(/\/demo\/checkout\/pay_/);
    await expect.poll(() => checkout().getByRole('timer').textContent()).toMatch(/Please select a payment method within/);
    await payByCard(page, visa, 'Ayesha Rahman');
    // The slip stays on the portal's page, counting down from at least 10 s, until the customer goes.
    await page.getByText(/^Returning to DESCO in \d+ s$/).waitFor();
    expect(Number(await page.locator('#return-notice').getAttribute('data-return-delay-ms'))).toBeGreaterThanOrEqual(10_000);
    expect(page.url()).toMatch(/\/demo\/checkout\/pay_/);
    const trackingNumber = await resultTrackingNumber();
    expect(trackingNumber).toMatch(/^4901\d{15}$/); // Visa credit; office 901, the S&D division of the account's prefix 12

    await page.getByRole('link', { name: 'Payment Slip', exact: true }).click();
    await page.waitForURL(/\/slips\/pay_[^/]+\.html/);
    expect(await page.locator('body').innerText()).toContain(trackingNumber);

    await page.goto(`${server.baseUrl}/demo/desco/accounts/12345678/bills`);
    expect((await billRow('062212345678')).slice(7)).toEqual(['Paid', 'Payment Slip']);
    expect(problems).toEqual([]);
  });

  it('pays a postpaid bill on the gateway page, downloads the PDF slip and verifies the tracking number', async () => {
    await page.goto(`${server.baseUrl}/demo/wzpdco/accounts/104231245/bills/2610104231245/pay`);
    await button('Pay on the gateway page').click();
    await page.waitForURL(new RegExp(`^${server.baseUrl}/checkout/pay_`));
    await payByCard(page, visa, 'Ayesha Rahman');
    const trackingNumber = await resultTrackingNumber();
    expect(trackingNumber).toMatch(/^4104\d{15}$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Payment Slip (PDF)' }).click()]);
    const pdf = await readFile((await download.path()) ?? '');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfTextRuns(pdf).join(' ')).toContain(trackingNumber);

    await page.getByRole('link', { name: 'Verify the slip' }).click();
    await page.getByText('Genuine: this payment slip was issued by billpay-sim.').waitFor();
    // The portal links the slip's verify address with its token: the full match, and never the payment id.
    await page.getByText('The code from the slip’s QR code matches').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/pay_[0-9a-f]{32}/);
    const madeUp = trackingNumber.slice(0, -3) + (trackingNumber.endsWith('999') ? '998' : '999');
    await page.goto(`${server.baseUrl}/verify/${madeUp}`);
    await page.getByText(`Not issued by billpay-sim: no payment slip has tracking number ${madeUp}.`).waitFor();
    // The made-up number is a 404 by design; nothing else may have failed.
    expect(problems.filter((problem) => !problem.includes(`/verify/${madeUp}`))).toEqual([]);
  });

  it('recharges a prepaid meter typed in Bangla digits, decoded before paying', async () => {
    await page.goto(`${server.baseUrl}/demo/recharge`);
    await page.getByLabel('Meter No.').fill('০৫০৩৫০১৪৩১১৭');
    await button('Check meter').click();
    await page.getByText('Bangladesh Smart Electrical Co. (BSECO)').waitFor();
    expect(await page.locator('.decoded').innerText()).toMatch(/Serial\s+0143117\s+Consumer\s+Shirin Sultana/);
    await page.getByLabel('Recharge Amount (BDT)').fill('৫০০');
    await button('Next').click();

    await page.waitForURL(/\/demo\/checkout\/pay_/);
    // A recharge is no bill: the checkout names its amount for what it is.
    const amountRow = page.locator('billpay-checkout .summary .row', { hasText: 'Recharge Amount' });
    expect(await amountRow.locator('dd').innerText()).toBe('500.00 BDT');
    expect(await page.locator('billpay-checkout .summary').innerText()).not.toContain('Bill Amount');
    await payByBkash(page, bkash);
    const trackingNumber = await resultTrackingNumber();
    expect(trackingNumber).toMatch(/^7104\d{15}$/); // bKash; the office of the meter's account
    expect(problems).toEqual([]);
  });

  it('pays a demand note of meter 2 (tracking number …|2|2) for an applicant whose name is markup, shown as text everywhere', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const created = await postForm(server, '/demo/new-connection', {
      office: 'wzpdco:104',
      applicantName: name,
      mobile: '01711223344',
      phases1: '1',
      load1: '2',
      phases2: '3',
      load2: '5',
    });
    const applicationPath = created.location ?? '';
    // The application fee first, outside the browser: the portal's form, the checkout API, the signed return.
    const fee = await postForm(server, `${applicationPath}/meters/2/application_fee/pay`, { expectedTotal: '600.00', mode: 'embedded', proceed: 'ok' });
    const feePaymentId = paymentIdOf(fee.location);
    const store = new PortalStore(server.deps.db);
    const session = await payWithTestCard(server, feePaymentId, store.findPayment(feePaymentId)?.clientSecret ?? '');
    const returned = new URL(String(session.returnUrl));
    expect((await fetch(returned, { redirect: 'manual' })).status).toBe(303);

    await page.goto(`${server.baseUrl}${applicationPath}`);
    expect(await page.getByText(name, { exact: true }).count()).toBe(1);
    const meter2 = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Meter 2' }) });
    expect(await meter2.innerText()).toMatch(/\|2\|1/);
    await meter2.getByRole('link', { name: 'Pay Online' }).click();
    await page.getByRole('heading', { name: 'Demand Note Payment' }).waitFor();
    expect(await page.locator('dl').innerText()).toContain(name);
    await button('Pay Online').click();
    // Seed 001, step 4: "Proceed to the payment gateway by clicking on OK".
    await page.getByText('Proceed to the payment gateway by clicking on OK.').waitFor();
    await button('OK').click();

    await page.waitForURL(/\/demo\/checkout\/pay_/);
    await checkout().getByText(name, { exact: true }).first().waitFor();
    await payByCard(page, visa, 'Ayesha Rahman');
    const trackingNumber = await resultTrackingNumber();
    expect(trackingNumber).toMatch(/^4104\d{15}\|2\|2$/);

    await page.getByRole('link', { name: 'Payment Slip', exact: true }).click();
    await page.waitForURL(/\/slips\/pay_[^/]+\.html/);
    expect(await page.locator('body').innerText()).toContain(name);
    expect(await page.locator('body').innerText()).toContain(trackingNumber);

    // Nowhere did the name become an element.
    for (const path of [applicationPath, '/demo/new-connection']) {
      await page.goto(`${server.baseUrl}${path}`);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
    expect(problems).toEqual([]);
  });

  it('passes axe (WCAG 2 A and AA) on every kind of portal page', async () => {
    const created = await postForm(server, '/demo/new-connection', { office: 'desco:902', applicantName: 'Axe Tester', mobile: '01511223344', phases1: '1', load1: '1' });
    const fee = await postForm(server, `${created.location}/meters/1/application_fee/pay`, { expectedTotal: '300.00', mode: 'embedded', proceed: 'ok' });
    // axe is injected as an inline script, which the pages' CSP rightly forbids: this page bypasses it.
    const axePage = await browser.newPage({ bypassCSP: true });
    try {
      for (const path of [
        '/',
        '/demo/desco/accounts/12345678/bills?lang=bn',
        '/demo/wzpdco/accounts/201120718/bills/2610201120718/pay',
        '/demo/recharge?meterNo=0503',
        '/demo/new-connection',
        created.location ?? '',
        `/demo/payments/${paymentIdOf(fee.location)}`,
      ]) {
        await axePage.goto(`${server.baseUrl}${path}`);
        await expectNoAxeViolations(axePage, path);
      }
    } finally {
      await axePage.close();
    }
  });
});
