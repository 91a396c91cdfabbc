import { chromium, type Browser } from 'playwright-core';

/**
 * The one way e2e tests start a browser: Debian's Chromium, headless, nothing downloaded and no
 * background traffic. One browser per test file; each test opens its own page.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
