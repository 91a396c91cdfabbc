import { cardTypeDigit, type CardTypeRules } from '../../domain/card-type.js';
import type {
  MethodKind,
  TestBankLogin,
  TestCard,
  TestInstruments,
  TestOutcome,
  TestWallet,
} from '../../domain/fixtures-schema.js';
import { toDhakaParts } from '../../domain/dhaka-time.js';
import type { Instrument } from '../../domain/instrument.js';
import type { CheckoutCatalog } from './catalog.js';

/** "017•••••575": how slips show a wallet number. */
export function maskWalletNumber(walletNumber: string): string {
  return `${walletNumber.slice(0, 3)}${'•'.repeat(Math.max(0, walletNumber.length - 6))}${walletNumber.slice(-3)}`;
}

/** "d•••" for a login name: enough to recognise, not enough to reuse. */
export function maskLogin(username: string): string {
  return `${username.slice(0, 1)}•••`;
}

export function cardInstrument(card: TestCard): Instrument {
  return { kind: 'card', brand: card.brand, issuer: card.issuer, funding: card.funding, last4: card.number.slice(-4) };
}

export function accountInstrument(kind: 'mobile_banking' | 'wallet', wallet: TestWallet): Instrument {
  return { kind, provider: wallet.provider, account: maskWalletNumber(wallet.walletNumber) };
}

export function bankInstrument(login: TestBankLogin): Instrument {
  return { kind: 'internet_banking', bank: login.bank, account: maskLogin(login.username) };
}

/** How many years ahead of the merchant's clock a test card that should work expires. */
const CARD_VALID_YEARS = 5;

/**
 * The expiry to type for a test card at `now`: the fixture's own for a card whose outcome is
 * `expired_card` (a date in the past), otherwise December five years after `now` in Dhaka, so a
 * card that should be approved never expires as the calendar or a test clock moves on.
 */
export function cardExpiryAt(card: Pick<TestCard, 'expiry' | 'outcome'>, now: Date): string {
  if (card.outcome === 'expired_card') return card.expiry;
  return `12/${String((toDhakaParts(now).year + CARD_VALID_YEARS) % 100).padStart(2, '0')}`;
}

/** One row of GET /api/v1/test-instruments. */
export interface TestInstrumentListing {
  method: string;
  kind: MethodKind;
  label: string;
  outcome: TestOutcome;
  cardTypeDigit: number;
  number?: string;
  expiry?: string;
  cvc?: string;
  walletNumber?: string;
  username?: string;
  password?: string;
  otp?: string;
  pin?: string;
}

/**
 * The test instruments of the fixtures, looked up the way the checkout needs them: a card by its
 * number, a wallet by provider and number, a bank login by bank and user name.
 */
export class TestInstrumentBook {
  private readonly cards: Map<string, TestCard>;
  private readonly accounts: Map<string, TestWallet>;
  private readonly logins: Map<string, TestBankLogin>;

  constructor(
    private readonly instruments: TestInstruments,
    private readonly cardTypes: CardTypeRules,
  ) {
    this.cards = new Map(instruments.cards.map((card) => [card.number, card]));
    this.accounts = new Map(
      [...instruments.mobileBanking, ...instruments.wallets].map((wallet) => [
        TestInstrumentBook.accountKey(wallet.provider, wallet.walletNumber),
        wallet,
      ]),
    );
    this.logins = new Map(
      instruments.internetBanking.map((login) => [TestInstrumentBook.loginKey(login.bank, login.username), login]),
    );
  }

  static accountKey(provider: string, walletNumber: string): string {
    return `account:${provider}:${walletNumber}`;
  }

  static loginKey(bank: string, username: string): string {
    return `login:${bank}:${username}`;
  }

  /** Whether `otp` is the one an account expects, or one every account accepts (fixtures extraOtps). */
  otpAccepted(otp: string, expected: string): boolean {
    return otp === expected || this.instruments.extraOtps.includes(otp);
  }

  card(digits: string): TestCard | undefined {
    return this.cards.get(digits);
  }

  /** By the key stored on the payment between steps (accountKey). */
  account(key: string): TestWallet | undefined {
    return this.accounts.get(key);
  }

  /** By the key stored on the payment between steps (loginKey). */
  login(key: string): TestBankLogin | undefined {
    return this.logins.get(key);
  }

  /**
   * The listing of GET /api/v1/test-instruments: what to type, and what happens. A card's expiry
   * is given relative to `now` (the merchant's clock: see cardExpiryAt), so no test card expires
   * when the calendar or a test clock moves on.
   */
  list(catalog: CheckoutCatalog, now: Date): TestInstrumentListing[] {
    const digit = (instrument: Instrument) => cardTypeDigit(instrument, this.cardTypes);
    const bankMethod = (bank: string) =>
      catalog
        .allMethods()
        .find((method) => method.kind === 'internet_banking' && method.gateways.some((row) => row.gateway === bank))
        ?.id ?? bank.toLowerCase();
    return [
      ...this.instruments.cards.map((card) => ({
        method: card.brand,
        kind: 'card' as const,
        label: card.label,
        outcome: card.outcome,
        cardTypeDigit: digit(cardInstrument(card)),
        number: card.number,
        expiry: cardExpiryAt(card, now),
        cvc: card.cvc,
      })),
      ...(['mobile_banking', 'wallet'] as const).flatMap((kind) =>
        (kind === 'wallet' ? this.instruments.wallets : this.instruments.mobileBanking).map((wallet) => ({
          method: wallet.provider,
          kind,
          label: wallet.label,
          outcome: wallet.outcome,
          cardTypeDigit: digit(accountInstrument(kind, wallet)),
          walletNumber: wallet.walletNumber,
          otp: wallet.otp,
          pin: wallet.pin,
        })),
      ),
      ...this.instruments.internetBanking.map((login) => ({
        method: bankMethod(login.bank),
        kind: 'internet_banking' as const,
        label: login.label,
        outcome: login.outcome,
        cardTypeDigit: digit(bankInstrument(login)),
        username: login.username,
        password: login.password,
        otp: login.otp,
      })),
    ];
  }
}
