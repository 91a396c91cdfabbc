import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { toBanglaDigits } from '../../domain/digits.js';
import { useCheckoutE2E } from './checkout-e2e.js';
import { expectNoAxeViolations, MERCHANT_KEY, testInstrument } from './checkout-page.js';

/**
 * The checkout as a payment page (issue #12) on the gateway's hosted page, in English and Bangla,
 * on a 360 px phone and a 1366 px screen: method tiles with their logos, one-gateway methods
 * chosen in one click, the total up front, rows that add up with the late payment charge, no
 * sideways scrolling, even tabs, identifiers never broken, and axe clean in every state.
 */

const e2e = useCheckoutE2E({ bypassCSP: true });

const WORDS = {
  en: {
    tab: { cards: 'CARDS', mobile: 'Mobile Banking' },
    visa: 'VISA',
    bkash: 'bKash',
    ebl: 'EBL',
    pay: (total: string) => `Pay ${total} BDT`,
    anyTotal: /^Pay \d+\.\d\d BDT$/,
    total: 'Total payable',
    lateFee: 'Late Payment Charge',
    yes: 'Yes',
    card: 'Card number',
    success: 'Payment successful',
    tracking: 'Tracking No.',
    returnNow: 'Return to DESCO now',
    chooseMethod: 'Choose a payment method first.',
    digits: (text: string) => text,
  },
  bn: {
    tab: { cards: 'কার্ড', mobile: 'মোবাইল ব্যাংকিং' },
    visa: 'ভিসা',
    bkash: 'বিকাশ',
    ebl: 'ইবিএল',
    pay: (total: string) => `${toBanglaDigits(total)} টাকা পরিশোধ করুন`,
    anyTotal: /^[০-৯]+\.[০-৯]{2} টাকা পরিশোধ করুন$/,
    total: 'মোট পরিশোধযোগ্য',
    lateFee: 'বিলম্ব মাশুল',
    yes: 'হ্যাঁ',
    card: 'কার্ড নম্বর',
    success: 'পেমেন্ট সফল হয়েছে',
    tracking: 'ট্র্যাকিং নং',
    returnNow: 'এখনই ফিরে যান: ঢাকা ইলেকট্রিক সাপ্লাই কোম্পানি লিমিটেড (ডেসকো)',
    chooseMethod: 'আগে একটি পেমেন্ট পদ্ধতি বেছে নিন।',
    digits: toBanglaDigits,
  },
} as const;

let serial = 0;

/** An 11.00 DESCO bill past its due date (late payment charge 0.55); its hosted checkout page in `lang`. */
async function lateBillPage(baseUrl: string, lang: 'en' | 'bn'): Promise<{ url: string; reference: string; id: string }> {
  serial += 1;
  const reference = `look-${process.pid}-${serial}-${Date.now()}`;
  const response = await fetch(`${baseUrl}/api/v1/payments`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      purpose: 'postpaid_bill',
      reference,
      amount: '11.00',
      lateFee: '0.55',
      accountNo: '12345678',
      billNo: `${String((serial % 12) + 1).padStart(2, '0')}${60 + serial}12345678`,
      customer: { name: 'Ayesha Rahman' },
      returnUrls: { success: `${baseUrl}/`, cancel: `${baseUrl}/`, fail: `${baseUrl}/` },
    }),
  });
  const payment = (await response.json()) as { id: string; checkoutUrl: string };
  expect(response.status).toBe(201);
  return { url: `${payment.checkoutUrl}?lang=${lang}`, reference, id: payment.id };
}

const widget = (page: Page) => page.locator('billpay-checkout');

/** Nothing on the page is wider than the window. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Lines an element's text takes (a value that never wraps takes one). */
function lineCount(page: Page, selector: string): Promise<number> {
  return widget(page)
    .locator(selector)
    .first()
    .evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    });
}

