import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { detectCardBrand, GATEWAY_SANDBOX_CARDS, luhnValid } from '../../domain/card-number.js';
import { cardTypeDigit } from '../../domain/card-type.js';
import { quoteCharges, type Quote } from '../../domain/charges.js';
import { TEST_OUTCOMES, chargeRulesFor, type Gateway, type MethodGateway } from '../../domain/fixtures-schema.js';
import { realFixtures as fixtures } from './real-fixtures.js';

/** What the real fixtures say: the seed tables, instruments, merchants and accounts. */

function method(id: string) {
  const found = fixtures.checkout.tabs.flatMap((tab) => tab.methods).find((m) => m.id === id);
  if (!found) throw new Error(`no method ${id} in checkout.json`);
  return found;
}

function gateway(id: string): Gateway {
  const found = fixtures.gateways.find((g) => g.id === id);
  if (!found) throw new Error(`no gateway ${id} in gateways.json`);
  return found;
}

/** The gateway table of a method for a bill, computed from the real fixtures. */
function table(methodId: string, billAmount: string): { gateway: string; quote: Quote }[] {
  return method(methodId).gateways.map((entry) => ({
    gateway: entry.gateway,
    quote: quoteCharges({ billAmount, ...chargeRulesFor(gateway(entry.gateway), entry) }),
  }));
}

describe('fixtures: the seed 000 gateway table', () => {
  it.each(['visa', 'mastercard'])('%s reproduces the table exactly for an 11.00 bill', (methodId) => {
    const rows = table(methodId, '11.00');
    expect(rows.map((row) => row.gateway)).toEqual(['EBL', 'UCBL', 'DBBL', 'BBL', 'CITY']);
    expect(rows.map((row) => row.quote.billAmount)).toEqual(['11.00', '11.00', '11.00', '11.00', '11.00']);
    expect(rows.map((row) => row.quote.serviceCharge)).toEqual(['0.12', '0.12', '0.13', '0.14', '0.17']);
    expect(rows.map((row) => row.quote.convenienceFee)).toEqual(['0.00', '0.00', '0.00', '0.00', '0.00']);
    expect(rows.map((row) => row.quote.total)).toEqual(['11.12', '11.12', '11.13', '11.14', '11.17']);
  });

  it("rounds CITY's 0.165 half-up to 0.17, where binary floats give 0.16", () => {
    const city = gateway('CITY').serviceCharge;
    const asFloat = 11 * (Number(city.percent) / 100); // 11 × 0.015
    expect(asFloat).toBe(0.16499999999999998);
    expect(Math.round(asFloat * 100) / 100).toBe(0.16);
    expect(table('visa', '11.00').find((row) => row.gateway === 'CITY')?.quote.serviceCharge).toBe('0.17');
  });

  it('carries the seed note in English and Bangla', () => {
    expect(fixtures.checkout.note.en).toBe(
      'Discount is only applicable to Ekpay Charge & Payment Instrument discount is only applicable to Service Charge.',
    );
    expect(fixtures.checkout.note.bn).toMatch(/[\u0980-\u09FF]/);
  });
});

