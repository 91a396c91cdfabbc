import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toBanglaDigits } from '../../domain/digits.js';
import { en } from '../../widget/i18n/en.js';
import { fieldErrorsFromProblem, normalizeExpiry, readStepForm, type StepType } from '../../widget/step-form.js';

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

const VISA = { id: 'visa', name: 'VISA' };
const read = (type: StepType, fields: Record<string, string>, method = VISA) =>
  readStepForm(type, form(fields), en, method);

const goodCard = { cardNumber: '4111 1111 1111 1111', expiry: '12/30', cvc: '123', holder: 'Rahim Uddin' };

describe('readStepForm: card', () => {
  it('sends the digits, MM/YY, the CVV and the trimmed holder', () => {
    expect(read('card', { ...goodCard, expiry: '1230', holder: '  Rahim Uddin ' })).toEqual({
      ok: true,
      step: { card: { number: '4111111111111111', expiry: '12/30', cvc: '123', holder: 'Rahim Uddin' } },
    });
  });

  it('reads a card typed in Bangla digits', () => {
    const reading = read('card', { ...goodCard, cardNumber: toBanglaDigits('4111111111111111'), cvc: '১২৩' });
    expect(reading).toMatchObject({ ok: true, step: { card: { number: '4111111111111111', cvc: '123' } } });
  });

  it('names every bad field with its message', () => {
    expect(read('card', { cardNumber: '4111 1111 1111 1112', expiry: '13/30', cvc: '12', holder: ' ' })).toEqual({
      ok: false,
      errors: {
        cardNumber: en.validation.cardNumber,
        expiry: en.validation.expiry,
        cvc: en.validation.cvc,
        holder: en.validation.holder,
      },
    });
  });

  it('wants a card of the chosen brand, any brand for a method that is not one', () => {
    const mastercard = { ...goodCard, cardNumber: '5555555555554444' };
    expect(read('card', mastercard)).toEqual({ ok: false, errors: { cardNumber: en.validation.cardBrand('VISA') } });
    expect(read('card', mastercard, { id: 'mastercard', name: 'MasterCard' })).toMatchObject({ ok: true });
    expect(read('card', mastercard, { id: 'some_bank_card', name: 'Bank card' })).toMatchObject({ ok: true });
  });

  it('wants four CVV digits for American Express and three for the rest', () => {
    const amex = { ...goodCard, cardNumber: '378282246310005' };
    const AMEX = { id: 'amex', name: 'American Express' };
    expect(read('card', { ...amex, cvc: '123' }, AMEX)).toMatchObject({ ok: false, errors: { cvc: en.validation.cvc } });
    expect(read('card', { ...amex, cvc: '1234' }, AMEX)).toMatchObject({ ok: true });
    expect(read('card', { ...goodCard, cvc: '1234' })).toMatchObject({ ok: false });
  });
});

describe('readStepForm: wallet, OTP, PIN, bank login', () => {
  it('accepts an 11-digit number starting 01, grouped or not', () => {
    expect(read('wallet_number', { walletNumber: '01770-618575' })).toEqual({ ok: true, step: { walletNumber: '01770618575' } });
    expect(read('wallet_number', { walletNumber: '0177061857' })).toEqual({
      ok: false,
      errors: { walletNumber: en.validation.walletNumber },
    });
    expect(read('wallet_number', { walletNumber: '02770618575' })).toMatchObject({ ok: false });
  });

  it('checks OTP and PIN lengths', () => {
    expect(read('otp', { otp: '১২৩৪৫৬' })).toEqual({ ok: true, step: { otp: '123456' } });
    expect(read('otp', { otp: '123' })).toEqual({ ok: false, errors: { otp: en.validation.otp } });
    expect(read('pin', { pin: '12121' })).toEqual({ ok: true, step: { pin: '12121' } });
    expect(read('pin', { pin: '1234567' })).toEqual({ ok: false, errors: { pin: en.validation.pin } });
  });

  it('needs both user ID and password, and keeps the password exactly as typed', () => {
    expect(read('bank_login', { username: ' demo ', password: ' pass ' })).toEqual({
      ok: true,
      step: { username: 'demo', password: ' pass ' },
    });
    expect(read('bank_login', { username: '', password: '' })).toEqual({
      ok: false,
      errors: { username: en.validation.required, password: en.validation.required },
    });
  });
});

describe('normalizeExpiry', () => {
  const twoDigits = (n: number) => String(n).padStart(2, '0');

  it('writes every valid month and year as MM/YY, whichever way it was typed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99 }), fc.constantFrom('', '/', ' / '), (month, year, separator) => {
        return normalizeExpiry(`${twoDigits(month)}${separator}${twoDigits(year)}`) === `${twoDigits(month)}/${twoDigits(year)}`;
      }),
    );
  });

  it('rejects month 00 and months past 12', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, ...Array.from({ length: 87 }, (_, i) => i + 13)), (month) => {
        return normalizeExpiry(`${twoDigits(month)}/30`) === null;
      }),
    );
  });
});

describe('fieldErrorsFromProblem', () => {
  it('puts each server field error on its form field, first message wins, unknown fields dropped', () => {
    expect(
      fieldErrorsFromProblem([
        { field: 'card.number', message: 'this is a visa card, but MasterCard was selected' },
        { field: 'card.number', message: 'second' },
        { field: 'otp', message: 'otp is required at the otp step' },
        { field: 'amount', message: 'not a form field' },
      ]),
    ).toEqual({ cardNumber: 'this is a visa card, but MasterCard was selected', otp: 'otp is required at the otp step' });
    expect(fieldErrorsFromProblem(undefined)).toEqual({});
  });
});