describe.each([
  { width: 360, height: 780 },
  { width: 1366, height: 900 },
])('the hosted checkout at $width px', (viewport) => {
  describe.each(['en', 'bn'] as const)('in %s', (lang) => {
    const w = WORDS[lang];

    it('shows tiles with logos, the total up front, rows that add up, and pays by card with the amount on the button', async () => {
      const { page, server } = e2e;
      await page.setViewportSize(viewport);
      const visa = await testInstrument(server.baseUrl, 'visa', 'success');
      const bill = await lateBillPage(server.baseUrl, lang);
      await page.goto(bill.url);
      await widget(page).getByRole('tablist').waitFor();
      expect(await lineCount(page, '.summary .wide dd')).toBe(1); // the reference

      // Tabs: one row, even.
      const tabTops = await widget(page).getByRole('tab').evaluateAll((tabs) => tabs.map((tab) => tab.getBoundingClientRect().top));
      expect(new Set(tabTops).size).toBe(1);

      // Nothing chosen yet: Pay Now asks for a method, in words.
      await widget(page).locator('[part="pay-button"]').click();
      await expect.poll(() => widget(page).getByRole('alert').innerText()).toBe(w.chooseMethod);

      // Every method is a tile with a logo that loaded (from the gateway, not inlined).
      const logos = widget(page).locator('[part="method-logo"]');
      expect(await logos.count()).toBe(4);
      await expect
        .poll(() => logos.evaluateAll((images) => images.every((image) => (image as HTMLImageElement).naturalWidth > 0)))
        .toBe(true);
      expect(await logos.first().getAttribute('src')).toBe(`${server.baseUrl}/assets/methods/visa.svg`);
      await expectNoAxeViolations(page, `${lang} ${viewport.width}: methods`);

      // VISA's EBL row adds up on screen: 11.00 + 0.55 late + 0.13 service charge (on 11.55) + 0.00 = 11.68.
      await widget(page).getByRole('radio', { name: w.visa, exact: true }).check();
      const table = widget(page).getByRole('table');
      expect(await table.getByRole('columnheader').allInnerTexts()).toContain(w.lateFee);
      const eblRow = table.getByRole('row').filter({ has: page.getByRole('radio', { name: w.ebl, exact: true }) });
      const cells = (await eblRow.getByRole('cell').allTextContents()).map((text) => text.trim());
      expect(cells).toEqual(['11.00', '0.55', '0.13', '0.00', '11.68'].map(w.digits));
      await table.getByRole('radio', { name: w.ebl, exact: true }).check();

      // The total payable large, and on the button.
      await widget(page).getByRole('button', { name: w.pay('11.68'), exact: true }).waitFor();
      expect(await widget(page).locator('[part="payable"]').innerText()).toMatch(new RegExp(`${w.total}\\s+${w.digits('11.68')}`));
      const eblTotal = eblRow.locator('td.total');
      const box = await eblTotal.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page, `${lang} ${viewport.width}: a row chosen`);

      await widget(page).getByRole('button', { name: w.pay('11.68'), exact: true }).click();
      await widget(page).getByRole('dialog').waitFor();
      await expectNoAxeViolations(page, `${lang} ${viewport.width}: confirmation`);
      await widget(page).getByRole('dialog').getByRole('button', { name: w.yes }).click();

      // The card form: the detected brand's logo and the amount on its button.
      await widget(page).getByLabel(w.card, { exact: true }).fill(visa.number!);
      const payByCard = widget(page).locator('[part="submit-button"]');
      expect((await payByCard.innerText()).trim()).toBe(w.pay('11.68'));
      expect(await payByCard.locator('img').getAttribute('src')).toBe(`${server.baseUrl}/assets/methods/visa.svg`);
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page, `${lang} ${viewport.width}: card form`);
      const form = widget(page).locator('form');
      await form.locator('[name="expiry"]').fill(visa.expiry!);
      await form.locator('[name="cvc"]').fill(visa.cvc!);
      await form.locator('[name="holder"]').fill('Ayesha Rahman');
      await payByCard.click();

      // The result: the slip, identifiers unbroken, the way back to the merchant.
      await widget(page).getByRole('heading', { name: w.success }).waitFor();
      expect(await lineCount(page, '.slip .wide dd')).toBe(1); // the tracking number
      // One way back: the page's countdown notice; the widget's own link would repeat it.
      await page.getByRole('link', { name: w.returnNow, exact: true }).waitFor();
      expect(await widget(page).locator('[part="return-link"]').count()).toBe(1);
      expect(await widget(page).locator('[part="return-link"]').isVisible()).toBe(false);
      await expectNoSidewaysScroll(page);
      await expectNoAxeViolations(page, `${lang} ${viewport.width}: result with slip`);
    });

    it('takes the only gateway of bKash with the tile, and shows a cancel made through the API without a click', async () => {
      const { page, server } = e2e;
      await page.setViewportSize(viewport);
      const bill = await lateBillPage(server.baseUrl, lang);
      await page.goto(bill.url);
      await widget(page).getByRole('tab', { name: w.tab.mobile }).click();
      await widget(page).getByRole('radio', { name: w.bkash, exact: true }).check();
      // One click: the row is chosen and Pay carries its total.
      await expect.poll(() => widget(page).getByRole('table').getByRole('radio').isChecked()).toBe(true);
      await widget(page).getByRole('button', { name: w.anyTotal }).waitFor();

      const cancelled = await fetch(`${server.baseUrl}/api/v1/payments/${bill.id}/cancel`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${MERCHANT_KEY}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      expect(cancelled.status).toBe(200);
      await widget(page).locator('[part~="result-cancelled"]').waitFor();
      await expectNoAxeViolations(page, `${lang} ${viewport.width}: cancelled elsewhere`);
    });
  });
});
