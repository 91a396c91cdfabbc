import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBanglaDigits } from '../../domain/digits.js';
import { useCheckoutE2E } from './checkout-e2e.js';
import {
  createPayment,
  expectNoAxeViolations,
  openCheckout,
  recordedEvents,
  startMerchantSite,
  testInstrument,
  type MerchantSite,
} from './checkout-page.js';

/** The widget in Bangla, and inside a merchant component's shadow root on another origin. */

const e2e = useCheckoutE2E();
const { button, field, gatewayRadio, methodRadio, payButton } = e2e;
let merchantSite: MerchantSite;

beforeAll(async () => {
  merchantSite = await startMerchantSite();
});
afterAll(async () => {
  await merchantSite?.close();
});

describe('<billpay-checkout> embedded', () => {
  it('speaks Bangla with Bangla digits, and reads a card typed in Bangla digits', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const visa = await testInstrument(server.baseUrl, 'visa', 'success');
    await openCheckout(page, server.baseUrl, payment, { locale: 'bn' });

    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/অনুগ্রহ করে [৪৫] মিনিট : [০-৯]{2} সেকেন্ডের মধ্যে পেমেন্ট পদ্ধতি বেছে নিন/);
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['কার্ড', 'মোবাইল ব্যাংকিং', 'ইন্টারনেট ব্যাংকিং', 'ওয়ালেট']);
    // Method and gateway names and the discount note come from the server in both languages.
    await page.getByRole('group', { name: 'পেমেন্ট পদ্ধতি' }).getByRole('radio', { name: 'ভিসা' }).check();
    const firstRow = await page.getByRole('table').getByRole('row').nth(1).innerText();
    expect(firstRow.split(/\s+/).filter(Boolean)).toEqual(['ইবিএল', '১১.০০', '০.১২', '০.০০', '১১.১২']);
    expect(await page.locator('billpay-checkout').locator('[part="note"]').innerText()).toContain('ডিসকাউন্ট শুধুমাত্র একপে চার্জে');
    await expectNoAxeViolations(page, 'bn method choice');

    await gatewayRadio('ইবিএল').check();
    await button('১১.১২ টাকা পরিশোধ করুন').click();
    await page.getByRole('dialog').getByRole('button', { name: 'হ্যাঁ' }).click();
    await field('কার্ড নম্বর').fill(toBanglaDigits(visa.number!));
    await page.getByText('কার্ডের ধরন: VISA').waitFor();
    await field('মেয়াদ শেষের তারিখ (মাস/বছর)').fill(toBanglaDigits(visa.expiry!));
    await field('সিভিভি').fill(toBanglaDigits(visa.cvc!));
    await field('কার্ডে লেখা নাম').fill('আয়েশা রহমান');
    await button('১১.১২ টাকা পরিশোধ করুন').click();

    await page.getByRole('heading', { name: 'পেমেন্ট সফল হয়েছে' }).waitFor();
    const success = (await recordedEvents(page)).find((event) => event.type === 'billpay-success');
    const trackingNumber = (success?.detail as { trackingNumber: string }).trackingNumber;
    const slip = await page.locator('billpay-checkout').locator('[part="slip"]').innerText();
    expect(slip).toContain(toBanglaDigits(trackingNumber));
    expect(slip).toContain('১১.১২ টাকা');
    expect(slip).toContain('ভিসা');
    expect(slip).toContain('ইবিএল');
    expect(slip).not.toMatch(/11\.12/);
    await expectNoAxeViolations(page, 'bn slip');
  });

  it('works inside another component’s shadow root on a merchant origin, themed by ::part and --billpay-*', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const nexus = await testInstrument(server.baseUrl, 'nexus', 'success');
    await openCheckout(page, server.baseUrl, payment, {
      merchantSite,
      embedding: 'shadow',
      theme: `billpay-checkout { --billpay-color-primary: rgb(120, 0, 60); }
        billpay-checkout::part(pay-button) { background: rgb(10, 20, 30); }`,
    });
    expect(new URL(page.url()).origin).not.toBe(server.baseUrl); // script and API calls are cross-origin

    const activeTabBorder = await page
      .getByRole('tab', { name: 'CARDS' })
      .evaluate((tab) => getComputedStyle(tab).borderBottomColor);
    expect(activeTabBorder).toBe('rgb(120, 0, 60)');
    expect(await payButton().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(10, 20, 30)');

    await methodRadio('DBBL Nexus').check();
    await gatewayRadio('DBBL').check();
    await payButton().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await field('Card number').fill(nexus.number!);
    await page.getByText('Card type: DBBL Nexus').waitFor();
    expect(await field('Card number').inputValue()).toBe('6048 0100 0000 0000 001');
    await field('Expiry date (MM/YY)').fill(nexus.expiry!);
    await field('CVV').fill(nexus.cvc!);
    await field('Name on card').fill('Ayesha Rahman');
    await payButton().click();

    await page.getByRole('heading', { name: 'Payment successful' }).waitFor();
    const types = (await recordedEvents(page)).map((event) => event.type);
    expect(types).toEqual(['billpay-ready', 'billpay-method-select', 'billpay-submit', 'billpay-submit', 'billpay-success']);
    const success = (await recordedEvents(page)).at(-1)!.detail as { trackingNumber: string; instrument: string };
    expect(success.trackingNumber).toMatch(/^1\d{18}/); // 1: DBBL Nexus debit
  });
});
