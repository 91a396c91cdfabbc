/**
 * The checks that span fixture files: every id one file uses must be defined by the file that
 * owns it (gateways, methods, merchants, utilities), and every account's bill and meter numbers
 * must decode under its merchant's layout and belong to it. Each file's own shape is its schema's job.
 */
import { officeCodeOfAccount, type ReferenceCatalog } from '../catalog.js';
import { catchDomainError, isDomainError } from '../errors.js';
import type { FixturePart, Fixtures } from '../fixtures-schema.js';
import { parseAccountNumber, parseBillNumber, parseDescoBillNumber, parseMeterNumber } from '../identifiers/index.js';
import type { AccountFixture } from './accounts.js';
import type { MethodKind } from './checkout.js';
import type { MerchantFixture } from './merchants.js';

type JsonPath = (string | number)[];

/** A problem found across files: which part (file) holds the bad value, where, and what is wrong. */
export interface FixtureIssue {
  part: FixturePart;
  /** The JSON path inside the part's file (so "merchants", 0, … for merchants.json's list). */
  path: JsonPath;
  message: string;
}

/** "EBL, UCBL, …": what a dangling id could have been, for the message. */
function known(ids: Iterable<string>): string {
  return [...ids].join(', ') || 'none';
}

/** Ids compared as card-type.ts matches them: case-insensitively. */
function hasIgnoringCase(ids: Set<string>, id: string): boolean {
  return [...ids].some((candidate) => candidate.toLowerCase() === id.toLowerCase());
}

/** Every problem across files; an empty list means the fixtures hang together. */
export function findCrossFileIssues(fixtures: Fixtures): FixtureIssue[] {
  const issues: FixtureIssue[] = [];
  const report = (part: FixturePart, path: JsonPath, message: string) => issues.push({ part, path, message });

  const gatewayIds = new Set(fixtures.gateways.map((g) => g.id));
  const methods = fixtures.checkout.tabs.flatMap((tab) => tab.methods);
  const methodIds = (...kinds: MethodKind[]) => new Set(methods.filter((m) => kinds.includes(m.kind)).map((m) => m.id));
  const cardMethods = methodIds('card');
  const bankLoginGateways = new Set(
    methods.filter((m) => m.kind === 'internet_banking').flatMap((m) => m.gateways.map((g) => g.gateway)),
  );
  const unknownGateway = (id: string) => `unknown gateway "${id}" (gateways.json has ${known(gatewayIds)})`;
  const notACardMethod = (id: string) => `"${id}" is not a card method in checkout.json (${known(cardMethods)})`;

  fixtures.checkout.tabs.forEach((tab, t) =>
    tab.methods.forEach((method, m) =>
      method.gateways.forEach((entry, g) => {
        if (!gatewayIds.has(entry.gateway)) report('checkout', ['tabs', t, 'methods', m, 'gateways', g, 'gateway'], unknownGateway(entry.gateway));
      }),
    ),
  );

  const { cards, mobileBanking, internetBanking, wallets } = fixtures.testInstruments;
  cards.forEach((card, i) => {
    if (!cardMethods.has(card.brand)) report('testInstruments', ['cards', i, 'brand'], notACardMethod(card.brand));
    if (!gatewayIds.has(card.issuer)) report('testInstruments', ['cards', i, 'issuer'], unknownGateway(card.issuer));
  });
  for (const [list, entries, kind] of [['mobileBanking', mobileBanking, 'mobile_banking'], ['wallets', wallets, 'wallet']] as const) {
    const providers = methodIds(kind);
    entries.forEach((entry, i) => {
      if (!providers.has(entry.provider)) report('testInstruments', [list, i, 'provider'], `"${entry.provider}" is not a ${kind} method in checkout.json (${known(providers)})`);
    });
  }
  internetBanking.forEach((login, i) => {
    if (!bankLoginGateways.has(login.bank)) report('testInstruments', ['internetBanking', i, 'bank'], `"${login.bank}" is no internet-banking method's gateway (${known(bankLoginGateways)})`);
  });

  const walletProviders = methodIds('mobile_banking', 'wallet');
  fixtures.cardTypes.forEach((rule, i) => {
    const { brand, issuer, provider } = rule.match;
    if (brand !== undefined && !hasIgnoringCase(cardMethods, brand)) report('cardTypes', [i, 'match', 'brand'], notACardMethod(brand));
    if (issuer !== undefined && !hasIgnoringCase(gatewayIds, issuer)) report('cardTypes', [i, 'match', 'issuer'], unknownGateway(issuer));
    if (provider !== undefined && !hasIgnoringCase(walletProviders, provider)) report('cardTypes', [i, 'match', 'provider'], `"${provider}" is not a mobile-banking or wallet method in checkout.json`);
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

/** Why an account number does not fit its merchant's bill layout, or undefined when it does. */
function accountNumberProblem(account: AccountFixture, merchant: MerchantFixture, reference: ReferenceCatalog): string | undefined {
  if (merchant.billLayout === 'desco') {
    if (!/^[0-9]{8}$/.test(account.accountNo)) return `a ${merchant.id} account number has 8 digits (billLayout desco)`;
    const office = catchDomainError(() => officeCodeOfAccount(account.accountNo, 'desco', reference));
    return isDomainError(office) ? office.message : undefined;
  }
  const parsed = catchDomainError(() => parseAccountNumber(account.accountNo, reference));
  return isDomainError(parsed) ? parsed.message : undefined;
}

/** The account's own numbers checked with the identifier codecs, under its merchant's bill layout. */
function accountIdentifierIssues(
  account: AccountFixture,
  merchant: MerchantFixture,
  reference: ReferenceCatalog,
): { path: JsonPath; message: string }[] {
  const accountProblem = accountNumberProblem(account, merchant, reference);
  // Bills cannot be checked against a bad account number.
  if (accountProblem) return [{ path: ['accountNo'], message: accountProblem }];

  const desco = merchant.billLayout === 'desco';
  const issues: { path: JsonPath; message: string }[] = [];
  account.bills.forEach((bill, b) => {
    const options = { accountNo: account.accountNo };
    const parsed = catchDomainError(() =>
      desco ? parseDescoBillNumber(bill.billNo, options) : parseBillNumber(bill.billNo, options, reference),
    );
    if (isDomainError(parsed)) {
      issues.push({ path: ['bills', b, 'billNo'], message: parsed.message });
    } else if (parsed.billMonth !== bill.billMonth) {
      issues.push({ path: ['bills', b, 'billMonth'], message: `bill number ${bill.billNo} is the bill of ${parsed.billMonth}, not ${bill.billMonth}` });
    }
  });

  if (account.meterNo !== undefined) {
    const meterNo = account.meterNo;
    const meter = catchDomainError(() => parseMeterNumber(meterNo, reference));
    if (isDomainError(meter)) {
      issues.push({ path: ['meterNo'], message: meter.message });
    } else if (meter.utility.id !== merchant.utility) {
      issues.push({ path: ['meterNo'], message: `meter ${meterNo} is a ${meter.utility.id} meter, but ${merchant.id} collects for ${merchant.utility}` });
    }
  }
  return issues;
}
