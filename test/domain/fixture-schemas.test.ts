import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  accountsFileSchema,
  checkoutFileSchema,
  findCrossFileIssues,
  gatewaysFileSchema,
  merchantsFileSchema,
  testInstrumentsFileSchema,
  type FixturePart,
  type Fixtures,
} from '../../domain/fixtures-schema.js';
import { readRaw, realFixtures as fixtures } from './real-fixtures.js';

/** What the fixture schemas and the cross-file checks refuse, and where they say it is. */

/** Issues a schema reports for `value`, as "path: message" lines. */
function issuesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

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
