import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildReturnUrl,
  signReturnParams,
  verifyReturnUrl,
  type ReturnStatus,
} from '../../../server/webhooks/return-url.js';
import { WebhookSignatureError, type SignatureFailureReason } from '../../../server/webhooks/signature.js';

const secret = 'whsec_test_desco_0123456789';
const at = new Date('2026-11-22T06:42:00.000Z');
const now = at;
const t = Math.floor(at.getTime() / 1000);
const returnUrls = {
  success: 'https://portal.example/bills/paid?lang=bn&account=012345678#receipt',
  fail: 'https://portal.example/bills/failed',
  cancel: 'https://portal.example/bills/cancelled?from=checkout',
};
const payment = { paymentId: 'pay_0193a1b2c3d4', reference: 'BILL-0622-12345678' };

function rejection(run: () => unknown): SignatureFailureReason {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    return (error as WebhookSignatureError).reason;
  }
  throw new Error('expected a WebhookSignatureError, nothing was thrown');
}

function built(status: string, urls: Parameters<typeof buildReturnUrl>[0] = returnUrls): URL {
  const url = buildReturnUrl(urls, { ...payment, status }, secret, at);
  if (url === null) throw new Error(`no return URL for ${status}`);
  return new URL(url);
}

describe('buildReturnUrl', () => {
  it.each([
    ['succeeded', '/bills/paid'],
    ['failed', '/bills/failed'],
    ['expired', '/bills/failed'],
    ['cancelled', '/bills/cancelled'],
  ])('sends a %s payment to %s with the signed parameters', (status, pathname) => {
    const url = built(status);
    expect(url.origin + url.pathname).toBe(`https://portal.example${pathname}`);
    expect(url.searchParams.get('paymentId')).toBe(payment.paymentId);
    expect(url.searchParams.get('reference')).toBe(payment.reference);
    expect(url.searchParams.get('status')).toBe(status);
    expect(url.searchParams.get('t')).toBe(String(t));
    expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps the merchant's own query and fragment", () => {
    const url = built('succeeded');
    expect(url.searchParams.get('lang')).toBe('bn');
    expect(url.searchParams.get('account')).toBe('012345678');
    expect(url.hash).toBe('#receipt');
    expect(built('cancelled').searchParams.get('from')).toBe('checkout');
  });

  it('replaces a merchant parameter that collides with a signed one instead of duplicating it', () => {
    const url = built('succeeded', { success: 'https://portal.example/paid?status=pending' });
    expect(url.searchParams.getAll('status')).toEqual(['succeeded']);
  });

  it('falls back to the fail URL for a cancellation when no cancel URL was given', () => {
    const url = built('cancelled', { success: returnUrls.success, fail: returnUrls.fail });
    expect(url.pathname).toBe('/bills/failed');
    expect(url.searchParams.get('status')).toBe('cancelled');
  });

  it('answers null without URLs, for an outcome without a URL, and before the payment is terminal', () => {
    expect(buildReturnUrl(null, { ...payment, status: 'succeeded' }, secret, at)).toBeNull();
    expect(buildReturnUrl(undefined, { ...payment, status: 'failed' }, secret, at)).toBeNull();
    expect(buildReturnUrl({ fail: returnUrls.fail }, { ...payment, status: 'succeeded' }, secret, at)).toBeNull();
    expect(buildReturnUrl(returnUrls, { ...payment, status: 'awaiting_method' }, secret, at)).toBeNull();
    expect(buildReturnUrl(returnUrls, { ...payment, status: 'authorizing' }, secret, at)).toBeNull();
  });
});

describe('verifyReturnUrl', () => {
  it.each(['succeeded', 'failed', 'expired', 'cancelled'])('accepts the URL built for %s', (status) => {
    const url = built(status);
    expect(verifyReturnUrl(url, secret, { now })).toEqual({ ...payment, status, timestamp: t });
  });

  it('accepts a full URL string, a path with query, a bare query and URLSearchParams', () => {
    const url = built('succeeded');
    const expected = { ...payment, status: 'succeeded', timestamp: t };
    expect(verifyReturnUrl(url.toString(), secret, { now })).toEqual(expected);
    expect(verifyReturnUrl(url.pathname + url.search, secret, { now })).toEqual(expected);
    expect(verifyReturnUrl(url.search.slice(1), secret, { now })).toEqual(expected);
    expect(verifyReturnUrl(url.searchParams, secret, { now })).toEqual(expected);
  });

  it.each([
    ['status', 'failed'],
    ['paymentId', 'pay_someone_else'],
    ['reference', 'BILL-0622-99999999'],
    ['t', String(t + 1)],
  ])('rejects a URL whose %s was changed', (name, value) => {
    const url = built('succeeded');
    url.searchParams.set(name, value);
    expect(rejection(() => verifyReturnUrl(url, secret, { now }))).toBe('no_signature_match');
  });

  it('rejects the wrong secret', () => {
    expect(rejection(() => verifyReturnUrl(built('succeeded'), 'another-secret', { now }))).toBe('no_signature_match');
  });

  it('rejects a stale or future-dated return', () => {
    const url = built('succeeded');
    expect(rejection(() => verifyReturnUrl(url, secret, { now: new Date(at.getTime() + 301_000) }))).toBe(
      'timestamp_too_old',
    );
    expect(rejection(() => verifyReturnUrl(url, secret, { now: new Date(at.getTime() - 301_000) }))).toBe(
      'timestamp_in_future',
    );
  });

  it.each(['paymentId', 'reference', 'status', 't', 'signature'])('rejects a URL without %s', (name) => {
    const url = built('succeeded');
    url.searchParams.delete(name);
    expect(rejection(() => verifyReturnUrl(url, secret, { now }))).toBe('missing_parameter');
  });

  it.each([
    ['t', 'soon'],
    ['signature', 'abc123'],
    ['status', 'awaiting_method'],
    ['paymentId', 'pay.1'],
  ])('rejects a malformed %s', (name, value) => {
    const url = built('succeeded');
    url.searchParams.set(name, value);
    expect(rejection(() => verifyReturnUrl(url, secret, { now }))).toBe('malformed_parameter');
  });

  it('round-trips any reference (dots, ampersands, Bangla) and rejects it once changed', () => {
    const statuses: ReturnStatus[] = ['succeeded', 'failed', 'cancelled', 'expired'];
    const anyReference = fc.string({ unit: 'grapheme' });
    const anySuffix = fc.string({ minLength: 1 });
    fc.assert(
      fc.property(anyReference, anySuffix, fc.constantFrom(...statuses), (reference, other, status) => {
        const signed = signReturnParams({ paymentId: payment.paymentId, reference, status }, secret, t);
        expect(verifyReturnUrl(`https://portal.example/paid?${signed}`, secret, { now })).toEqual({
          paymentId: payment.paymentId,
          reference,
          status,
          timestamp: t,
        });
        signed.set('reference', reference + other);
        expect(rejection(() => verifyReturnUrl(signed, secret, { now }))).toBe('no_signature_match');
      }),
    );
  });
});
