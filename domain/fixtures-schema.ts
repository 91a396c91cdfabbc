/**
 * The shape of every fixtures/*.json file (one zod schema per file), the aggregate `Fixtures`,
 * and the checks that span files (ids one file uses that another defines, bill numbers that
 * must belong to their account). Pure: reading the files is server/fixtures/load.ts's job.
 */
import type { Decimal } from 'decimal.js';
import { z } from 'zod';
import { parseCardNumber } from './card-number.js';
import { cardTypeRulesSchema, type CardTypeRules } from './card-type.js';
import { referenceCatalogSchema, type ReferenceCatalog } from './catalog.js';
import type { ChargeRule, DiscountRule, QuoteInput } from './charges.js';
import { isDomainError } from './errors.js';
import { parseAccountNumber, parseBillNumber, parseDescoBillNumber, parseMeterNumber } from './identifiers/index.js';
import { formatAmount, parseAmount, parsePercent } from './money.js';

// ---- building blocks ----

/** Every file may carry a `$comment` explaining its data; the schemas drop it. */
const comment = { $comment: z.string().optional() };
const text = z.string().min(1);
const names = { name: text, bnName: text };
const digits = (length: number) => z.string().regex(new RegExp(`^[0-9]{${length}}$`), `expected ${length} digits`);

/**
 * A decimal string `parse` accepts, passed on as `normalize` writes it (amounts become "11.00");
 * the DomainError message of a refused value becomes the issue.
 */
function decimalString(parse: (value: string, field: string) => Decimal, what: string, normalize: (value: Decimal) => string) {
  return z.string().transform((value, ctx) => {
    try {
      return normalize(parse(value, what));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      ctx.addIssue({ code: 'custom', message: `expected a decimal string: ${error.message}` });
      return z.NEVER;
    }
  });
}

/** For cross-field checks, which zod runs even when a field failed its own check. */
function validAmountOrUndefined(value: string | undefined): Decimal | undefined {
  try {
    return value === undefined ? undefined : parseAmount(value, 'amount', { allowZero: true });
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

const amountString = decimalString((value, field) => parseAmount(value, field, { allowZero: true }), 'amount', formatAmount);
const positiveAmountString = decimalString((value, field) => parseAmount(value, field), 'amount', formatAmount);
// Percentages stay exact, in their shortest plain form ("1.10" → "1.1").
const percentString = decimalString(parsePercent, 'percent', (value) => value.toFixed());

/**
 * Refines a list so that no two items share `key`; the duplicate gets the issue, at `field` when
 * given. Secrets are named but never echoed into the message.
 */
function noDuplicates<Item>(what: string, key: (item: Item) => string, opts: { field?: string; secret?: boolean } = {}) {
  return (items: Item[], ctx: z.RefinementCtx) => {
    const firstIndex = new Map<string, number>();
    items.forEach((item, index) => {
      const k = key(item);
      const earlier = firstIndex.get(k);
      if (earlier === undefined) {
        firstIndex.set(k, index);
        return;
      }
      const shown = opts.secret ? '' : ` "${k}"`;
      ctx.addIssue({
        code: 'custom',
        path: opts.field === undefined ? [index] : [index, opts.field],
        message: `duplicate ${what}${shown} (first at index ${earlier})`,
      });
    });
  };
}

/**
 * What identifies an item of each keyed list: duplicates are refused, and an override folder's
 * item replaces the default item with the same key (server/fixtures/load.ts).
 */
export const itemKeys = {
  gateway: (gateway: { id: string }) => gateway.id,
  merchant: (merchant: { id: string }) => merchant.id,
  account: (account: { merchant: string; accountNo: string }) => `${account.merchant} ${account.accountNo}`,
  card: (card: { number: string }) => card.number,
  wallet: (wallet: { provider: string; walletNumber: string }) => `${wallet.provider} ${wallet.walletNumber}`,
  bankLogin: (login: { bank: string; username: string }) => `${login.bank} ${login.username}`,
};

const gatewayId = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'expected an upper-case gateway id such as "EBL"');
const lowerCaseId = (example: string) =>
  z.string().regex(/^[a-z][a-z0-9_]*$/, `expected a lower-case id such as "${example}"`);
const methodId = lowerCaseId('visa');
const merchantId = lowerCaseId('desco');
const mobileNumber = z.string().regex(/^01[3-9][0-9]{8}$/, 'expected an 11-digit Bangladeshi mobile number such as "01770618575"');
const otp = digits(6);
const pin = z.string().regex(/^[0-9]{4,5}$/, 'expected a 4- or 5-digit PIN');

// ---- fee rules (gateways.json, checkout.json) ----

const chargeRuleSchema = z
  .strictObject({
    percent: percentString,
    flat: amountString,
    min: amountString.optional(),
    max: amountString.optional(),
  })
  .superRefine((rule, ctx) => {
    const min = validAmountOrUndefined(rule.min);
    const max = validAmountOrUndefined(rule.max);
    if (min && max && min.greaterThan(max)) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min must not exceed max' });
    }
  }) satisfies z.ZodType<ChargeRule>;

