import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAsciiDigits, toBanglaDigits } from '../../../domain/digits.js';
import { groupLakh } from '../../../domain/money.js';
import { PortalStore } from '../../../server/demo-portal/store.js';
import { PORTAL_TEXTS, type Locale } from '../../../server/demo-portal/i18n.js';
import { groupToken, rechargeTokenDigits } from '../../../server/payments/recharge-token.js';
import type { TestServer } from '../../helpers/server.js';
import { testFixtures } from '../../helpers/server.js';
import { launchBrowser } from '../../widget/browser.js';
import { expectNoAxeViolations } from '../../widget/checkout-page.js';
import { merchantApi, paymentIdOf, payWithTestCard, postForm, startPortalServer } from './portal-server.js';

/**
 * Issue 12's seed points on the demo portal, in Debian's Chromium, in English and Bangla at 360 px
 * and 1366 px, axe-checked: seed 000's bill list (View Bill Copy, Payment Slip for every paid
 * bill, the on-time 11.00 bill and its gateway table), seed 001's OK before the gateway, the
 * tracking number's office from the portal's own office table, a bill paid through the API shown
 * paid, what was charged on the result page, the recharge token, the Bangla web font, lakh
 * grouping, and layouts that never scroll sideways.
 *
 * Pages open with CSP bypassed so that axe (an inline script) can be injected; the portal's CSP
 * itself is exercised by portal.browser.test.ts.
 */

const LOCALES: readonly Locale[] = ['en', 'bn'];
const WIDTHS = [360, 1366] as const;
const COMBOS = LOCALES.flatMap((lang) => WIDTHS.map((width) => ({ lang, width })));

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const fixtures = testFixtures();

beforeAll(async () => {
  [server, browser] = await Promise.all([startPortalServer({ webhooks: true }), launchBrowser()]);
});
afterAll(async () => {
  await Promise.all(contexts.map((context) => context.close()));
  await browser?.close();
  await server?.close();
});

/** A fresh page at `width`, failing the test on script errors and failed loads. */
async function openPage(width: number): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  return { page, problems };
}

const withLang = (path: string, lang: Locale) => (lang === 'bn' ? `${path}${path.includes('?') ? '&' : '?'}lang=bn` : path);
const say = (text: string, lang: Locale) => (lang === 'bn' ? toBanglaDigits(text) : text);

