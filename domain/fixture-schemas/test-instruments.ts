/** test-instruments.json: the test cards, wallets and bank logins, each with the outcome it gives. */
import { z } from 'zod';
import { cvcAccepted, parseCardNumber } from '../card-number.js';
import { catchDomainError, isDomainError } from '../errors.js';
import { noDuplicates } from '../no-duplicates.js';
import { comment, gatewayId, itemKeys, methodId, mobileNumber, otp, pin, text } from './building-blocks.js';

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
    const parsed = catchDomainError(() => parseCardNumber(card.number, 'number'));
    if (isDomainError(parsed)) {
      ctx.addIssue({ code: 'custom', path: ['number'], message: parsed.message });
    } else if (parsed.brand !== card.brand) {
      ctx.addIssue({ code: 'custom', path: ['brand'], message: `the number is a ${parsed.brand} number, not ${card.brand}` });
    }
    const cvcLength = card.brand === 'amex' ? 4 : 3;
    if (!cvcAccepted(card.brand, card.number, card.cvc)) {
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
    // OTPs every wallet and bank login accepts besides its own (e.g. SSLCommerz's published sandbox OTP 111111).
    extraOtps: z.array(otp).default([]),
  })
  .transform(({ $comment: _comment, ...lists }) => lists);

export type TestInstruments = z.output<typeof testInstrumentsFileSchema>;
export type TestCard = TestInstruments['cards'][number];
export type TestWallet = TestInstruments['mobileBanking'][number];
export type TestBankLogin = TestInstruments['internetBanking'][number];