const discountRuleSchema = z.strictObject({
  percent: percentString,
  flat: amountString,
  max: amountString.optional(),
}) satisfies z.ZodType<DiscountRule>;

/** The rules of one gateway-table row; a method's gateway entry may override each. */
const rowRules = {
  serviceCharge: chargeRuleSchema,
  convenienceFee: chargeRuleSchema.optional(),
  instrumentDiscount: discountRuleSchema.optional(),
  gatewayDiscount: discountRuleSchema.optional(),
};

// ---- gateways.json ----

const gatewaySchema = z.strictObject({
  id: gatewayId,
  kind: z.enum(['bank', 'mobile_banking', 'wallet']),
  ...names,
  fullName: text,
  bnFullName: text,
  ...rowRules,
});

export const gatewaysFileSchema = z
  .strictObject({
    ...comment,
    gateways: z.array(gatewaySchema).min(1).superRefine(noDuplicates('gateway id', itemKeys.gateway, { field: 'id' })),
  })
  .transform((file) => file.gateways);

export type Gateway = z.output<typeof gatewaySchema>;

// ---- checkout.json ----

export const METHOD_KINDS = ['card', 'mobile_banking', 'internet_banking', 'wallet'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

/** Each tab holds methods of one kind. */
export const TAB_KINDS = {
  cards: 'card',
  mobile_banking: 'mobile_banking',
  internet_banking: 'internet_banking',
  wallets: 'wallet',
} as const satisfies Record<string, MethodKind>;
export type TabId = keyof typeof TAB_KINDS;

const methodGatewaySchema = z.strictObject({
  gateway: gatewayId,
  serviceCharge: chargeRuleSchema.optional(),
  convenienceFee: chargeRuleSchema.optional(),
  // null: this method gets no such discount even if the gateway gives one.
  instrumentDiscount: discountRuleSchema.nullable().optional(),
  gatewayDiscount: discountRuleSchema.nullable().optional(),
});

const methodSchema = z.strictObject({
  id: methodId,
  ...names,
  kind: z.enum(METHOD_KINDS),
  /** The first step after Pay Now. */
  nextAction: z.enum(['card', 'wallet_number', 'bank_login']),
  gateways: z.array(methodGatewaySchema).min(1).superRefine(noDuplicates('gateway', (g) => g.gateway, { field: 'gateway' })),
});

const tabSchema = z
  .strictObject({
    id: z.enum(Object.keys(TAB_KINDS) as [TabId, ...TabId[]]),
    label: text,
    bnLabel: text,
    methods: z.array(methodSchema).min(1),
  })
  .superRefine((tab, ctx) => {
    const kind = TAB_KINDS[tab.id];
    tab.methods.forEach((method, index) => {
      if (method.kind !== kind) {
        ctx.addIssue({ code: 'custom', path: ['methods', index, 'kind'], message: `the ${tab.id} tab holds ${kind} methods, not ${method.kind}` });
      }
    });
  });

export const checkoutFileSchema = z
  .strictObject({
    ...comment,
    tabs: z.array(tabSchema).min(1).superRefine(noDuplicates('tab id', (t) => t.id, { field: 'id' })),
    note: z.strictObject({ en: text, bn: text }),
  })
  .superRefine((checkout, ctx) => {
    const seen = new Set<string>();
    checkout.tabs.forEach((tab, tabIndex) =>
      tab.methods.forEach((method, index) => {
        if (seen.has(method.id)) {
          ctx.addIssue({ code: 'custom', path: ['tabs', tabIndex, 'methods', index, 'id'], message: `duplicate method id "${method.id}"` });
        }
        seen.add(method.id);
      }),
    );
  })
  .transform(({ tabs, note }) => ({ tabs, note }));

export type Checkout = z.output<typeof checkoutFileSchema>;
export type CheckoutTab = Checkout['tabs'][number];
export type PaymentMethod = z.output<typeof methodSchema>;
export type MethodGateway = z.output<typeof methodGatewaySchema>;

/** The fee rules of one gateway-table row: the gateway's, with the method's overrides applied. */
export function chargeRulesFor(
  gateway: Gateway,
  entry: MethodGateway,
): Omit<QuoteInput, 'billAmount' | 'lateFee'> {
  const pick = <Rule>(override: Rule | null | undefined, fallback: Rule | undefined) =>
    override === undefined ? fallback : (override ?? undefined);
  const rules = {
    serviceCharge: entry.serviceCharge ?? gateway.serviceCharge,
    convenienceFee: pick(entry.convenienceFee, gateway.convenienceFee),
    instrumentDiscount: pick(entry.instrumentDiscount, gateway.instrumentDiscount),
    gatewayDiscount: pick(entry.gatewayDiscount, gateway.gatewayDiscount),
  };
  // Absent rules stay absent (not `undefined` keys), so the result compares and serialises cleanly.
  return Object.fromEntries(Object.entries(rules).filter(([, rule]) => rule !== undefined)) as typeof rules;
}

// ---- test-instruments.json ----

export const TEST_OUTCOMES = ['success', 'declined', 'insufficient_funds', 'expired_card', 'pending_then_success'] as const;
export type TestOutcome = (typeof TEST_OUTCOMES)[number];
const outcome = z.enum(TEST_OUTCOMES);
/** Only a card can be expired. */
const accountOutcome = outcome.exclude(['expired_card']);

const testCardSchema = z
  .strictObject({
    number: z.string().regex(/^[0-9]{12,19}$/, 'expected 12-19 digits, no spaces'),
    brand: methodId,
    issuer: gatewayId,
    funding: z.enum(['debit', 'credit', 'prepaid']),
    expiry: z.string().regex(/^(0[1-9]|1[0-2])\/[0-9]{2}$/, 'expected MM/YY'),
    cvc: z.string().regex(/^[0-9]{3,4}$/, 'expected 3 or 4 digits'),
    outcome,
    label: text,
  })
  .superRefine((card, ctx) => {
    try {
      const { brand } = parseCardNumber(card.number, 'number');
      if (brand !== card.brand) {
        ctx.addIssue({ code: 'custom', path: ['brand'], message: `the number is a ${brand} number, not ${card.brand}` });
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      ctx.addIssue({ code: 'custom', path: ['number'], message: error.message });
    }
    const cvcLength = card.brand === 'amex' ? 4 : 3;
    if (card.cvc.length !== cvcLength) {
      ctx.addIssue({ code: 'custom', path: ['cvc'], message: `a ${card.brand} card has a ${cvcLength}-digit CVC` });
    }
  });

const testWalletSchema = z.strictObject({ provider: methodId, walletNumber: mobileNumber, otp, pin, outcome: accountOutcome, label: text });

const testBankLoginSchema = z.strictObject({
  bank: gatewayId,
  username: text,
  password: text,
  otp,
  outcome: accountOutcome,
  label: text,
});

export const testInstrumentsFileSchema = z
  .strictObject({
    ...comment,
    // Each list may be left out (an override folder adding only cards, say).
    cards: z.array(testCardSchema).superRefine(noDuplicates('card number', itemKeys.card, { field: 'number' })).default([]),
    mobileBanking: z.array(testWalletSchema).superRefine(noDuplicates('wallet', itemKeys.wallet)).default([]),
    internetBanking: z.array(testBankLoginSchema).superRefine(noDuplicates('login', itemKeys.bankLogin)).default([]),
    wallets: z.array(testWalletSchema).superRefine(noDuplicates('wallet', itemKeys.wallet)).default([]),
  })
  .transform(({ $comment: _comment, ...lists }) => lists);

export type TestInstruments = z.output<typeof testInstrumentsFileSchema>;
export type TestCard = TestInstruments['cards'][number];
export type TestWallet = TestInstruments['mobileBanking'][number];
export type TestBankLogin = TestInstruments['internetBanking'][number];

// ---- merchants.json ----

const merchantSchema = z.strictObject({
  id: merchantId,
  ...names,
  shortName: text,
  bnShortName: text,
  /** A utility id of reference.json. */
  utility: z.string().regex(/^[A-Z]+$/, 'expected an upper-case utility id such as "DESCO"'),
  /** desco: MMYY + 8-digit account (seed 000); standard: YYMM + 9-digit account (seed 002). */
  billLayout: z.enum(['desco', 'standard']),
  secretKey: z.string().regex(/^sk_test_[A-Za-z0-9_]+$/, 'expected a test key "sk_test_…"'),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'expected "whsec_…"'),
});

export const merchantsFileSchema = z
  .strictObject({
    ...comment,
    merchants: z
      .array(merchantSchema)
      .min(1)
      .superRefine(noDuplicates('merchant id', itemKeys.merchant, { field: 'id' }))
      .superRefine(noDuplicates('secret key', (m) => m.secretKey, { field: 'secretKey', secret: true })),
  })
  .transform((file) => file.merchants);

export type MerchantFixture = z.output<typeof merchantSchema>;

// ---- accounts.json ----

const billSchema = z
  .strictObject({
    billMonth: z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
    billNo: z.string().regex(/^[0-9]{12,13}$/, 'expected a 12-digit DESCO or 13-digit bill number'),
    unitsKwh: z.int().nonnegative(),
    amount: positiveAmountString,
    lastDateOfPayment: z.iso.date(),
    status: z.enum(['unpaid', 'paid']),
    paidAt: z.iso.datetime().optional(),
  })
  .refine((bill) => (bill.status === 'paid') === (bill.paidAt !== undefined), {
    path: ['paidAt'],
    message: 'a paid bill has paidAt, an unpaid bill has none',
  });

const accountSchema = z
  .strictObject({
    /** The merchant (utility portal) that shows this account. */
    merchant: merchantId,
    accountNo: z.string().regex(/^[0-9]{8,9}$/, 'expected an 8-digit DESCO or 9-digit account number'),
    kind: z.enum(['postpaid', 'prepaid']),
    meterNo: digits(12).optional(),
    consumerName: text,
    mobile: mobileNumber,
    address: text,
    loadKw: z.number().positive(),
    tariff: text,
    bills: z.array(billSchema).superRefine(noDuplicates('bill number', (b) => b.billNo, { field: 'billNo' })),
  })
  .superRefine((account, ctx) => {
    if (account.kind === 'prepaid' && account.meterNo === undefined) {
      ctx.addIssue({ code: 'custom', path: ['meterNo'], message: 'a prepaid account needs its meter number' });
    }
    if (account.kind === 'prepaid' && account.bills.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['bills'], message: 'a prepaid account is recharged, it has no bills' });
    }
  });