/** What a person sees of a page at its width: nothing to scroll sideways, Bangla in the served font, axe clean. */
async function expectLooksRight(page: Page, lang: Locale, state: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${state}: horizontal scrolling`).toBeLessThanOrEqual(0);
  if (lang === 'bn') {
    await page.evaluate(() => document.fonts.ready);
    const drawn = await page.evaluate(() => ({
      check: document.fonts.check('16px "Noto Sans Bengali"', 'বাংলা'),
      loaded: [...document.fonts].some((face) => face.family.replaceAll('"', '') === 'Noto Sans Bengali' && face.status === 'loaded'),
    }));
    expect(drawn, `${state}: Bangla drawn with the served Noto Sans Bengali`).toEqual({ check: true, loaded: true });
  }
  await expectNoAxeViolations(page, state);
}

/** The bill list's row of `billNo` (its number is written in the page's digits), as cell texts. */
async function billRow(page: Page, billNo: string, lang: Locale): Promise<string[]> {
  // By text: on a phone each cell's accessible name starts with its column's label (CSS ::before).
  const row = page.getByRole('row').filter({ hasText: say(billNo, lang) });
  return (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
}

/** The on-time monthly bill of DESCO 12345678 on the test server's clock (2026-11-22): October 2026's. */
const ON_TIME_BILL = '102612345678';
const OVERDUE_MONTHLY_BILL = '092612345678';

describe('seed 000: the bill list', () => {
  for (const { lang, width } of COMBOS) {
    it(`has View Bill Copy and a Payment Slip for every paid bill, the fixtures' history included (${lang}, ${width} px)`, async () => {
      const t = PORTAL_TEXTS[lang].bills;
      const { page, problems } = await openPage(width);
      await page.goto(`${server.baseUrl}${withLang('/demo/desco/accounts/12345678/bills', lang)}`);
      await page.getByRole('heading', { level: 1, name: t.title }).waitFor();
      expect(await page.getByRole('columnheader').allTextContents()).toContain(t.viewBillCopy);

      const desco = fixtures.accounts.find((a) => a.accountNo === '12345678');
      for (const bill of desco?.bills ?? []) {
        const row = page.getByRole('row').filter({ hasText: say(bill.billNo, lang) });
        await row.getByRole('link', { name: new RegExp(`^${t.billCopy}`) }).waitFor();
        const action = bill.status === 'paid' ? t.paymentSlip : t.payOnline;
        expect(await row.getByRole('link', { name: action, exact: true }).count(), `${bill.billNo}: ${action}`).toBe(1);
      }
      if (width === 1366) {
        // The whole table fits: its scroll box has nothing to scroll.
        const table = page.locator('.table-scroll');
        expect(await table.evaluate((box) => box.scrollWidth - box.clientWidth)).toBeLessThanOrEqual(0);
      }
      await expectLooksRight(page, lang, `bill list ${lang} ${width}`);
      // The language toggle: on the brand's line, its word centred in its box.
      const centres = await page.evaluate(() => {
        const middle = (rect: DOMRect) => ({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 });
        const toggle = document.querySelector('.portal-lang') as HTMLElement;
        const brand = document.querySelector('.portal-brand') as HTMLElement;
        const words = document.createRange();
        words.selectNodeContents(toggle);
        return { box: middle(toggle.getBoundingClientRect()), words: middle(words.getBoundingClientRect()), brand: middle(brand.getBoundingClientRect()) };
      });
      expect(Math.abs(centres.box.y - centres.brand.y)).toBeLessThanOrEqual(2);
      expect(Math.abs(centres.words.x - centres.box.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(centres.words.y - centres.box.y)).toBeLessThanOrEqual(2);

      // A fixture bill paid before the demo: the portal's own slip of that counter payment.
      await page.getByRole('row').filter({ hasText: say('012212345678', lang) }).getByRole('link', { name: t.paymentSlip }).click();
      await page.getByRole('heading', { level: 1, name: PORTAL_TEXTS[lang].earlierSlip.title }).waitFor();
      expect(await page.locator('main').innerText()).toContain(PORTAL_TEXTS[lang].earlierSlip.otherChannel);
      expect(await page.locator('main').innerText()).toContain(say('2023-04-02', lang));
      await expectLooksRight(page, lang, `counter slip ${lang} ${width}`);

      // The printable bill copy.
      await page.goBack();
      await page.getByRole('link', { name: `${t.billCopy} ${say('062212345678', lang)}` }).click();
      await page.getByRole('heading', { level: 1, name: PORTAL_TEXTS[lang].billCopy.title }).waitFor();
      await page.getByRole('button', { name: PORTAL_TEXTS[lang].billCopy.print }).waitFor();
      expect(await page.locator('main').innerText()).toContain(say('062212345678', lang));
      await expectLooksRight(page, lang, `bill copy ${lang} ${width}`);
      expect(problems).toEqual([]);
    });
  }

  for (const { lang, width } of COMBOS) {
    it(`shows seed 000's gateway table for the on-time 11.00 bill: 11.12 11.12 11.13 11.14 11.17 (${lang}, ${width} px)`, async () => {
      const t = PORTAL_TEXTS[lang];
      const { page, problems } = await openPage(width);
      await page.goto(`${server.baseUrl}${withLang('/demo/desco/accounts/12345678/bills', lang)}`);
      expect((await billRow(page, ON_TIME_BILL, lang)).slice(1, 6)).toEqual(
        ['10/2026', ON_TIME_BILL, '2', '11.00', '2026-11-30'].map((text) => say(text, lang)),
      );
      await page.getByRole('row').filter({ hasText: say(ON_TIME_BILL, lang) }).getByRole('link', { name: t.bills.payOnline }).click();
      await page.getByRole('heading', { level: 1, name: t.check.billTitle }).waitFor();
      const check = toAsciiDigits(await page.locator('dl').innerText());
      expect(check).toMatch(new RegExp(`${t.check.lateFee}\\s+0\\.00\\s+${t.check.total}\\s+11\\.00`));
      await expectLooksRight(page, lang, `bill check ${lang} ${width}`);
      await page.getByRole('button', { name: t.check.next, exact: true }).click();

      await page.waitForURL(/\/demo\/checkout\/pay_/);
      const widget = page.locator('billpay-checkout');
      await widget.getByRole('radio', { name: /^(VISA|ভিসা)$/ }).check();
      const rows = await widget.getByRole('table').getByRole('row').allInnerTexts();
      const totals = rows.slice(1).map((row) => toAsciiDigits(row).match(/\d+\.\d\d/g)?.at(-1));
      expect(totals).toEqual(['11.12', '11.12', '11.13', '11.14', '11.17']);
      expect(problems).toEqual([]);
    });
  }

  it('keeps the monthly bills on the calendar as the clock moves: a new on-time bill, the earlier ones overdue', async () => {
    const moved = await startPortalServer({ start: '2027-03-05T04:00:00Z' });
    try {
      for (const { lang, width } of [{ lang: 'en', width: 1366 }, { lang: 'bn', width: 360 }] as const) {
        const { page } = await openPage(width);
        await page.goto(`${moved.baseUrl}${withLang('/demo/desco/accounts/12345678/bills', lang)}`);
        expect((await billRow(page, '022712345678', lang)).slice(1, 6)).toEqual(['2/2027', '022712345678', '2', '11.00', '2027-03-31'].map((x) => say(x, lang)));
        expect((await billRow(page, '012712345678', lang)).slice(5, 6)).toEqual([say('2027-02-28', lang)]);
        await page.goto(`${moved.baseUrl}${withLang('/demo/desco/accounts/12345678/bills/022712345678/pay', lang)}`);
        expect(toAsciiDigits(await page.locator('dl').innerText())).toMatch(/\s0\.00\s+\S+(\s\S+)?\s+11\.00/);
      }
    } finally {
      await moved.close();
    }
  });
});

