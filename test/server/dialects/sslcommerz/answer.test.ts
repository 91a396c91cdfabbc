import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckoutCatalog } from '../../../../server/checkout/catalog.js';
import { initAnswer, initAnswerText } from '../../../../server/dialects/sslcommerz/answer.js';
import { testFixtures } from '../../../helpers/server.js';

const fixtures = testFixtures();
const catalog = new CheckoutCatalog(fixtures.checkout, fixtures.gateways);

/** Any text, the markers' own and lone surrogates included. */
const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('\u0000b', '\\u0000k', '"\u0000a"', '\ud800', 'ডেসকো "x"\n'));

describe('the SSLCommerz init answer', () => {
  it('is exactly JSON.stringify of the answer object, whatever the values hold', () => {
    fc.assert(
      fc.property(
        fc.record({ baseUrl: anyText, sessionkey: anyText, amount: anyText, storeName: anyText }),
        (values) => {
          expect(initAnswerText(catalog, values).text).toBe(JSON.stringify(initAnswer(catalog, values)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('points every redirect at the session on the base URL', () => {
    const values = { baseUrl: 'http://127.0.0.1:4010', sessionkey: '0123456789ABCDEF0123456789ABCDEF', amount: '100.00', storeName: 'WZPDCO' };
    const answer = JSON.parse(initAnswerText(catalog, values).text) as { GatewayPageURL: string; store_name: string; desc: { redirectGatewayURL: string }[] };
    expect(answer.GatewayPageURL).toBe(`${values.baseUrl}/EasyCheckOut/${values.sessionkey}`);
    expect(answer.store_name).toBe('WZPDCO');
    expect(answer.desc.length).toBe(catalog.allMethods().length);
    for (const { redirectGatewayURL } of answer.desc) {
      expect(redirectGatewayURL).toMatch(/^http:\/\/127\.0\.0\.1:4010\/EasyCheckOut\/0123456789ABCDEF0123456789ABCDEF\?mamount=100\.00&Q=REDIRECT&SESSIONKEY=0123456789ABCDEF0123456789ABCDEF&/);
    }
  });
});