export const accountsFileSchema = z
  .strictObject({
    ...comment,
    accounts: z.array(accountSchema).superRefine(noDuplicates('account', itemKeys.account)),
  })
  .transform((file) => file.accounts);

export type AccountFixture = z.output<typeof accountSchema>;
export type BillFixture = AccountFixture['bills'][number];

// ---- settings.json ----

const seconds = (max: number) => z.int().min(1).max(max);

export const settingsFileSchema = z
  .strictObject({
    ...comment,
    currency: z.literal('BDT'),
    /** Percent of the bill charged as Late Payment Charge after the last date of payment. */
    latePaymentRate: percentString,
    /** The method-selection timer (seed 000: 5 minutes). */
    selectionSeconds: seconds(86_400),
    /** Declined attempts before a payment fails. */
    maxAttempts: z.int().min(1).max(10),
    /** Wrong OTP/PIN entries allowed per attempt. */
    maxOtpTries: z.int().min(1).max(10),
    /** How long a pending_then_success instrument stays pending. */
    pendingSeconds: seconds(3_600),
    /** How long a payment may wait for card details, OTP, PIN or bank login. */
    authorizationSeconds: seconds(86_400),
  })
  .transform(({ $comment: _comment, ...settings }) => settings);

export type Settings = z.output<typeof settingsFileSchema>;

