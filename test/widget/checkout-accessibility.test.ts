import { describe, expect, it } from 'vitest';
import { useCheckoutE2E } from './checkout-e2e.js';
import {
  advanceMerchantClock,
  createPayment,
  expectNoAxeViolations,
  focusedElement,
  openCheckout,
  testInstrument,
} from './checkout-page.js';

/** Keyboard alone, a 320 px phone, and axe-core (WCAG 2 A/AA) in every state of the flow. */

const e2e = useCheckoutE2E({ viewport: { width: 320, height: 720 } });
const { button, field, gatewayRadio, methodRadio, payButton } = e2e;

async function press(key: string, expectedFocus: string | RegExp): Promise<void> {
  await e2e.page.keyboard.press(key);
  await expect.poll(() => focusedElement(e2e.page)).toMatch(expectedFocus);
}

async function typeAndSubmit(value: string, nextFocus: string | RegExp): Promise<void> {
  await e2e.page.keyboard.type(value);
  await press('Enter', nextFocus);
}

describe('<billpay-checkout> accessibility', () => {
  it('pays by bKash with the keyboard alone on a 320 px wide screen', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const bkash = await testInstrument(server.baseUrl, 'bkash', 'success');
    await openCheckout(page, server.baseUrl, payment);

    // Tabs: one tab stop, arrows move and activate, Home/End jump.
    await press('Tab', /^button\[tab tab-active\]: CARDS/);
    await press('End', /: WALLETS/);
    await press('Home', /: CARDS/);
    await press('ArrowRight', /^button\[tab tab-active\]: Mobile Banking/);

    // Method, then gateway row: native radio groups (Space picks, arrows move).
    await press('Tab', /^input\[method-mobile_banking\]/);
    await press('Space', /^input\[method-mobile_banking\]/);
    await press('Tab', /^input\[gateway\]/);
    await press('Space', /^input\[gateway\]/);
    await expect.poll(() => page.getByRole('table').getByRole('radio').first().isChecked()).toBe(true);
    await press('Tab', /^button\[pay-button\]/);

    // The dialog traps focus, Escape answers No and focus goes back to Pay Now.
    await press('Enter', /^button\[dialog-yes\]/);
    await press('Tab', /^button\[dialog-no\]/);
    await press('Tab', /^button\[dialog-yes\]/);
    await press('Shift+Tab', /^button\[dialog-no\]/);
    await press('Escape', /^button\[pay-button\]/);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await press('Enter', /^button\[dialog-yes\]/);

    // Each step's first field takes focus; Enter submits.
    await press('Enter', /^input\[walletNumber\]/);
    await typeAndSubmit(bkash.walletNumber!, /^input\[otp\]/);
    await typeAndSubmit(bkash.otp!, /^input\[pin\]/);
    await typeAndSubmit(bkash.pin!, /^h2\[result-title\]: Payment successful/);

    // Nothing on the page scrolls sideways at 320 px.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });

  it('has no axe violations from method choice through each bKash step to the slip', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const bkash = await testInstrument(server.baseUrl, 'bkash', 'success');
    await openCheckout(page, server.baseUrl, payment);
    await expectNoAxeViolations(page, 'method choice, nothing chosen');

    await page.getByRole('tab', { name: 'Mobile Banking' }).click();
    await methodRadio('bKash').check();
    await gatewayRadio('bKash').check();
    await expectNoAxeViolations(page, 'gateway table with a selected row');

    await payButton().click();
    await page.getByRole('dialog').waitFor();
    await expectNoAxeViolations(page, 'confirm dialog');
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();

    await field('Wallet number (01XXXXXXXXX)').waitFor();
    await button('Continue').click(); // empty: shows the field error
    await page.getByText('Enter an 11-digit mobile number starting with 01.').waitFor();
    await expectNoAxeViolations(page, 'wallet number step with a field error');
    await field('Wallet number (01XXXXXXXXX)').fill(bkash.walletNumber!);
    await button('Continue').click();

    await field('Code sent to your phone').fill('000000');
    await button('Continue').click(); // a wrong OTP: the server's error and tries left
    await page.getByRole('alert').filter({ hasText: 'The code is wrong.' }).waitFor();
    await expectNoAxeViolations(page, 'OTP step after a wrong code');
    await field('Code sent to your phone').fill(bkash.otp!);
    await button('Continue').click();

    await field('PIN').waitFor();
    await expectNoAxeViolations(page, 'PIN step');
    await field('PIN').fill(bkash.pin!);
    await payButton().click();

    await page.getByRole('heading', { name: 'Payment slip' }).waitFor();
    await expectNoAxeViolations(page, 'result with slip');
  });

  it('has no axe violations on the card form, the internet-banking login and the expired state', async () => {
    const { page, server } = e2e;
    const cardPayment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, cardPayment);
    await methodRadio('VISA').check();
    await gatewayRadio('EBL').check();
    await payButton().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await field('Card number').fill('4111 1111 1111 1112');
    await payButton().click(); // every field wrong or empty
    await page.getByText('Check the card number: it is not a valid card number.').waitFor();
    await expectNoAxeViolations(page, 'card step with field errors');

    const bankPayment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, bankPayment);
    await page.getByRole('tab', { name: 'Internet Banking' }).click();
    await methodRadio('Citytouch').check();
    await page.getByRole('table').getByRole('radio').first().check();
    await payButton().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes' }).click();
    await field('User ID').waitFor();
    await expectNoAxeViolations(page, 'internet-banking login step');

    const expiring = await createPayment(server.baseUrl);
    await page.clock.install();
    await openCheckout(page, server.baseUrl, expiring);
    await advanceMerchantClock(server.baseUrl, 301);
    await page.clock.fastForward('05:01');
    await page.getByRole('heading', { name: 'Time is up' }).waitFor();
    await expectNoAxeViolations(page, 'expired');
  });
});
