import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckoutCatalog } from '../../../server/checkout/catalog.js';
import type { SessionView } from '../../../server/checkout/schemas.js';
import { sessionViewJson } from '../../../server/checkout/view.js';
import { JsonText } from '../../../server/http/send-json.js';
import { testFixtures } from '../../helpers/server.js';

const fixtures = testFixtures();
const catalog = new CheckoutCatalog(fixtures.checkout, fixtures.gateways);

/** Text a merchant or customer controls, including the slot's own text and lone surrogates. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.constantFrom('\u0000tabs', '"tabs":"\\u0000tabs"', '","tabs":"\u0000tabs","x":"', '\ud800'),
);
const nullableText = fc.option(anyText, { nil: null });
const amountText = fc.constantFrom('11.00', '0.01', '1000000.00', '250.50');

const viewArbitrary = fc
  .record({
    reference: anyText,
    customerName: nullableText,
    returnUrl: nullableText,
    amount: amountText,
    lateFee: fc.constantFrom('0.00', '12.50'),
    errorMessage: nullableText,
  })
  .map(({ reference, customerName, returnUrl, amount, lateFee, errorMessage }): SessionView => ({
    id: 'pay_0123',
    status: 'awaiting_method',
    merchant: { id: 'wzpdco', name: 'WZPDCO', bnName: 'ওজোপাডিকো', shortName: 'WZPDCO' },
    bill: { purpose: 'application_fee', reference, accountNo: null, billNo: null, meterNo: null, billMonth: null, customerName, amount, lateFee },
    expiresAt: '2026-11-22T06:47:00.000Z',
    serverTime: '2026-11-22T06:42:00.000Z',
    tabs: catalog.tabs(amount, lateFee),
    note: catalog.note.en,
    bnNote: catalog.note.bn,
    selection: null,
    nextAction: null,
    attemptsLeft: 3,
    lastError: errorMessage === null ? null : { code: 'card_declined', message: errorMessage, triesLeft: 2 },
    slip: null,
    returnUrl,
  }));

describe('sessionViewJson', () => {
  it('is exactly JSON.stringify of the view, whatever its text fields hold', () => {
    fc.assert(
      fc.property(viewArbitrary, (view) => {
        expect(sessionViewJson(view, catalog)).toBe(JSON.stringify(view));
      }),
      { numRuns: 300 },
    );
  });

  it('serializes a view whose tabs are not the catalog’s in full', () => {
    const view = fc.sample(viewArbitrary, 1)[0] as SessionView;
    const edited = { ...view, tabs: view.tabs.slice(1) };
    expect(sessionViewJson(edited, catalog)).toBe(JSON.stringify(edited));
  });

  it('keeps the cached tabs text equal to the tabs', () => {
    expect(catalog.tabsJson('11.00', '0.00')).toBe(JSON.stringify(catalog.tabs('11.00', '0.00')));
  });
});

describe('JsonText', () => {
  it('serializes back to the value its text holds', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(JSON.stringify({ wrapped: new JsonText(text) })).toBe(JSON.stringify({ wrapped: JSON.parse(text) }));
      }),
    );
  });
});