// ---- the aggregate ----

export interface Fixtures {
  reference: ReferenceCatalog;
  cardTypes: CardTypeRules;
  gateways: Gateway[];
  checkout: Checkout;
  testInstruments: TestInstruments;
  merchants: MerchantFixture[];
  accounts: AccountFixture[];
  settings: Settings;
}

/** Each part of Fixtures, its file and its schema: the one table the loader works from. */
export const FIXTURE_FILES = {
  reference: { file: 'reference.json', schema: referenceCatalogSchema },
  cardTypes: { file: 'card-types.json', schema: cardTypeRulesSchema },
  gateways: { file: 'gateways.json', schema: gatewaysFileSchema },
  checkout: { file: 'checkout.json', schema: checkoutFileSchema },
  testInstruments: { file: 'test-instruments.json', schema: testInstrumentsFileSchema },
  merchants: { file: 'merchants.json', schema: merchantsFileSchema },
  accounts: { file: 'accounts.json', schema: accountsFileSchema },
  settings: { file: 'settings.json', schema: settingsFileSchema },
} as const satisfies { [Part in keyof Fixtures]: { file: string; schema: z.ZodType<Fixtures[Part]> } };

export type FixturePart = keyof Fixtures;

// ---- checks across files ----

/** A problem found across files: which part (file) holds the bad value, where, and what is wrong. */
export interface FixtureIssue {
  part: FixturePart;
  /** The JSON path inside the part's file (so "merchants", 0, … for merchants.json's list). */
  path: (string | number)[];
  message: string;
}

