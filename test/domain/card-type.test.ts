import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardTypeDigit,
  cardTypeRulesSchema,
  defaultCardTypeRules,
  describeCardType,
  type CardTypeRules,
} from '../../domain/card-type.js';
import { DomainError } from '../../domain/errors.js';
import type { Instrument } from '../../domain/instrument.js';

const card = (brand: string, issuer: string, funding: 'debit' | 'credit' | 'prepaid'): Instrument => ({
  kind: 'card',
  brand,
  issuer,
  funding,
  last4: '1111',
});
const mobile = (provider: string): Instrument => ({ kind: 'mobile_banking', provider, account: '017•••••678' });

describe('cardTypeDigit', () => {
  it.each<[number, Instrument]>([
    [1, card('nexus', 'DBBL', 'debit')],
    [2, card('mastercard', 'DBBL', 'debit')],
    [3, card('visa', 'DBBL', 'debit')],
    [4, card('visa', 'EBL', 'credit')],
    [4, card('visa', 'DBBL', 'credit')],
    [5, card('mastercard', 'CITY', 'credit')],
    [5, card('mastercard', 'DBBL', 'credit')],
    [6, mobile('rocket')],
    [7, mobile('bkash')],
  ])("gives seed 002's digit %i to %j", (digit, instrument) => {
    expect(cardTypeDigit(instrument)).toBe(digit);
  });

  it.each<[number, Instrument]>([
    [8, card('amex', 'CITY', 'credit')],
    [8, card('visa', 'EBL', 'debit')],
    [8, card('mastercard', 'BBL', 'prepaid')],
    [8, card('visa', 'DBBL', 'prepaid')],
    [8, card('nexus', 'DBBL', 'credit')],
    [9, mobile('nagad')],
    [9, mobile('upay')],
    [9, { kind: 'internet_banking', bank: 'CITY', account: 'c•••y' }],
    [9, { kind: 'wallet', provider: 'ipay', account: '01•••' }],
  ])('gives the fixture catch-all digit %i to %j', (digit, instrument) => {
    expect(cardTypeDigit(instrument)).toBe(digit);
  });

  it('matches brands, issuers and providers case-insensitively', () => {
    expect(cardTypeDigit(card('VISA', 'dbbl', 'debit'))).toBe(3);
    expect(cardTypeDigit(mobile('bKash'))).toBe(7);
  });

  it('never gives 0: every instrument gets a digit 1-9', () => {
    const instrument: fc.Arbitrary<Instrument> = fc.oneof(
      fc.record({
        kind: fc.constant('card' as const),
        brand: fc.oneof(fc.constantFrom('visa', 'mastercard', 'amex', 'nexus', 'VISA'), fc.string()),
        issuer: fc.oneof(fc.constantFrom('DBBL', 'EBL', 'CITY', 'UCBL', 'BBL'), fc.string()),
        funding: fc.constantFrom('debit' as const, 'credit' as const, 'prepaid' as const),
        last4: fc.constant('1111'),
      }),
      fc.record({
        kind: fc.constantFrom('mobile_banking' as const, 'wallet' as const),
        provider: fc.oneof(fc.constantFrom('bkash', 'rocket', 'nagad', 'upay', 'BKASH'), fc.string()),
        account: fc.string(),
      }),
      fc.record({ kind: fc.constant('internet_banking' as const), bank: fc.string(), account: fc.string() }),
    );
    fc.assert(
      fc.property(instrument, (value) => {
        const digit = cardTypeDigit(value);
        expect(Number.isInteger(digit) && digit >= 1 && digit <= 9).toBe(true);
        expect(describeCardType(digit)).toEqual(expect.any(String));
      }),
    );
  });

  it('throws DomainError for something that is not an instrument', () => {
    for (const notAnInstrument of [null, undefined, 7, 'card', {}, { kind: 'cash' }]) {
      expect(() => cardTypeDigit(notAnInstrument as never)).toThrow(
        expect.objectContaining({ name: 'DomainError', field: 'instrument', rule: 'type' }),
      );
    }
  });

  it('uses the rules it is given, first match first', () => {
    const rules = cardTypeRulesSchema.parse([
      { digit: 2, label: 'Any Visa', match: { kind: 'card', brand: 'visa' } },
      { digit: 1, label: 'Anything else', match: { kind: ['card', 'mobile_banking', 'internet_banking', 'wallet'] } },
    ]);
    expect(cardTypeDigit(card('visa', 'DBBL', 'debit'), rules)).toBe(2);
    expect(cardTypeDigit(mobile('bkash'), rules)).toBe(1);
  });

  it('throws DomainError (not a TypeError) when unchecked rules leave an instrument out', () => {
    const incomplete: CardTypeRules = [{ digit: 4, label: 'Visa credit', match: { kind: 'card', brand: 'visa', funding: 'credit' } }];
    expect(() => cardTypeDigit(mobile('bkash'), incomplete)).toThrow(DomainError);
  });
});

describe('describeCardType', () => {
  it('labels every digit 1-9 and nothing else', () => {
    expect(describeCardType(1)).toBe('DBBL Nexus debit card');
    expect(describeCardType(6)).toBe('Rocket mobile banking');
    expect(describeCardType(7)).toBe('bKash mobile banking');
    expect(describeCardType(8)).toMatch(/^Any other card/);
    expect(describeCardType(9)).toMatch(/^Any other account-based method/);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((digit) => describeCardType(digit))).not.toContain(undefined);
    expect(describeCardType(0)).toBeUndefined();
  });
});

describe('cardTypeRulesSchema', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/card-types.json', import.meta.url), 'utf8')) as unknown[];
  const issuesOf = (rules: unknown) => cardTypeRulesSchema.safeParse(rules).error?.issues.map((issue) => issue.message) ?? [];

  it('accepts the fixture, which is what defaultCardTypeRules holds', () => {
    expect(cardTypeRulesSchema.parse(fixture)).toEqual(defaultCardTypeRules);
  });

  it('refuses a list without a catch-all for some kind of instrument', () => {
    expect(issuesOf(fixture.slice(0, -1))).toContainEqual(expect.stringMatching(/no catch-all rule .* for mobile_banking/));
  });

  it('refuses digit 0, a repeated digit, an unreachable rule and an attribute the kind lacks', () => {
    const catchAll = { digit: 9, label: 'Anything', match: { kind: ['card', 'mobile_banking', 'internet_banking', 'wallet'] } };
    expect(issuesOf([{ digit: 0, label: 'Zero', match: { kind: 'card' } }, catchAll])).toHaveLength(1);
    expect(issuesOf([{ digit: 9, label: 'Cards', match: { kind: 'card', brand: 'visa' } }, catchAll])).toContainEqual(
      expect.stringMatching(/digit 9 is already defined/),
    );
    expect(issuesOf([catchAll, { digit: 1, label: 'Visa', match: { kind: 'card', brand: 'visa' } }])).toContainEqual(
      expect.stringMatching(/unreachable/),
    );
    expect(issuesOf([{ digit: 1, label: 'bKash', match: { kind: 'wallet', brand: 'bkash' } }, catchAll])).toContainEqual(
      expect.stringMatching(/wallet instrument has no brand/),
    );
  });

  it('refuses unknown keys, so a typo cannot widen a rule', () => {
    expect(issuesOf([{ digit: 1, label: 'Visa', match: { kind: 'card', brnd: 'visa' } }])).not.toHaveLength(0);
  });
});
