/**
 * The card-type digit that opens a tracking number, derived from the instrument actually used.
 * Seed 002 defines 1-7; fixtures/card-types.json adds the catch-alls (8 any other card, 9 any other
 * account-based method) so that no instrument ever gets a silent 0. The rules are an ordered
 * list, first match wins; the schema refuses lists that would leave an instrument without a digit.
 */
import { z } from 'zod';
import data from '../fixtures/card-types.json' with { type: 'json' };
import { DomainError } from './errors.js';
import type { Instrument, InstrumentKind } from './instrument.js';

const instrumentKinds = ['card', 'mobile_banking', 'internet_banking', 'wallet'] as const satisfies readonly InstrumentKind[];

/** Instrument attributes a rule may match on; `issuer` is the card's bank or the internet-banking bank. */
type MatchAttribute = 'brand' | 'issuer' | 'funding' | 'provider';

const attributesOfKind: Readonly<Record<InstrumentKind, readonly MatchAttribute[]>> = {
  card: ['brand', 'issuer', 'funding'],
  mobile_banking: ['provider'],
  internet_banking: ['issuer'],
  wallet: ['provider'],
};

const kindSchema = z.enum(instrumentKinds);
const nonEmpty = z.string().min(1);

const cardTypeRuleSchema = z
  .strictObject({
    digit: z.int().min(1).max(9),
    /** What the digit means, in words; the README quotes it. */
    label: nonEmpty,
    match: z.strictObject({
      kind: z.union([kindSchema, z.array(kindSchema).min(1)]),
      brand: nonEmpty.optional(),
      issuer: nonEmpty.optional(),
      funding: z.enum(['debit', 'credit', 'prepaid']).optional(),
      provider: nonEmpty.optional(),
    }),
  })
  .superRefine((rule, ctx) => {
    for (const attribute of matchedAttributes(rule.match)) {
      for (const kind of kindsOf(rule.match)) {
        if (!attributesOfKind[kind].includes(attribute)) {
          const message = `a ${kind} instrument has no ${attribute}, so this rule could never match it`;
          ctx.addIssue({ code: 'custom', path: ['match', attribute], message });
        }
      }
    }
  });

export type CardTypeRule = z.output<typeof cardTypeRuleSchema>;
type RuleMatch = CardTypeRule['match'];

function kindsOf(match: RuleMatch): readonly InstrumentKind[] {
  return typeof match.kind === 'string' ? [match.kind] : match.kind;
}

function matchedAttributes(match: RuleMatch): MatchAttribute[] {
  return (['brand', 'issuer', 'funding', 'provider'] as const).filter((attribute) => match[attribute] !== undefined);
}

/** Rules are ordered, digits unique, every rule reachable, and every kind ends in a catch-all. */
export const cardTypeRulesSchema = z.array(cardTypeRuleSchema).superRefine((rules, ctx) => {
  const digitIndex = new Map<number, number>();
  const caughtKinds = new Set<InstrumentKind>();
  rules.forEach((rule, index) => {
    const earlier = digitIndex.get(rule.digit);
    if (earlier !== undefined) {
      const message = `digit ${rule.digit} is already defined by rule ${earlier}`;
      ctx.addIssue({ code: 'custom', path: [index, 'digit'], message });
    }
    digitIndex.set(rule.digit, index);
    const kinds = kindsOf(rule.match);
    if (kinds.every((kind) => caughtKinds.has(kind))) {
      const message = 'unreachable: an earlier catch-all rule already matches every instrument this rule could';
      ctx.addIssue({ code: 'custom', path: [index], message });
    }
    if (matchedAttributes(rule.match).length === 0) kinds.forEach((kind) => caughtKinds.add(kind));
  });
  for (const kind of instrumentKinds) {
    if (!caughtKinds.has(kind)) {
      const message = `no catch-all rule (match on kind only) for ${kind} instruments, so some would get no digit`;
      ctx.addIssue({ code: 'custom', path: [], message });
    }
  }
});

export type CardTypeRules = z.output<typeof cardTypeRulesSchema>;

// Parsed once, at import: compiling zod's fast path (jit) for one parse costs more than it saves.
export const defaultCardTypeRules: CardTypeRules = cardTypeRulesSchema.parse(data, { jitless: true });

/** The instrument's matchable attributes, lower-cased: issuers, brands and providers compare case-insensitively. */
function attributesOf(instrument: Instrument): Partial<Record<MatchAttribute, string>> {
  const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : undefined);
  switch (instrument.kind) {
    case 'card':
      return {
        brand: lower(instrument.brand),
        issuer: lower(instrument.issuer),
        funding: lower(instrument.funding),
      };
    case 'internet_banking':
      return { issuer: lower(instrument.bank) };
    case 'mobile_banking':
    case 'wallet':
      return { provider: lower(instrument.provider) };
  }
}

function ruleMatches(match: RuleMatch, instrument: Instrument): boolean {
  if (!kindsOf(match).includes(instrument.kind)) return false;
  const actual = attributesOf(instrument);
  return matchedAttributes(match).every(
    (attribute) => match[attribute]?.toLowerCase() === actual[attribute],
  );
}

/** The card-type digit (1-9) of the instrument a payment used; the first matching rule wins. */
export function cardTypeDigit(instrument: Instrument, rules: CardTypeRules = defaultCardTypeRules): number {
  const kind: unknown = (instrument as { kind?: unknown } | null | undefined)?.kind;
  if (typeof kind !== 'string' || !(instrumentKinds as readonly string[]).includes(kind)) {
    throw new DomainError('instrument', 'type', `instrument kind must be one of ${instrumentKinds.join(', ')}`);
  }
  const rule = rules.find((candidate) => ruleMatches(candidate.match, instrument));
  if (!rule) {
    // Only reachable with rules that skipped cardTypeRulesSchema.
    throw new DomainError('instrument', 'card_type', `no card-type rule matches this ${kind} instrument`);
  }
  return rule.digit;
}

/** The label of a card-type digit, or undefined when the rules do not define it. */
export function describeCardType(digit: number, rules: CardTypeRules = defaultCardTypeRules): string | undefined {
  return rules.find((rule) => rule.digit === digit)?.label;
}
