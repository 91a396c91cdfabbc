/**
 * `npx tsx scripts/screenshots.ts`: starts the real server (server/main.ts, on a free port, over a
 * throw-away SQLite file), drives Debian's Chromium through the demo portal, and writes
 *
 *   docs/screenshots/portal-bills.png   the bill list, one bill paid with its Payment Slip
 *   docs/screenshots/checkout.png   the embedded checkout of an 11.00 payment: seed 000's gateway table
 *   docs/screenshots/checkout-phone.png, checkout-phone-bn.png   the hosted checkout on a 360 px
 *                                   phone, English and Bangla: a bill with a late payment charge
 *   docs/screenshots/slip.png       the printable payment slip
 *
 * With `--review <dir>` it also writes, into <dir>, every screen of the checkout (selection,
 * confirmation, card form, result with slip) on the hosted page and embedded in the portal, at
 * 360 and 1366 px, in English and Bangla: the set to look through before a release.
 *
 * Needs the widget built (npm run build:widget). Nothing is downloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { chooseGateway, payByCard, successInstrument, type TestInstrument } from '../test/server/demo-portal/checkout-driver.js';
import { launchBrowser } from '../test/widget/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'docs', 'screenshots');
const START_TIMEOUT_MS = 30_000;
const VIEWPORT = { width: 1366, height: 900 };
const PHONE = { width: 360, height: 800 };
const DESCO_KEY = 'sk_test_desco_demo';

/** Starts server/main.ts and resolves with its base URL once it says it is listening. */
function startServer(dbFile: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', BILLPAY_DB: dbFile, LOG_LEVEL: 'warn', BILLPAY_PUBLIC_URL: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start in time')), START_TIMEOUT_MS);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1] });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with code ${code} before listening`));
    });
  });
}

/** SIGTERM (the server closes its database on it), and wait until it has exited. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

async function shoot(page: Page, name: string, dir = OUT_DIR): Promise<void> {
  const file = path.join(dir, name);
  // Web fonts (the Bangla one) and the method logos are in before the picture is taken.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, file)}`);
}

let billSerial = 0;