/** "EBL, UCBL, …": what a dangling id could have been, for the message. */
function known(ids: Iterable<string>): string {
  return [...ids].join(', ') || 'none';
}

/** Ids compared as card-type.ts matches them: case-insensitively. */
function lowerSet(ids: Iterable<string>): Set<string> {
  return new Set([...ids].map((id) => id.toLowerCase()));
}

/** The DomainError message of `action`, or undefined when it passes. */
function domainErrorMessage(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    if (isDomainError(error)) return error.message;
    throw error;
  }
}

/**
 * Every id one file uses must be defined by the file that owns it (gateways, methods, merchants,
 * utilities), and every bill number and meter number must belong to its account and utility.
 * Returns all problems; an empty list means the fixtures hang together.
 */
export function findCrossFileIssues(fixtures: Fixtures): FixtureIssue[] {
  const issues: FixtureIssue[] = [];
  const report = (part: FixturePart, path: (string | number)[], message: string) => issues.push({ part, path, message });

  const gatewayIds = new Set(fixtures.gateways.map((g) => g.id));
  const methods = fixtures.checkout.tabs.flatMap((tab) => tab.methods);
  const methodIds = (...kinds: MethodKind[]) => new Set(methods.filter((m) => kinds.includes(m.kind)).map((m) => m.id));
  const cardMethods = methodIds('card');
  const bankLoginGateways = new Set(
    methods.filter((m) => m.kind === 'internet_banking').flatMap((m) => m.gateways.map((g) => g.gateway)),
  );

  fixtures.checkout.tabs.forEach((tab, t) =>
    tab.methods.forEach((method, m) =>
      method.gateways.forEach((entry, g) => {
        if (!gatewayIds.has(entry.gateway)) {
          report('checkout', ['tabs', t, 'methods', m, 'gateways', g, 'gateway'], `unknown gateway "${entry.gateway}" (gateways.json has ${known(gatewayIds)})`);
        }
      }),
    ),
  );

  const { cards, mobileBanking, internetBanking, wallets } = fixtures.testInstruments;
  cards.forEach((card, i) => {
    if (!cardMethods.has(card.brand)) report('testInstruments', ['cards', i, 'brand'], `"${card.brand}" is not a card method in checkout.json (${known(cardMethods)})`);
    if (!gatewayIds.has(card.issuer)) report('testInstruments', ['cards', i, 'issuer'], `unknown gateway "${card.issuer}" (gateways.json has ${known(gatewayIds)})`);
  });
  const checkProviders = (list: 'mobileBanking' | 'wallets', entries: TestWallet[], kind: MethodKind) => {
    const providers = methodIds(kind);
    entries.forEach((entry, i) => {
      if (!providers.has(entry.provider)) report('testInstruments', [list, i, 'provider'], `"${entry.provider}" is not a ${kind} method in checkout.json (${known(providers)})`);
    });
  };
  checkProviders('mobileBanking', mobileBanking, 'mobile_banking');
  checkProviders('wallets', wallets, 'wallet');
  internetBanking.forEach((login, i) => {
    if (!bankLoginGateways.has(login.bank)) report('testInstruments', ['internetBanking', i, 'bank'], `"${login.bank}" is no internet-banking method's gateway (${known(bankLoginGateways)})`);
  });

  const lowerGateways = lowerSet(gatewayIds);
  const lowerCardMethods = lowerSet(cardMethods);
  const lowerProviders = lowerSet(methodIds('mobile_banking', 'wallet'));
  fixtures.cardTypes.forEach((rule, i) => {
    const { brand, issuer, provider } = rule.match;
    if (brand !== undefined && !lowerCardMethods.has(brand.toLowerCase())) report('cardTypes', [i, 'match', 'brand'], `"${brand}" is not a card method in checkout.json (${known(cardMethods)})`);
    if (issuer !== undefined && !lowerGateways.has(issuer.toLowerCase())) report('cardTypes', [i, 'match', 'issuer'], `unknown gateway "${issuer}" (gateways.json has ${known(gatewayIds)})`);
    if (provider !== undefined && !lowerProviders.has(provider.toLowerCase())) report('cardTypes', [i, 'match', 'provider'], `"${provider}" is not a mobile-banking or wallet method in checkout.json`);
  });

  const utilityIds = new Set(fixtures.reference.utilities.map((u) => u.id));
  fixtures.merchants.forEach((merchant, i) => {
    if (!utilityIds.has(merchant.utility)) report('merchants', ['merchants', i, 'utility'], `unknown utility "${merchant.utility}" (reference.json has ${known(utilityIds)})`);
  });

  const merchantsById = new Map(fixtures.merchants.map((m) => [m.id, m]));
  fixtures.accounts.forEach((account, i) => {
    const merchant = merchantsById.get(account.merchant);
    if (!merchant) {
      report('accounts', ['accounts', i, 'merchant'], `unknown merchant "${account.merchant}" (merchants.json has ${known(merchantsById.keys())})`);
      return;
    }
    for (const { path, message } of accountIdentifierIssues(account, merchant, fixtures.reference)) {
      report('accounts', ['accounts', i, ...path], message);
    }
  });
  return issues;
}