describe('a bill paid through the API, not the portal', () => {
  it('shows as paid with the gateway slip, in every language and width', async () => {
    const created = await merchantApi<{ id: string; clientSecret: string }>(server, 'desco', 'POST', '/api/v1/payments', {
      purpose: 'postpaid_bill',
      reference: `api-${OVERDUE_MONTHLY_BILL}`,
      amount: '11.00',
      lateFee: '0.55',
      accountNo: '12345678',
      billNo: OVERDUE_MONTHLY_BILL,
    });
    await payWithTestCard(server, created.id, created.clientSecret);
    const tracking = (await merchantApi<{ trackingNumber: string }>(server, 'desco', 'GET', `/api/v1/payments/${created.id}`)).trackingNumber;
    // One source of truth: office 901 is the S&D division the list names for the account's prefix 12.
    expect(tracking).toMatch(/^4901\d{15}$/);

    for (const { lang, width } of COMBOS) {
      const t = PORTAL_TEXTS[lang].bills;
      const { page, problems } = await openPage(width);
      await page.goto(`${server.baseUrl}${withLang('/demo/desco/accounts/12345678/bills', lang)}`);
      expect((await billRow(page, OVERDUE_MONTHLY_BILL, lang)).slice(7)).toEqual([t.paid, t.paymentSlip]);
      await page.getByRole('row').filter({ hasText: say(OVERDUE_MONTHLY_BILL, lang) }).getByRole('link', { name: t.paymentSlip }).click();
      await page.waitForURL(/\/slips\/pay_[^/]+\.html/);
      expect(await page.locator('main').innerText()).toContain(say(tracking, lang));
      await expectLooksRight(page, lang, `gateway slip ${lang} ${width}`);
      expect(problems).toEqual([]);
    }
  }, 120_000);
});

describe('seed 001: "Proceed to the payment gateway by clicking on OK"', () => {
  for (const { lang, width } of COMBOS) {
    it(`asks for OK before the gateway, for the application fee and the demand note (${lang}, ${width} px)`, async () => {
      const t = PORTAL_TEXTS[lang];
      const created = await postForm(server, '/demo/new-connection', { office: 'desco:902', applicantName: 'Seed Tester', mobile: '01711000001', phases1: '1', load1: '2' });
      const applicationPath = created.location ?? '';
      const { page, problems } = await openPage(width);

      await page.goto(`${server.baseUrl}${withLang(applicationPath, lang)}`);
      // The applicant's panel is headed once; the name is a field of it, not a second "Applicant".
      expect(await page.getByRole('heading', { name: t.newConnection.applicant, exact: true }).count()).toBe(0);
      await page.getByRole('heading', { name: t.newConnection.applicantDetails }).waitFor();
      await expectLooksRight(page, lang, `application ${lang} ${width}`);
      await page.getByRole('link', { name: t.bills.payOnline }).first().click();
      await page.getByRole('button', { name: t.check.payOnline, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: t.newConnection.confirmTitle }).waitFor();
      expect(await page.locator('main').innerText()).toContain(t.newConnection.confirmText(t.newConnection.applicationFee, say('300.00', lang)));
      await expectLooksRight(page, lang, `proceed ${lang} ${width}`);
      await page.getByRole('button', { name: t.newConnection.ok, exact: true }).click();
      await page.waitForURL(/\/demo\/checkout\/pay_/);

      // Pay the application fee through the checkout API; the demand note is then issued.
      const feeId = paymentIdOf(page.url());
      const store = new PortalStore(server.deps.db);
      const session = await payWithTestCard(server, feeId, store.findPayment(feeId)?.clientSecret ?? '');
      await page.goto(String(session.returnUrl));
      await page.goto(`${server.baseUrl}${withLang(applicationPath, lang)}`);
      await page.getByRole('link', { name: t.bills.payOnline }).click();
      await page.getByRole('heading', { level: 1, name: t.newConnection.feeTitle(t.newConnection.demandNote) }).waitFor();
      await page.getByRole('button', { name: t.check.payOnGateway }).click();
      await page.getByRole('heading', { level: 1, name: t.newConnection.confirmTitle }).waitFor();
      // Cancel goes back to the application without starting a payment; OK goes to the gateway's page.
      await page.getByRole('link', { name: t.newConnection.cancel }).click();
      await page.waitForURL((url) => url.pathname === applicationPath);
      await page.getByRole('link', { name: t.bills.payOnline }).click();
      await page.getByRole('button', { name: t.check.payOnGateway }).click();
      await page.getByRole('button', { name: t.newConnection.ok, exact: true }).click();
      await page.waitForURL(new RegExp(`^${server.baseUrl}/checkout/pay_`));
      expect(problems).toEqual([]);
    });
  }
});

