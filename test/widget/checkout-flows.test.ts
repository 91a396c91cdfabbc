import { describe, expect, it } from 'vitest';
import { useCheckoutE2E } from './checkout-e2e.js';
import { advanceMerchantClock, createPayment, openCheckout, recordedEvents, testInstrument } from './checkout-page.js';

/**
 * The checkout flows in Debian's Chromium against the real gateway (temp SQLite, manual clock):
 * the widget's files are the built dist/widget, every API call is real.
 */

const e2e = useCheckoutE2E();
const { button, field, gatewayRadio, methodRadio, payButton } = e2e;

async function chooseAndConfirm(tab: string, method: string, gateway: string): Promise<void> {
  await e2e.page.getByRole('tab', { name: tab }).click();
  await methodRadio(method).check();
  await gatewayRadio(gateway).check();
  await expect.poll(() => gatewayRadio(gateway).isChecked()).toBe(true);
  await payButton().click();
  const dialog = e2e.page.getByRole('dialog', { name: 'Confirm payment' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Yes' }).click();
}

async function payByCard(number: string, expiry: string, cvc: string): Promise<void> {
  await field('Card number').fill(number);
  await field('Expiry date (MM/YY)').fill(expiry);
  await field('CVV').fill(cvc);
  await field('Name on card').fill('Ayesha Rahman');
  await payButton().click();
}

async function eventTypes(): Promise<string[]> {
  return (await recordedEvents(e2e.page)).map((event) => event.type);
}

describe('<billpay-checkout> against the real gateway', () => {
  it('shows the seed gateway table and pays by Visa card, handing back the slip', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, payment);

    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/Please select a payment method within [45] Min : \d\d Sec/);
    await methodRadio('VISA').check();
    const rows = await page.getByRole('table').getByRole('row').allInnerTexts();
    const cells = rows.slice(1).map((row) => row.split(/\s+/).filter(Boolean).join(' '));
    expect(cells).toEqual([
      'EBL 11.00 0.12 0.00 11.12',
      'UCBL 11.00 0.12 0.00 11.12',
      'DBBL 11.00 0.13 0.00 11.13',
      'BBL 11.00 0.14 0.00 11.14',
      'CITY 11.00 0.17 0.00 11.17',
    ]);

    const visa = await testInstrument(server.baseUrl, 'visa', 'success');
    await chooseAndConfirm('CARDS', 'VISA', 'EBL');
    await payByCard(visa.number!, visa.expiry!, visa.cvc!);

    await page.getByRole('heading', { name: 'Payment successful' }).waitFor();
    const slip = page.locator('billpay-checkout').locator('[part="slip"]');
    await expect.poll(() => slip.innerText()).toContain('VISA •••• 1111');
    expect(await slip.innerText()).toContain('11.12 BDT');
    const events = await recordedEvents(page);
    expect(events.map((event) => event.type)).toEqual([
      'billpay-ready',
      'billpay-method-select',
      'billpay-submit',
      'billpay-submit',
      'billpay-success',
    ]);
    const success = events.at(-1)!.detail as { paymentId: string; trackingNumber: string; amounts: { total: string } };
    expect(success.paymentId).toBe(payment.id);
    expect(success.amounts.total).toBe('11.12');
    expect(success.trackingNumber).toMatch(/^4\d{18}/); // 4: Visa credit card of any bank
    expect(await slip.innerText()).toContain(success.trackingNumber);

    const printable = await page.getByRole('link', { name: 'Printable slip' }).getAttribute('href');
    expect(printable).toMatch(new RegExp(`^${server.baseUrl}/slips/${payment.id}\\.html\\?token=[\\w-]{22}&lang=en$`));
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await button('Print slip').click();
    expect(await page.locator('body').getAttribute('data-printed')).toBe('yes');
  });

  it('pays by bKash through wallet number, OTP and PIN', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const bkash = await testInstrument(server.baseUrl, 'bkash', 'success');
    await openCheckout(page, server.baseUrl, payment);

    await chooseAndConfirm('Mobile Banking', 'bKash', 'bKash');
    await field('Wallet number (01XXXXXXXXX)').fill(bkash.walletNumber!);
    await button('Continue').click();
    await field('Code sent to your phone').fill(bkash.otp!);
    await button('Continue').click();
    await field('PIN').fill(bkash.pin!);
    await payButton().click();

    await page.getByRole('heading', { name: 'Payment successful' }).waitFor();
    const success = (await recordedEvents(page)).find((event) => event.type === 'billpay-success');
    expect(success?.detail).toMatchObject({ method: { id: 'bkash' }, trackingNumber: expect.stringMatching(/^7/) });
    expect(await eventTypes()).toContain('billpay-success');
  });

  it('pays by internet banking through the bank login and OTP', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const citytouch = await testInstrument(server.baseUrl, 'city_ib', 'success');
    await openCheckout(page, server.baseUrl, payment);

    await chooseAndConfirm('Internet Banking', 'Citytouch', 'CITY');
    await field('User ID').fill(citytouch.username!);
    await field('Password').fill(citytouch.password!);
    await button('Continue').click();
    await field('Code sent to your phone').fill(citytouch.otp!);
    await button('Continue').click();

    await page.getByRole('heading', { name: 'Payment successful' }).waitFor();
    const success = (await recordedEvents(page)).find((event) => event.type === 'billpay-success');
    expect(success?.detail).toMatchObject({ method: { id: 'city_ib' }, gateway: { id: 'CITY' } });
  });

  it('reports a declined card, then succeeds with another method', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const declined = await testInstrument(server.baseUrl, 'visa', 'declined');
    const mastercard = await testInstrument(server.baseUrl, 'mastercard', 'success');
    await openCheckout(page, server.baseUrl, payment);

    await chooseAndConfirm('CARDS', 'VISA', 'CITY');
    await payByCard(declined.number!, declined.expiry!, declined.cvc!);

    const alert = page.locator('billpay-checkout').getByRole('alert');
    await expect.poll(() => alert.innerText()).toContain('declined');
    expect(await alert.innerText()).toContain('Attempts left: 2.');
    const failure = (await recordedEvents(page)).find((event) => event.type === 'billpay-failure');
    expect(failure?.detail).toMatchObject({ paymentId: payment.id, final: false, attemptsLeft: 2 });

    await chooseAndConfirm('CARDS', 'MasterCard', 'EBL');
    await payByCard(mastercard.number!, mastercard.expiry!, mastercard.cvc!);
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor();
    expect(await eventTypes()).toContain('billpay-success');
  });

  it('shows processing while the gateway is pending, polling until it settles', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    const pending = await testInstrument(server.baseUrl, 'visa', 'pending_then_success');
    await page.clock.install();
    await openCheckout(page, server.baseUrl, payment);

    await chooseAndConfirm('CARDS', 'VISA', 'EBL');
    await payByCard(pending.number!, pending.expiry!, pending.cvc!);
    await page.getByText('Processing your payment…').waitFor();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const polls = () => requests.filter((url) => url.endsWith(`/api/v1/checkout/${payment.id}`)).length;

    await page.clock.runFor(5_000); // the server said when to ask again; its clock has not moved
    await expect.poll(polls).toBe(1);
    await expect.poll(() => page.getByText('Processing your payment…').count()).toBe(1);

    await advanceMerchantClock(server.baseUrl, 60); // past the pending time on the merchant's clock
    await page.clock.runFor(5_000);
    // The settle reaches the page by the session's event stream or by the next poll, whichever is first.
    await page.getByRole('heading', { name: 'Payment successful' }).waitFor();
    expect(polls()).toBeGreaterThanOrEqual(1);
  });

  it('pays only for the row on screen, and cancels after Cancel and Yes', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await openCheckout(page, server.baseUrl, payment);

    await methodRadio('VISA').check();
    await gatewayRadio('EBL').check();
    await page.getByRole('tab', { name: 'Mobile Banking' }).click(); // the VISA row is out of sight
    await payButton().click();
    const alert = page.locator('billpay-checkout').getByRole('alert');
    await expect.poll(() => alert.innerText()).toBe('Choose a payment method first.');
    expect(await page.getByRole('dialog').count()).toBe(0);

    await button('Cancel').click();
    const dialog = page.getByRole('dialog', { name: 'Cancel payment' });
    await dialog.getByRole('button', { name: 'Yes' }).click();

    await page.getByRole('heading', { name: 'Payment cancelled' }).waitFor();
    expect(await eventTypes()).toEqual(['billpay-ready', 'billpay-method-select', 'billpay-cancel']);
  });

  it('expires when the merchant test clock passes the 5-minute selection deadline', async () => {
    const { page, server } = e2e;
    const payment = await createPayment(server.baseUrl);
    await page.clock.install();
    await openCheckout(page, server.baseUrl, payment);
    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/5 Min : 00 Sec|4 Min : 59 Sec/);

    const liveRegion = page.locator('billpay-checkout').locator('[aria-live="polite"]');

    await page.clock.fastForward('04:00'); // one minute left: the timer warns and says so once
    // The page's clock keeps running in real time too: on a busy machine a second or two may pass.
    await expect.poll(() => page.getByRole('timer').textContent()).toMatch(/1 Min : 00 Sec|0 Min : 5\d Sec/);
    expect(await page.locator('billpay-checkout').locator('[part~="timer-warning"]').count()).toBe(1);
    expect(await liveRegion.textContent()).toContain('One minute left to pay.');

    await advanceMerchantClock(server.baseUrl, 301);
    await page.clock.fastForward('01:01'); // the customer's five minutes pass in the browser too

    await page.getByRole('heading', { name: 'Time is up' }).waitFor();
    const expire = (await recordedEvents(page)).find((event) => event.type === 'billpay-expire');
    expect(expire?.detail).toMatchObject({ paymentId: payment.id });
    expect(await liveRegion.textContent()).toContain('Time is up'); // focus was not in the widget
  });
});
