import type { Page } from 'playwright-core';
import { PAY_BUTTON } from '../../widget/checkout-page.js';

/**
 * Driving `<billpay-checkout>` (embedded in a portal page or on the gateway's hosted page) the
 * way a customer does, by roles and English labels. Shared by the portal's browser tests and
 * scripts/screenshots.ts.
 */

/** A test instrument as GET /api/v1/test-instruments lists it. */
export interface TestInstrument {
  method: string;
  outcome: string;
  number?: string;
  expiry?: string;
  cvc?: string;
  walletNumber?: string;
  otp?: string;
  pin?: string;
}

export async function successInstrument(baseUrl: string, method: string): Promise<TestInstrument> {
  const listing = (await (await fetch(`${baseUrl}/api/v1/test-instruments`)).json()) as { data: TestInstrument[] };
  const found = listing.data.find((row) => row.method === method && row.outcome === 'success');
  if (!found) throw new Error(`no ${method} test instrument with outcome success`);
  return found;
}

const widget = (page: Page) => page.locator('billpay-checkout');

/** Picks a tab, a method and a gateway row; the gateway table is then on screen. */
export async function chooseGateway(page: Page, tab: string, method: string, gateway: string): Promise<void> {
  await widget(page).getByRole('tab', { name: tab }).click();
  await widget(page).getByRole('group', { name: 'Payment method' }).getByRole('radio', { name: method, exact: true }).check();
  const row = widget(page).getByRole('table').getByRole('radio', { name: gateway, exact: true });
  await row.check();
  await row.isChecked().then((checked) => {
    if (!checked) throw new Error(`gateway ${gateway} did not get selected`);
  });
}

/** "Pay 11.12 BDT", then "Yes" in the confirmation dialog. */
export async function confirmPayment(page: Page): Promise<void> {
  await widget(page).getByRole('button', { name: PAY_BUTTON }).click();
  await widget(page).getByRole('dialog', { name: 'Confirm payment' }).getByRole('button', { name: 'Yes' }).click();
}

const field = (page: Page, label: string) => widget(page).getByLabel(label, { exact: true });
const press = (page: Page, name: string) => widget(page).getByRole('button', { name, exact: true }).click();

export async function payByCard(page: Page, card: TestInstrument, holder: string): Promise<void> {
  await chooseGateway(page, 'CARDS', 'VISA', 'EBL');
  await confirmPayment(page);
  await field(page, 'Card number').fill(card.number ?? '');
  await field(page, 'Expiry date (MM/YY)').fill(card.expiry ?? '');
  await field(page, 'CVV').fill(card.cvc ?? '');
  await field(page, 'Name on card').fill(holder);
  await widget(page).getByRole('button', { name: PAY_BUTTON }).click();
}

export async function payByBkash(page: Page, wallet: TestInstrument): Promise<void> {
  await chooseGateway(page, 'Mobile Banking', 'bKash', 'bKash');
  await confirmPayment(page);
  await field(page, 'Wallet number (01XXXXXXXXX)').fill(wallet.walletNumber ?? '');
  await press(page, 'Continue');
  await field(page, 'Code sent to your phone').fill(wallet.otp ?? '');
  await press(page, 'Continue');
  await field(page, 'PIN').fill(wallet.pin ?? '');
  await widget(page).getByRole('button', { name: PAY_BUTTON }).click();
}
