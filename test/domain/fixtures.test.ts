import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { detectCardBrand, luhnValid } from '../../domain/card-number.js';
import { cardTypeDigit } from '../../domain/card-type.js';
import { quoteCharges, type Quote } from '../../domain/charges.js';
import {
  FIXTURE_FILES,
  TEST_OUTCOMES,
  chargeRulesFor,
  checkoutFileSchema,
  findCrossFileIssues,
  gatewaysFileSchema,
  merchantsFileSchema,
  accountsFileSchema,
  testInstrumentsFileSchema,
  type FixturePart,
  type Fixtures,
  type Gateway,
  type MethodGateway,
} from '../../domain/fixtures-schema.js';
import type { z } from 'zod';

/** The real fixture files, read and parsed here without the server's loader. */
function readRaw(part: FixturePart): unknown {
  const url = new URL(`../../fixtures/${FIXTURE_FILES[part].file}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8'));
}

function parsePart<Part extends FixturePart>(part: Part): Fixtures[Part] {
  return (FIXTURE_FILES[part].schema as z.ZodType).parse(readRaw(part)) as Fixtures[Part];
}

const PARTS = Object.keys(FIXTURE_FILES) as FixturePart[];
const fixtures = Object.fromEntries(PARTS.map((part) => [part, parsePart(part)])) as unknown as Fixtures;

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

/** Issues a schema reports for `value`, as "path: message" lines. */
function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
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

  it('has only Luhn-valid card numbers of the brand they claim', () => {
    for (const card of cards) {
      expect(luhnValid(card.number), card.number).toBe(true);
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

describe('fixtures: schemas refuse bad data with the JSON path', () => {
  const validGateway = { id: 'EBL', kind: 'bank', name: 'EBL', bnName: 'ইবিএল', fullName: 'Eastern Bank PLC', bnFullName: 'ইস্টার্ন ব্যাংক', serviceCharge: { percent: '1.1', flat: '0.00' } };

  it('refuses a fee that is not a decimal string, naming where it is', () => {
    const bad = { gateways: [validGateway, { ...validGateway, id: 'CITY', serviceCharge: { percent: '1,5', flat: '0.00' } }] };
    expect(issuesOf(gatewaysFileSchema, bad)).toEqual([expect.stringMatching(/^gateways\.1\.serviceCharge\.percent: expected a decimal string/)]);
    const asNumber = { gateways: [{ ...validGateway, serviceCharge: { percent: 1.1, flat: '0.00' } }] };
    expect(issuesOf(gatewaysFileSchema, asNumber)).toEqual([expect.stringMatching(/^gateways\.0\.serviceCharge\.percent: /)]);
  });

  it('passes amounts on in their boundary form and percentages in their shortest form', () => {
    const loose = { gateways: [{ ...validGateway, serviceCharge: { percent: '1.10', flat: '2', min: '১' } }] };
    expect(gatewaysFileSchema.parse(loose)[0]?.serviceCharge).toEqual({ percent: '1.1', flat: '2.00', min: '1.00' });
  });

  it('refuses min above max, duplicate ids and unknown keys', () => {
    const minAboveMax = { gateways: [{ ...validGateway, serviceCharge: { percent: '1', flat: '0', min: '5.00', max: '1.00' } }] };
    expect(issuesOf(gatewaysFileSchema, minAboveMax)).toEqual(['gateways.0.serviceCharge.min: min must not exceed max']);
    expect(issuesOf(gatewaysFileSchema, { gateways: [validGateway, validGateway] })).toEqual([
      'gateways.1.id: duplicate gateway id "EBL" (first at index 0)',
    ]);
    expect(issuesOf(gatewaysFileSchema, { gateways: [{ ...validGateway, colour: 'red' }] })).toEqual([
      expect.stringMatching(/^gateways\.0: .*colour/),
    ]);
  });

  it('refuses a method in the wrong tab and a method id used twice', () => {
    const raw = structuredClone(readRaw('checkout')) as { tabs: { methods: { id: string; kind: string }[] }[] };
    raw.tabs[1]!.methods[0]!.kind = 'card';
    raw.tabs[3]!.methods[0]!.id = 'visa';
    expect(issuesOf(checkoutFileSchema, raw)).toEqual([
      'tabs.1.methods.0.kind: the mobile_banking tab holds mobile_banking methods, not card',
      'tabs.3.methods.0.id: duplicate method id "visa"',
    ]);
  });

  it('refuses test cards that fail Luhn, claim the wrong brand or have the wrong CVC length', () => {
    const card = { number: '4111111111111111', brand: 'visa', issuer: 'EBL', funding: 'credit', expiry: '12/30', cvc: '123', outcome: 'success', label: 'ok' };
    const issues = issuesOf(testInstrumentsFileSchema, {
      cards: [
        { ...card, number: '4111111111111112' },
        { ...card, number: '5555555555554444' },
        { ...card, number: '378282246310005', brand: 'amex' },
      ],
    });
    expect(issues).toEqual([
      expect.stringMatching(/^cards\.0\.number: .*check digit/),
      'cards.1.brand: the number is a mastercard number, not visa',
      'cards.2.cvc: a amex card has a 4-digit CVC',
    ]);
  });

  it('refuses an expired_card outcome on a wallet', () => {
    const wallet = { provider: 'bkash', walletNumber: '01770618575', otp: '123456', pin: '12121', outcome: 'expired_card', label: 'x' };
    expect(issuesOf(testInstrumentsFileSchema, { mobileBanking: [wallet] })).toEqual([expect.stringMatching(/^mobileBanking\.0\.outcome: /)]);
  });

  it('names a duplicate secret key without echoing it', () => {
    const raw = structuredClone(readRaw('merchants')) as { merchants: { secretKey: string }[] };
    raw.merchants[1]!.secretKey = raw.merchants[0]!.secretKey;
    const issues = issuesOf(merchantsFileSchema, raw);
    expect(issues).toEqual(['merchants.1.secretKey: duplicate secret key (first at index 0)']);
  });

  it('refuses a paid bill without paidAt and a prepaid account without its meter', () => {
    const raw = structuredClone(readRaw('accounts')) as { accounts: { kind: string; meterNo?: string; bills: { paidAt?: string }[] }[] };
    delete raw.accounts[0]!.bills[2]!.paidAt;
    delete raw.accounts[1]!.meterNo;
    expect(issuesOf(accountsFileSchema, raw)).toEqual([
      'accounts.0.bills.2.paidAt: a paid bill has paidAt, an unpaid bill has none',
      'accounts.1.meterNo: a prepaid account needs its meter number',
    ]);
  });
});

describe('fixtures: checks across files', () => {
  it('finds nothing wrong with the real fixtures', () => {
    expect(findCrossFileIssues(fixtures)).toEqual([]);
  });

  /** Applies `change` to a deep copy of the real fixtures and returns the issues found. */
  function issuesAfter(change: (copy: Fixtures) => void) {
    const copy = structuredClone(fixtures);
    change(copy);
    return findCrossFileIssues(copy).map(({ part, path, message }) => ({ part, path: path.join('.'), message }));
  }

  it.each<[string, (f: Fixtures) => void, FixturePart, string, RegExp]>([
    ['a method through an unknown gateway', (f) => { f.checkout.tabs[0]!.methods[0]!.gateways[0]!.gateway = 'XBANK'; }, 'checkout', 'tabs.0.methods.0.gateways.0.gateway', /unknown gateway "XBANK"/],
    ['a test card of an unknown brand', (f) => { f.testInstruments.cards[0]!.brand = 'discover'; }, 'testInstruments', 'cards.0.brand', /not a card method/],
    ['a test card of an unknown issuer', (f) => { f.testInstruments.cards[0]!.issuer = 'XBANK'; }, 'testInstruments', 'cards.0.issuer', /unknown gateway/],
    ['a wallet of a card method', (f) => { f.testInstruments.mobileBanking[0]!.provider = 'visa'; }, 'testInstruments', 'mobileBanking.0.provider', /not a mobile_banking method/],
    ['a bank login at a bank without internet banking', (f) => { f.testInstruments.internetBanking[0]!.bank = 'BBL'; }, 'testInstruments', 'internetBanking.0.bank', /no internet-banking method's gateway/],
    ['a card-type rule for an unknown issuer', (f) => { f.cardTypes[0]!.match.issuer = 'XBANK'; }, 'cardTypes', '0.match.issuer', /unknown gateway/],
    ['a merchant of an unknown utility', (f) => { f.merchants[0]!.utility = 'XPDC'; }, 'merchants', 'merchants.0.utility', /unknown utility/],
    ['an account of an unknown merchant', (f) => { f.accounts[0]!.merchant = 'nobody'; }, 'accounts', 'accounts.0.merchant', /unknown merchant/],
    ["a bill of another account", (f) => { f.accounts[0]!.bills[0]!.billNo = '062287654321'; }, 'accounts', 'accounts.0.bills.0.billNo', /belongs to account 87654321/],
    ['a bill month that disagrees with the bill number', (f) => { f.accounts[0]!.bills[0]!.billMonth = '2022-07'; }, 'accounts', 'accounts.0.bills.0.billMonth', /is the bill of 2022-06/],
    ['a WZPDCO bill number with month 13', (f) => { f.accounts[2]!.bills[0]!.billNo = '2613104231245'; }, 'accounts', 'accounts.2.bills.0.billNo', /month 13/],
    ['a 9-digit account at a DESCO-layout merchant', (f) => { f.accounts[0]!.accountNo = '123456789'; }, 'accounts', 'accounts.0.accountNo', /8 digits/],
    ["a meter of another utility", (f) => { f.accounts[1]!.meterNo = '050350143117'; }, 'accounts', 'accounts.1.meterNo', /WZPDCO meter/],
  ])('reports %s', (_name, change, part, path, message) => {
    expect(issuesAfter(change)).toContainEqual({ part, path, message: expect.stringMatching(message) });
  });
});