/** A DESCO bill of 11.00 past its due date (late payment charge 0.55), through the merchant API; its hosted page. */
async function latePayment(baseUrl: string): Promise<string> {
  billSerial += 1;
  const response = await fetch(`${baseUrl}/api/v1/payments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${DESCO_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      purpose: 'postpaid_bill',
      reference: `screenshot-${Date.now()}-${billSerial}`,
      amount: '11.00',
      lateFee: '0.55',
      accountNo: '12345678',
      billNo: `${String(billSerial).padStart(2, '0')}4112345678`,
      customer: { name: 'Ayesha Rahman' },
      returnUrls: { success: `${baseUrl}/`, fail: `${baseUrl}/`, cancel: `${baseUrl}/` },
    }),
  });
  const payment = (await response.json()) as { checkoutUrl?: string };
  if (!response.ok || !payment.checkoutUrl) throw new Error(`create answered ${response.status}: ${JSON.stringify(payment)}`);
  return new URL(payment.checkoutUrl, baseUrl).href;
}

/** What the review drives the widget by, in each language. */
const WORDS = {
  en: { tab: 'CARDS', method: 'VISA', gateway: 'EBL', pay: /^Pay /, yes: 'Yes', card: 'Card number', expiry: 'Expiry date (MM/YY)', cvc: 'CVV', holder: 'Name on card' },
  bn: { tab: 'কার্ড', method: 'ভিসা', gateway: 'ইবিএল', pay: /পরিশোধ করুন$/, yes: 'হ্যাঁ', card: 'কার্ড নম্বর', expiry: 'মেয়াদ শেষের তারিখ (মাস/বছর)', cvc: 'সিভিভি', holder: 'কার্ডে লেখা নাম' },
} as const;

/** Selection, confirmation, card form and result of one checkout, each as `<prefix>-<state>.png`. */
async function shootStates(page: Page, prefix: string, lang: 'en' | 'bn', visa: TestInstrument, dir: string): Promise<void> {
  const w = WORDS[lang];
  const widget = page.locator('billpay-checkout');
  await widget.getByRole('tab', { name: w.tab }).click();
  await widget.getByRole('radio', { name: w.method, exact: true }).check();
  await widget.getByRole('table').getByRole('radio', { name: w.gateway, exact: true }).check();
  await widget.getByRole('button', { name: w.pay }).waitFor();
  await shoot(page, `${prefix}-1-selection.png`, dir);
  await widget.getByRole('button', { name: w.pay }).click();
  await widget.getByRole('dialog').waitFor();
  await shoot(page, `${prefix}-2-confirm.png`, dir);
  await widget.getByRole('dialog').getByRole('button', { name: w.yes }).click();
  await widget.getByLabel(w.card, { exact: true }).fill(visa.number ?? '');
  await widget.getByLabel(w.expiry, { exact: true }).fill(visa.expiry ?? '');
  await widget.getByLabel(w.cvc, { exact: true }).fill(visa.cvc ?? '');
  await widget.getByLabel(w.holder, { exact: true }).fill('Ayesha Rahman');
  await shoot(page, `${prefix}-3-card.png`, dir);
  await widget.getByRole('button', { name: w.pay }).click();
  await widget.locator('[part="slip"]').waitFor();
  await shoot(page, `${prefix}-4-result.png`, dir);
}

/** Every screen, both surfaces, both widths, both languages. */
async function review(browser: Browser, baseUrl: string, visa: TestInstrument, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const viewport of [PHONE, VIEWPORT]) {
    for (const lang of ['en', 'bn'] as const) {
      const page = await browser.newPage({ viewport });
      page.setDefaultTimeout(15_000);
      await page.goto(`${await latePayment(baseUrl)}?lang=${lang}`);
      await shootStates(page, `hosted-${viewport.width}-${lang}`, lang, visa, dir);
      await page.goto(`${baseUrl}/demo/recharge?meterNo=060151234567&lang=${lang}`);
      await page.locator('input[name="amount"]').fill('11.00');
      await page.getByRole('button', { name: lang === 'en' ? 'Next' : 'পরবর্তী', exact: true }).click();
      await page.waitForURL(/\/demo\/checkout\/pay_/);
      await shootStates(page, `embedded-${viewport.width}-${lang}`, lang, visa, dir);
      await page.close();
    }
  }
}

async function main(): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  const tempDir = mkdtempSync(path.join(os.tmpdir(), 'billpay-screenshots-'));
  const { child, baseUrl } = await startServer(path.join(tempDir, 'billpay.sqlite'));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(15_000);
    const visa = await successInstrument(baseUrl, 'visa');

    // The checkout as seed 000 shows it: an 11.00 payment without late charge (a DESCO meter recharge).
    await page.goto(`${baseUrl}/demo/recharge?meterNo=060151234567`);
    await page.getByLabel('Recharge Amount (BDT)').fill('11.00');
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.waitForURL(/\/demo\/checkout\/pay_/);
    await chooseGateway(page, 'CARDS', 'VISA', 'EBL');
    await shoot(page, 'checkout.png');

    // The seed's DESCO account: pay its May 2022 bill through the embedded checkout.
    await page.goto(`${baseUrl}/demo/desco/accounts/12345678/bills/052212345678/pay`);
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.waitForURL(/\/demo\/checkout\/pay_/);
    await payByCard(page, visa, 'Ayesha Rahman');
    await page.getByRole('link', { name: 'Return to DESCO now' }).click();
    await page.waitForURL(/\/demo\/payments\/pay_/);
    await page.getByRole('link', { name: 'Payment Slip', exact: true }).click();
    await page.waitForURL(/\/slips\/pay_[^/]+\.html/);
    await page.waitForLoadState('networkidle');
    await shoot(page, 'slip.png');

    await page.goto(`${baseUrl}/demo/desco/accounts/12345678/bills`);
    await shoot(page, 'portal-bills.png');

    // The hosted checkout on a phone, a bill with a late payment charge, in each language.
    for (const lang of ['en', 'bn'] as const) {
      const phone = await browser.newPage({ viewport: PHONE });
      phone.setDefaultTimeout(15_000);
      await phone.goto(`${await latePayment(baseUrl)}?lang=${lang}`);
      const w = WORDS[lang];
      const widget = phone.locator('billpay-checkout');
      await widget.getByRole('radio', { name: w.method, exact: true }).check();
      await widget.getByRole('table').getByRole('radio', { name: w.gateway, exact: true }).check();
      await widget.getByRole('button', { name: w.pay }).waitFor();
      await shoot(phone, lang === 'en' ? 'checkout-phone.png' : 'checkout-phone-bn.png');
      await phone.close();
    }

    const reviewAt = process.argv.indexOf('--review');
    if (reviewAt >= 0) await review(browser, baseUrl, visa, path.resolve(process.argv[reviewAt + 1] ?? 'screenshots-review'));
  } finally {
    await browser.close();
    await stopServer(child);
    rmSync(tempDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
