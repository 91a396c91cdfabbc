import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBanglaDigits } from '../../../domain/digits.js';
import { groupLakh } from '../../../domain/money.js';
import type { TestServer } from '../../helpers/server.js';
import { testFixtures } from '../../helpers/server.js';
import {
  fieldsOf,
  getPage,
  merchantApi,
  paymentIdOf,
  postForm,
  startPortalServer,
  tableRows,
  textOf,
} from './portal-server.js';

let server: TestServer;
const fixtures = testFixtures();

beforeAll(async () => {
  server = await startPortalServer();
});
afterAll(async () => {
  await server?.close();
});

function account(merchant: string, accountNo: string) {
  const found = fixtures.accounts.find((a) => a.merchant === merchant && a.accountNo === accountNo);
  if (!found) throw new Error(`no fixture account ${merchant}/${accountNo}`);
  return found;
}

/** What the bill list must show for a bill the portal has not paid, from the fixtures. */
function expectedBillRow(bill: (typeof fixtures.accounts)[number]['bills'][number], serial: number): string[] {
  const [year, month] = bill.billMonth.split('-');
  const payment = bill.paidAt ? 'Payment Slip' : 'Pay Online';
  return [
    String(serial),
    `${Number(month)}/${year}`,
    bill.billNo,
    String(bill.unitsKwh),
    groupLakh(bill.amount),
    bill.lastDateOfPayment,
    'Bill Copy',
    bill.status === 'paid' ? 'Paid' : 'Unpaid',
    payment,
  ];
}