/** The account's own numbers checked with the identifier codecs, under its merchant's bill layout. */
function accountIdentifierIssues(
  account: AccountFixture,
  merchant: MerchantFixture,
  reference: ReferenceCatalog,
): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const desco = merchant.billLayout === 'desco';

  const accountProblem = desco
    ? /^[0-9]{8}$/.test(account.accountNo) ? undefined : `a ${merchant.id} account number has 8 digits (billLayout desco)`
    : domainErrorMessage(() => parseAccountNumber(account.accountNo, reference));
  if (accountProblem) {
    issues.push({ path: ['accountNo'], message: accountProblem });
    return issues; // its bills cannot be checked against a bad account number
  }

  account.bills.forEach((bill, b) => {
    const options = { accountNo: account.accountNo };
    const problem = domainErrorMessage(() => {
      const parsed = desco ? parseDescoBillNumber(bill.billNo, options) : parseBillNumber(bill.billNo, options, reference);
      if (parsed.billMonth !== bill.billMonth) {
        issues.push({ path: ['bills', b, 'billMonth'], message: `bill number ${bill.billNo} is the bill of ${parsed.billMonth}, not ${bill.billMonth}` });
      }
    });
    if (problem) issues.push({ path: ['bills', b, 'billNo'], message: problem });
  });

  if (account.meterNo !== undefined) {
    const meterNo = account.meterNo;
    const problem = domainErrorMessage(() => {
      const meter = parseMeterNumber(meterNo, reference);
      if (meter.utility.id !== merchant.utility) {
        issues.push({ path: ['meterNo'], message: `meter ${meterNo} is a ${meter.utility.id} meter, but ${merchant.id} collects for ${merchant.utility}` });
      }
    });
    if (problem) issues.push({ path: ['meterNo'], message: problem });
  }
  return issues;
}