describe('fixtures: checkout.json', () => {
  it('has the four tabs in the seed order with their labels', () => {
    expect(fixtures.checkout.tabs.map((tab) => [tab.id, tab.label])).toEqual([
      ['cards', 'CARDS'],
      ['mobile_banking', 'Mobile Banking'],
      ['internet_banking', 'Internet Banking'],
      ['wallets', 'WALLETS'],
    ]);
    for (const tab of fixtures.checkout.tabs) expect(tab.bnLabel).toMatch(/[\u0980-\u09FF]/);
  });

  it('offers the seed card brands through their gateways', () => {
    const cards = fixtures.checkout.tabs[0]!.methods;
    expect(cards.map((m) => [m.id, m.name, m.nextAction])).toEqual([
      ['visa', 'VISA', 'card'],
      ['mastercard', 'MasterCard', 'card'],
      ['amex', 'American Express', 'card'],
      ['nexus', 'DBBL Nexus', 'card'],
    ]);
    expect(method('amex').gateways.map((g) => g.gateway)).toEqual(['CITY']);
    expect(method('nexus').gateways.map((g) => g.gateway)).toEqual(['DBBL']);
  });

  it('offers bKash, Rocket, Nagad and upay, each through itself, starting with the wallet number', () => {
    const mobile = fixtures.checkout.tabs[1]!.methods;
    expect(mobile.map((m) => m.id)).toEqual(['bkash', 'rocket', 'nagad', 'upay']);
    for (const m of mobile) {
      expect(m.nextAction).toBe('wallet_number');
      expect(m.gateways.map((g) => g.gateway)).toEqual([m.id.toUpperCase()]);
    }
  });

  it('shows an instrument discount and a gateway discount somewhere, each on its own charge', () => {
    const rows = fixtures.checkout.tabs.flatMap((tab) => tab.methods).flatMap((m) => table(m.id, '11.00'));
    const withInstrumentDiscount = rows.filter((row) => row.quote.instrumentDiscount !== '0.00');
    const withGatewayDiscount = rows.filter((row) => row.quote.gatewayDiscount !== '0.00');
    expect(withInstrumentDiscount.length).toBeGreaterThan(0);
    expect(withGatewayDiscount.length).toBeGreaterThan(0);
    for (const { quote } of withInstrumentDiscount) {
      expect(new Decimal(quote.instrumentDiscount).lte(quote.serviceCharge)).toBe(true);
    }
    for (const { quote } of withGatewayDiscount) {
      expect(new Decimal(quote.gatewayDiscount).lte(quote.convenienceFee)).toBe(true);
    }
  });
});

describe('fixtures: chargeRulesFor', () => {
  const base: Gateway = {
    ...gateway('EBL'),
    convenienceFee: { percent: '0', flat: '2.00' },
    gatewayDiscount: { percent: '100', flat: '0.00' },
  };

  it("uses the gateway's rules when the method overrides none", () => {
    expect(chargeRulesFor(base, { gateway: 'EBL' })).toEqual({
      serviceCharge: base.serviceCharge,
      convenienceFee: base.convenienceFee,
      gatewayDiscount: base.gatewayDiscount,
    });
  });

  it("replaces the rules the method gives, and null removes the gateway's discount", () => {
    const entry: MethodGateway = {
      gateway: 'EBL',
      serviceCharge: { percent: '2', flat: '0.00' },
      instrumentDiscount: { percent: '10', flat: '0.00' },
      gatewayDiscount: null,
    };
    expect(chargeRulesFor(base, entry)).toEqual({
      serviceCharge: { percent: '2', flat: '0.00' },
      convenienceFee: base.convenienceFee,
      instrumentDiscount: { percent: '10', flat: '0.00' },
    });
  });
});

