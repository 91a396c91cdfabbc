/**
 * `npx tsx scripts/screenshots.ts`: starts the real server (server/main.ts, on a free port, over a
 * throw-away SQLite file), drives Debian's Chromium through the demo portal, and writes
 *
 *   docs/screenshots/portal-bills.png   the bill list, one bill paid with its Payment Slip
 *   docs/screenshots/checkout.png   the embedded checkout of an 11.00 payment: seed 000's gateway table
 *   docs/screenshots/slip.png       the printable payment slip
 *
 * Needs the widget built (npm run build:widget). Nothing is downloaded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { chooseGateway, payByCard, successInstrument } from '../test/server/demo-portal/checkout-driver.js';
import { launchBrowser } from '../test/widget/browser.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'docs', 'screenshots');
const START_TIMEOUT_MS = 30_000;
const VIEWPORT = { width: 1280, height: 900 };

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

async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(OUT_DIR, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`wrote ${path.relative(ROOT, file)}`);
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
    await page.waitForURL(/\/demo\/payments\/pay_/);
    await page.getByRole('link', { name: 'Payment Slip', exact: true }).click();
    await page.waitForURL(/\/slips\/pay_[^/]+\.html/);
    await page.waitForLoadState('networkidle');
    await shoot(page, 'slip.png');

    await page.goto(`${baseUrl}/demo/desco/accounts/12345678/bills`);
    await shoot(page, 'portal-bills.png');
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
