import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteCharges } from '../../../domain/charges.js';
import { chargeRulesFor } from '../../../domain/fixtures-schema.js';
import { CheckoutCatalog } from '../../../server/checkout/catalog.js';
import { testFixtures } from '../../helpers/server.js';

const fixtures = testFixtures();

/** Every (method, gateway) row of the checkout fixture. */
const rows = fixtures.checkout.tabs.flatMap((tab) =>
  tab.methods.flatMap((method) => method.gateways.map((entry) => ({ method, entry }))),
);
const amount = fc
  .tuple(fc.integer({ min: 1, max: 999_999 }), fc.integer({ min: 0, max: 99 }))
  .map(([taka, paisa]) => `${taka}.${String(paisa).padStart(2, '0')}`);
const lateFee = fc.constantFrom('0.00', '12.50', '100.00');

describe('CheckoutCatalog.quote (select)', () => {
  it("is the row's own fee rules applied to the bill, the same figures its row shows in the tabs, in an object of its own", () => {
    fc.assert(
      fc.property(fc.constantFrom(...rows), amount, lateFee, ({ method, entry }, billAmount, fee) => {
        // A fresh catalog each run: the quote must not depend on the tabs having been read first.
        const catalog = new CheckoutCatalog(fixtures.checkout, fixtures.gateways);
        const { quote } = catalog.quote(method.id, entry.gateway, billAmount, fee);
        const gateway = fixtures.gateways.find((candidate) => candidate.id === entry.gateway);
        if (!gateway) throw new Error(`no gateway ${entry.gateway}`);
        const { instrumentDiscount: _instrument, gatewayDiscount: _gateway, ...expected } = quoteCharges({
          billAmount,
          lateFee: fee,
          ...chargeRulesFor(gateway, entry),
        });
        expect(quote).toEqual(expected);
        const shown = catalog
          .tabs(billAmount, fee)
          .flatMap((tab) => tab.methods)
          .find((candidate) => candidate.id === method.id)
          ?.gateways.find((row) => row.id === entry.gateway)?.quote;
        expect(quote).toEqual(shown);
        expect(quote).not.toBe(shown);
      }),
      { numRuns: 200 },
    );
  });
});