describe('fixtures: test-instruments.json', () => {
  const { cards, mobileBanking, internetBanking, wallets } = fixtures.testInstruments;
  const all = [...cards, ...mobileBanking, ...internetBanking, ...wallets];

  it('has every outcome the simulator gives at least once', () => {
    for (const outcome of TEST_OUTCOMES) expect(all.map((i) => i.outcome)).toContain(outcome);
  });

  it.each(['visa', 'mastercard', 'amex', 'nexus'])('has a %s card that succeeds and one that is declined', (brand) => {
    const outcomes = cards.filter((card) => card.brand === brand).map((card) => card.outcome);
    expect(outcomes).toContain('success');
    expect(outcomes).toContain('declined');
  });

  it("has only Luhn-valid card numbers of the brand they claim (but SSLCommerz's sandbox cards, as printed)", () => {
    for (const card of cards) {
      expect(luhnValid(card.number) || GATEWAY_SANDBOX_CARDS.includes(card.number), card.number).toBe(true);
      expect(detectCardBrand(card.number), card.number).toBe(card.brand);
    }
  });

  it('has a test instrument for each of the seed card-type digits 1-7', () => {
    const digits = new Set([
      ...cards.map((card) => cardTypeDigit({ kind: 'card', brand: card.brand, issuer: card.issuer, funding: card.funding, last4: card.number.slice(-4) })),
      ...mobileBanking.map((w) => cardTypeDigit({ kind: 'mobile_banking', provider: w.provider, account: w.walletNumber })),
    ]);
    for (const digit of [1, 2, 3, 4, 5, 6, 7]) expect(digits).toContain(digit);
  });

  it('has DBBL Visa and Master debit cards that succeed, and Visa and Master credit cards of other banks', () => {
    const succeeds = (brand: string, issuer: string, funding: string) =>
      cards.some((c) => c.brand === brand && c.issuer === issuer && c.funding === funding && c.outcome === 'success');
    expect(succeeds('visa', 'DBBL', 'debit')).toBe(true);
    expect(succeeds('mastercard', 'DBBL', 'debit')).toBe(true);
    expect(cards.some((c) => c.brand === 'visa' && c.funding === 'credit' && c.issuer !== 'DBBL')).toBe(true);
    expect(cards.some((c) => c.brand === 'mastercard' && c.funding === 'credit' && c.issuer !== 'DBBL')).toBe(true);
  });

  it('has the bKash wallets integrators know, and a working wallet for every mobile-banking provider', () => {
    expect(mobileBanking).toContainEqual(expect.objectContaining({ provider: 'bkash', otp: '123456', pin: '12121', outcome: 'success' }));
    expect(mobileBanking).toContainEqual(expect.objectContaining({ provider: 'bkash', outcome: 'insufficient_funds' }));
    for (const provider of ['rocket', 'nagad', 'upay']) {
      expect(mobileBanking).toContainEqual(expect.objectContaining({ provider, outcome: 'success' }));
    }
  });

  it('has internet-banking logins that succeed and that are declined', () => {
    expect(internetBanking.map((login) => login.outcome)).toEqual(expect.arrayContaining(['success', 'declined']));
  });
});

describe('fixtures: merchants, accounts, settings', () => {
  it('has exactly the two demo merchants with their test keys', () => {
    expect(fixtures.merchants.map((m) => [m.id, m.shortName, m.utility, m.billLayout, m.secretKey, m.webhookSecret])).toEqual([
      ['desco', 'DESCO', 'DESCO', 'desco', 'sk_test_desco_demo', 'whsec_desco_demo'],
      ['wzpdco', 'WZPDCO', 'WZPDCO', 'standard', 'sk_test_wzpdco_demo', 'whsec_wzpdco_demo'],
    ]);
  });

  it("has seed 000's DESCO bill list for account 12345678", () => {
    const account = fixtures.accounts.find((a) => a.merchant === 'desco' && a.accountNo === '12345678');
    expect(account?.bills.map((b) => [b.billNo, b.amount, b.status])).toEqual([
      ['062212345678', '11.00', 'unpaid'],
      ['052212345678', '11.00', 'unpaid'],
      ['012212345678', '11.00', 'paid'],
      ['102112345678', '11.00', 'paid'],
      ['092112345678', '11.00', 'paid'],
    ]);
  });

  it("has seed 002's WZPDCO account, bill and prepaid meter", () => {
    const wzpdco = fixtures.accounts.filter((a) => a.merchant === 'wzpdco');
    expect(wzpdco.find((a) => a.accountNo === '104231245')?.bills.map((b) => b.billNo)).toContain('2202104231245');
    expect(wzpdco.find((a) => a.kind === 'prepaid')?.meterNo).toBe('050350143117');
  });

  it('has the seed timer and the documented limits', () => {
    expect(fixtures.settings).toMatchObject({ currency: 'BDT', selectionSeconds: 300, maxAttempts: 3, maxOtpTries: 3 });
  });
});