describe('dashboard', () => {
  it('lists every demo account of the fixtures with its way in', async () => {
    const page = await getPage(server, '/');
    expect(page.status).toBe(200);
    const rows = tableRows(page.html, 'class="portal-table stack-on-phone"');
    expect(rows).toEqual(
      fixtures.accounts.map((a) => [
        a.merchant.toUpperCase(),
        a.accountNo,
        a.consumerName,
        a.kind === 'prepaid' ? 'Prepaid' : 'Postpaid',
        a.kind === 'prepaid' ? 'Recharge' : 'Bill Information',
      ]),
    );
    expect(page.html).toContain('href="/demo/desco/accounts/12345678/bills"');
    expect(page.html).toContain('href="/demo/recharge?meterNo=050350143117"');
  });

  it('answers a doubled leading slash as the home page, with links that stay on this host', async () => {
    // Found by the route fuzzer: `//` made the language link a protocol-relative URL (a 500).
    const page = await getPage(server, '//');
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/href="\/\//);
  });

  it('serves a favicon and the Bangla web font that its pages link', async () => {
    const page = await getPage(server, '/?lang=bn');
    expect(page.html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    expect(page.html).toContain('<link rel="stylesheet" href="/assets/fonts/noto-sans-bengali.css">');
    const icon = await fetch(`${server.baseUrl}/favicon.ico`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/svg+xml; charset=utf-8']);
    const css = await (await fetch(`${server.baseUrl}/assets/fonts/noto-sans-bengali.css`)).text();
    const fonts = [...css.matchAll(/url\("([^"]+)"\)/g)].map(([, url]) => url ?? '');
    expect(fonts).toHaveLength(2);
    for (const url of fonts) {
      const font = await fetch(`${server.baseUrl}${url}`);
      // A TrueType file: the sfnt version 0x00010000.
      expect([font.status, font.headers.get('content-type'), Buffer.from(await font.arrayBuffer()).readUInt32BE(0)]).toEqual([200, 'font/ttf', 0x00010000]);
    }
  });

  it('links its own stylesheet and carries no inline script', async () => {
    const page = await getPage(server, '/');
    expect(page.html).toContain('<link rel="stylesheet" href="/assets/demo/portal.css">');
    expect(page.html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const css = await fetch(`${server.baseUrl}/assets/demo/portal.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('.portal-table');
  });
});

describe('Post Paid All Bill Information', () => {
  it("shows DESCO's seed account: its information and the seed's five bills", async () => {
    const desco = account('desco', '12345678');
    const page = await getPage(server, '/demo/desco/accounts/12345678/bills');
    expect(page.status).toBe(200);
    expect(fieldsOf(page.html)).toEqual({
      'Account Name': desco.consumerName,
      'S&D Division Name': 'S&D Division Gulshan',
      Address: desco.address,
      'Account No.': '12345678',
      'Load (in KW)': String(desco.loadKw),
      Tariff: desco.tariff,
    });
    const rows = tableRows(page.html, 'portal-table bills');
    // The monthly bill of the clock's last two months (clock 2026-11-22 Dhaka), then the seed's five.
    expect(rows.slice(0, 2)).toEqual([
      ['1', '10/2026', '102612345678', '2', '11.00', '2026-11-30', 'Bill Copy', 'Unpaid', 'Pay Online'],
      ['2', '9/2026', '092612345678', '2', '11.00', '2026-10-31', 'Bill Copy', 'Unpaid', 'Pay Online'],
    ]);
    expect(rows.slice(2)).toEqual(desco.bills.map((bill, index) => expectedBillRow(bill, index + 3)));
    // Seed 000's first row, as the portal shows it.
    expect(rows[2]?.slice(1, 9)).toEqual(['6/2022', '062212345678', '2', '11.00', '2023-05-03', 'Bill Copy', 'Unpaid', 'Pay Online']);
  });

  it("decodes a WZPDCO account's S&D division from its number (seed 002)", async () => {
    const page = await getPage(server, '/demo/wzpdco/accounts/104231245/bills');
    expect(fieldsOf(page.html)['S&D Division Name']).toBe('Sales & Distribution Division-4, Khulna');
    const rows = tableRows(page.html, 'portal-table bills');
    expect(rows).toEqual(account('wzpdco', '104231245').bills.map((bill, index) => expectedBillRow(bill, index + 1)));
  });

  it('speaks Bangla with ?lang=bn: words, digits, and links that keep the language', async () => {
    const page = await getPage(server, '/demo/desco/accounts/12345678/bills?lang=bn');
    expect(page.html).toContain('<html lang="bn">');
    expect(page.html).toContain('পোস্টপেইড সকল বিলের তথ্য');
    const seedFirst = tableRows(page.html, 'portal-table bills')[2];
    expect(seedFirst?.slice(0, 3)).toEqual(['৩', '৬/২০২২', toBanglaDigits('062212345678')]);
    expect(page.html).toContain('href="/demo/desco/accounts/12345678/bills/062212345678/pay?lang=bn"');
    // The toggle leads back to the same page in English.
    expect(page.html).toContain('href="/demo/desco/accounts/12345678/bills" lang="en"');
  });

  it('is a 404 page for an account or a merchant the fixtures do not have', async () => {
    for (const path of ['/demo/desco/accounts/99999999/bills', '/demo/nobody/accounts/12345678/bills']) {
      const page = await getPage(server, path);
      expect(page.status).toBe(404);
      expect(page.html).toContain('There is nothing at this address.');
    }
  });
});

describe('bill check and Pay Online', () => {
  it("adds the late payment charge on the merchant's clock: the seed's 11.00 bill after its last date", async () => {
    const page = await getPage(server, '/demo/desco/accounts/12345678/bills/062212345678/pay');
    expect(page.status).toBe(200);
    expect(fieldsOf(page.html)).toEqual({
      'Bill No.': '062212345678',
      'Account No.': '12345678',
      'Bill Amount': '11.00',
      'Late Payment Charge': '0.55',
      'Total Amount': '11.55',
      'Payment Date': '2026-11-22',
      'Last Date of Payment': '2023-05-03',
    });
    expect(textOf(page.html)).toContain('a late payment charge of 5% of the bill applies');
  });

  it('charges nothing until the last date, and the exact charge once the test clock passes it', async () => {
    const path = '/demo/wzpdco/accounts/201120718/bills/2610201120718/pay';
    const onTime = fieldsOf((await getPage(server, path)).html);
    expect([onTime['Late Payment Charge'], onTime['Total Amount']]).toEqual(['0.00', '4,356.75']);

    await merchantApi(server, 'wzpdco', 'POST', '/api/v1/test/clock/advance', { seconds: 9 * 24 * 3600 });
    const late = fieldsOf((await getPage(server, path)).html);
    // 4356.75 × 5 % = 217.8375 → 217.84
    expect([late['Payment Date'], late['Late Payment Charge'], late['Total Amount']]).toEqual(['2026-12-01', '217.84', '4,574.59']);
  });

  it('creates the payment through the merchant API and opens the embedded checkout ("Next")', async () => {
    const path = '/demo/desco/accounts/12345678/bills/052212345678/pay';
    const next = await postForm(server, path, { expectedTotal: '11.55', mode: 'embedded' });
    expect(next.status).toBe(303);
    const paymentId = paymentIdOf(next.location);
    expect(next.location).toBe(`/demo/checkout/${paymentId}`);

    const payment = await merchantApi(server, 'desco', 'GET', `/api/v1/payments/${paymentId}`);
    expect(payment).toMatchObject({
      purpose: 'postpaid_bill',
      amount: '11.00',
      lateFee: '0.55',
      bill: { accountNo: '12345678', billNo: '052212345678', billMonth: '2022-05' },
      customer: { name: 'Ayesha Rahman', mobile: '01700000001' },
      webhookUrl: `${server.baseUrl}/demo/webhooks/desco`,
      returnUrls: { success: `${server.baseUrl}/demo/return/desco` },
    });

    const checkout = await getPage(server, next.location ?? '');
    expect(checkout.status).toBe(200);
    expect(checkout.html).toMatch(new RegExp(`<billpay-checkout payment-id="${paymentId}" client-secret="[^"]+" locale="en">`));
    expect(checkout.html).toContain('<script type="module" src="/widget/billpay-checkout.js"></script>');

    // Going back and clicking again reuses the open payment instead of making a second one.
    const again = await postForm(server, path, { expectedTotal: '11.55', mode: 'redirect' });
    expect(again.status).toBe(303);
    expect(again.location).toBe(`${server.baseUrl}/checkout/${paymentId}`);
  });

  it('sends "Pay on the gateway page" to the hosted checkout, in the page language', async () => {
    const page = await postForm(server, '/demo/desco/accounts/12345678/bills/062212345678/pay?lang=bn', {
      expectedTotal: '11.55',
      mode: 'redirect',
    });
    expect(page.status).toBe(303);
    expect(page.location).toMatch(new RegExp(`^${server.baseUrl}/checkout/pay_[^?]+\\?lang=bn$`));
    const paymentId = paymentIdOf(page.location);
    const payment = await merchantApi(server, 'desco', 'GET', `/api/v1/payments/${paymentId}`);
    expect(payment.returnUrls).toMatchObject({ success: `${server.baseUrl}/demo/return/desco?lang=bn` });
  });

  it('shows the check again, without paying, when the total changed since the page was shown', async () => {
    const page = await postForm(server, '/demo/desco/accounts/12345678/bills/062212345678/pay', { expectedTotal: '11.00', mode: 'embedded' });
    expect(page.status).toBe(409);
    expect(textOf(page.html)).toContain('The amounts changed since the page was shown');
    expect(fieldsOf(page.html)['Total Amount']).toBe('11.55');
  });

  it('offers no payment for a bill that is already paid', async () => {
    const page = await getPage(server, '/demo/desco/accounts/12345678/bills/012212345678/pay');
    expect(textOf(page.html)).toContain('This bill is already paid.');
    expect(page.html).not.toContain('name="mode"');
    const post = await postForm(server, '/demo/desco/accounts/12345678/bills/012212345678/pay', { expectedTotal: '11.55' });
    expect(post.status).toBe(409);
  });
});

describe('prepaid recharge', () => {
  it("decodes a meter number typed in Bangla digits (seed 002's worked example)", async () => {
    const page = await getPage(server, `/demo/recharge?meterNo=${encodeURIComponent(toBanglaDigits('050350143117'))}`);
    expect(page.status).toBe(200);
    expect(fieldsOf(page.html)).toEqual({
      Meter: '050350143117',
      Utility: 'West Zone Power Distribution Company Ltd.',
      Manufacturer: 'Bangladesh Smart Electrical Co. (BSECO)',
      'Meter type': 'Single-phase smart (online) keypad meter',
      Serial: '0143117',
      Consumer: 'Shirin Sultana',
    });
  });

  it.each([
    ['05035014311', 'meterNo must have 12 digits, got 11'],
    ['990350143117', 'utility code 99'],
    ['050950143117', 'manufacturer code 09'],
    ['010350143117', 'is a BPDB meter; this portal recharges DESCO, WZPDCO meters only'],
  ])("shows the codec's error for %s next to the field", async (meterNo, message) => {
    const page = await getPage(server, `/demo/recharge?meterNo=${meterNo}`);
    expect(page.html).toMatch(/id="meterNo"[^>]*aria-invalid="true"[^>]*aria-describedby="meterNo-hint meterNo-error"/);
    const error = /<p class="field-error" id="meterNo-error">([^<]*)<\/p>/.exec(page.html)?.[1];
    expect(textOf(error ?? '')).toContain(message);
  });

  it('says the error in Bangla on the Bangla page', async () => {
    const page = await getPage(server, '/demo/recharge?lang=bn&meterNo=05035014311');
    expect(page.html).toContain('অঙ্কের সংখ্যা সঠিক নয়।');
  });

  it('refuses a bad amount, then recharges through the merchant API', async () => {
    const refused = await postForm(server, '/demo/recharge', { meterNo: '050350143117', amount: '12.345', mode: 'embedded' });
    expect(refused.status).toBe(422);
    expect(textOf(refused.html)).toContain('amount may have at most 2 decimals');

    const page = await postForm(server, '/demo/recharge', { meterNo: toBanglaDigits('060151234567'), amount: '৫০০', mode: 'embedded' });
    expect(page.status).toBe(303);
    const payment = await merchantApi(server, 'desco', 'GET', `/api/v1/payments/${paymentIdOf(page.location)}`);
    expect(payment).toMatchObject({ purpose: 'prepaid_recharge', amount: '500.00', bill: { meterNo: '060151234567' } });
  });
});

describe('new connection', () => {
  it('creates an application and shows each meter with its fees; the demand note waits for the application fee', async () => {
    const created = await postForm(server, '/demo/new-connection', {
      office: 'wzpdco:104',
      applicantName: 'Rahima Begum',
      mobile: '01711223344',
      phases1: '1',
      load1: '2',
      phases2: '3',
      load2: '7.5',
    });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/demo\/new-connection\/\d+$/);
    const page = await getPage(server, created.location ?? '');
    expect(fieldsOf(page.html)).toMatchObject({
      Name: 'Rahima Begum',
      Office: 'Sales & Distribution Division-4, Khulna (104)',
    });
    const rows = tableRows(page.html, 'portal-table fees');
    expect(rows).toEqual([
      ['Meter 1', 'Single phase', '2', '300.00 Unpaid Pay Online', '3,300.00 Issued after the application fee is paid'],
      ['Meter 2', 'Three phase', '7.5', '600.00 Unpaid Pay Online', '9,000.00 Issued after the application fee is paid'],
    ]);

    const demandNote = await postForm(server, `${created.location}/meters/1/demand_note/pay`, { expectedTotal: '3300.00', mode: 'embedded' });
    expect(demandNote.status).toBe(409);

    const fee = await postForm(server, `${created.location}/meters/2/application_fee/pay`, { expectedTotal: '600.00', mode: 'embedded', proceed: 'ok' });
    expect(fee.status).toBe(303);
    const payment = await merchantApi(server, 'wzpdco', 'GET', `/api/v1/payments/${paymentIdOf(fee.location)}`);
    expect(payment).toMatchObject({
      purpose: 'application_fee',
      amount: '600.00',
      bill: { officeCode: '104', meterSerial: 2, costHead: 1 },
      customer: { name: 'Rahima Begum' },
    });
  });

  it('creates one payment for a fee clicked twice at once', async () => {
    const created = await postForm(server, '/demo/new-connection', { office: 'wzpdco:201', applicantName: 'Karim', mobile: '01911223344', phases1: '1', load1: '1' });
    const pay = () => postForm(server, `${created.location}/meters/1/application_fee/pay`, { expectedTotal: '300.00', mode: 'embedded', proceed: 'ok' });
    const [first, second] = await Promise.all([pay(), pay()]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(paymentIdOf(second.location)).toBe(paymentIdOf(first.location));
  });

  it('shows every broken field of the form next to it, and keeps what was typed', async () => {
    const page = await postForm(server, '/demo/new-connection', { office: '', applicantName: 'Rahima', mobile: '12345', phases1: '1', load1: 'x' });
    expect(page.status).toBe(422);
    for (const field of ['office', 'mobile', 'load1']) {
      expect(page.html).toMatch(new RegExp(`id="${field}"[^>]*aria-invalid="true"`));
      expect(page.html).toContain(`id="${field}-error"`);
    }
    expect(page.html).toMatch(/id="applicantName"[^>]*value="Rahima"[^>]*aria-invalid="false"/);
  });

  it('shows markup in a customer name as text', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const created = await postForm(server, '/demo/new-connection', { office: 'desco:901', applicantName: name, mobile: '01811223344', phases1: '1', load1: '1' });
    for (const path of [created.location ?? '', '/demo/new-connection', `${created.location}/meters/1/application_fee/pay`]) {
      const page = await getPage(server, path);
      expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page.html).not.toContain('<img src=x');
    }
  });
});