describe('the end of a payment', () => {
  it('shows what was charged and the recharge token on the result page and the slip, in every language and width', async () => {
    const started = await postForm(server, '/demo/recharge', { meterNo: '050350143117', amount: '125000', mode: 'embedded' });
    const paymentId = paymentIdOf(started.location);
    const store = new PortalStore(server.deps.db);
    const session = await payWithTestCard(server, paymentId, store.findPayment(paymentId)?.clientSecret ?? '');
    expect((await fetch(String(session.returnUrl), { redirect: 'manual' })).status).toBe(303);
    const view = await merchantApi<{ trackingNumber: string; slip: { amounts: Record<string, string> } }>(server, 'wzpdco', 'GET', `/api/v1/payments/${paymentId}`);
    const token = groupToken(rechargeTokenDigits(paymentId));

    for (const { lang, width } of COMBOS) {
      const t = PORTAL_TEXTS[lang].result;
      const { page, problems } = await openPage(width);
      await page.goto(`${server.baseUrl}${withLang(`/demo/payments/${paymentId}`, lang)}`);
      await page.getByRole('heading', { level: 1, name: t.succeeded }).waitFor();
      const charged = page.getByRole('table');
      const rows = (await charged.getByRole('row').allInnerTexts()).map((row) => row.split('\t').map((cell) => cell.trim()));
      expect(rows).toEqual([
        [t.rechargeAmount, say('1,25,000.00', lang)],
        [t.serviceCharge, say(groupLakh(view.slip.amounts.serviceCharge ?? ''), lang)],
        [t.convenienceFee, say(groupLakh(view.slip.amounts.convenienceFee ?? ''), lang)],
        [t.total, say(groupLakh(view.slip.amounts.total ?? ''), lang)],
      ]);
      expect(await page.locator('[data-tracking-number]').innerText()).toBe(say(view.trackingNumber, lang));
      const shownToken = page.locator('[data-recharge-token]');
      expect(await shownToken.innerText()).toBe(say(token, lang));
      // Long numbers never break inside: the token and the tracking number are one line each.
      for (const number of [shownToken, page.locator('[data-tracking-number]')]) {
        expect(await number.evaluate((element) => element.getClientRects().length)).toBe(1);
      }
      expect(await page.locator('main').innerText()).toContain(t.energyKwh(say('15873.01', lang)));
      await expectLooksRight(page, lang, `result ${lang} ${width}`);

      await page.getByRole('link', { name: t.slipHtml, exact: true }).click();
      await page.waitForURL(/\/slips\/pay_[^/]+\.html/);
      const slip = await page.locator('main').innerText();
      expect(slip).toContain(say(token, lang));
      expect(slip).toContain(say('1,25,000.00', lang));
      const merchant = fixtures.merchants.find((m) => m.id === 'wzpdco');
      expect(slip).toContain(lang === 'bn' ? merchant?.bnName : merchant?.name);
      await expectLooksRight(page, lang, `slip ${lang} ${width}`);
      expect(problems).toEqual([]);
    }
  }, 120_000);
});
