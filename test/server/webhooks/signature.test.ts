import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  signWebhookPayload,
  verifyWebhookSignature,
  WebhookSignatureError,
  type SignatureFailureReason,
} from '../../../server/webhooks/signature.js';

const secret = 'whsec_test_desco_0123456789';
const body = JSON.stringify({ id: 'evt_1', type: 'payment.succeeded', data: { payment: { amount: '11.00' } } });
const now = new Date('2026-11-22T06:42:00.000Z');
const t = Math.floor(now.getTime() / 1000);

function rejection(run: () => unknown): SignatureFailureReason {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WebhookSignatureError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return (error as WebhookSignatureError).reason;
  }
  throw new Error('expected a WebhookSignatureError, nothing was thrown');
}

describe('signWebhookPayload', () => {
  it('produces t=<seconds>,v1=<HMAC-SHA256 of "t.body"> as documented', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhookPayload(body, secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('adds one v1 per secret while a secret is rotated', () => {
    const header = signWebhookPayload(body, ['old-secret', 'new-secret'], t);
    expect(header.match(/v1=[0-9a-f]{64}/g)).toHaveLength(2);
  });

  it('refuses milliseconds and empty secrets instead of signing nonsense', () => {
    expect(() => signWebhookPayload(body, secret, now.getTime())).toThrow(RangeError);
    expect(() => signWebhookPayload(body, [], t)).toThrow(TypeError);
    expect(() => signWebhookPayload(body, '', t)).toThrow(TypeError);
  });
});

describe('verifyWebhookSignature', () => {
  const header = signWebhookPayload(body, secret, t);

  it('accepts a valid signature and returns its timestamp', () => {
    expect(verifyWebhookSignature(body, header, secret, { now })).toEqual({ timestamp: t });
  });

  it('accepts the raw body as a Buffer, byte for byte', () => {
    const bangla = JSON.stringify({ customerName: 'মোঃ রহিম', amount: '১১.০০' });
    const signed = signWebhookPayload(bangla, secret, t);
    expect(verifyWebhookSignature(Buffer.from(bangla, 'utf8'), signed, secret, { now })).toEqual({ timestamp: t });
  });

  it('rejects a tampered body', () => {
    const tampered = body.replace('11.00', '1.00');
    expect(rejection(() => verifyWebhookSignature(tampered, header, secret, { now }))).toBe('no_signature_match');
  });

  it('rejects the wrong secret', () => {
    expect(rejection(() => verifyWebhookSignature(body, header, 'another-secret', { now }))).toBe('no_signature_match');
  });

  it('rejects a timestamp older than the tolerance, and accepts one just inside it', () => {
    const stale = signWebhookPayload(body, secret, t - 301);
    expect(rejection(() => verifyWebhookSignature(body, stale, secret, { now }))).toBe('timestamp_too_old');
    const edge = signWebhookPayload(body, secret, t - 300);
    expect(verifyWebhookSignature(body, edge, secret, { now }).timestamp).toBe(t - 300);
  });

  it('rejects a timestamp too far in the future', () => {
    const future = signWebhookPayload(body, secret, t + 301);
    expect(rejection(() => verifyWebhookSignature(body, future, secret, { now }))).toBe('timestamp_in_future');
  });

  it('honours a custom tolerance', () => {
    const aMinuteOld = signWebhookPayload(body, secret, t - 60);
    expect(rejection(() => verifyWebhookSignature(body, aMinuteOld, secret, { now, toleranceSeconds: 30 }))).toBe(
      'timestamp_too_old',
    );
  });

  it('uses the real clock when no `now` is given', () => {
    expect(() => verifyWebhookSignature(body, signWebhookPayload(body, secret), secret)).not.toThrow();
    expect(rejection(() => verifyWebhookSignature(body, header, secret))).toBe('timestamp_too_old');
  });

  it.each([undefined, '', '   '])('rejects a missing header (%j)', (missing) => {
    expect(rejection(() => verifyWebhookSignature(body, missing, secret, { now }))).toBe('missing_header');
  });

  it.each([
    ['no t', `v1=${'a'.repeat(64)}`],
    ['no v1', `t=${t}`],
    ['t not a number', `t=yesterday,v1=${'a'.repeat(64)}`],
    ['t twice', `t=${t},t=${t},v1=${'a'.repeat(64)}`],
    ['v1 not hex', `t=${t},v1=${'z'.repeat(64)}`],
    ['v1 too short', `t=${t},v1=abcdef`],
    ['element without =', `t=${t},garbage`],
    ['a bare signature', 'deadbeef'],
  ])('rejects a malformed header: %s', (_case, malformedHeader) => {
    expect(rejection(() => verifyWebhookSignature(body, malformedHeader, secret, { now }))).toBe('malformed_header');
  });

  it('says so when given a parsed body instead of the raw bytes', () => {
    const parsed = JSON.parse(body) as unknown as string;
    expect(() => verifyWebhookSignature(parsed, header, secret, { now })).toThrow(/express\.raw/);
  });

  it('ignores unknown schemes next to a valid v1', () => {
    const withV0 = `${header},v0=${'0'.repeat(64)}`;
    expect(verifyWebhookSignature(body, withV0, secret, { now }).timestamp).toBe(t);
  });

  it('verifies a rotation header with either the old or the new secret, and not with a third', () => {
    const rotating = signWebhookPayload(body, ['old-secret', 'new-secret'], t);
    expect(verifyWebhookSignature(body, rotating, 'old-secret', { now }).timestamp).toBe(t);
    expect(verifyWebhookSignature(body, rotating, 'new-secret', { now }).timestamp).toBe(t);
    expect(rejection(() => verifyWebhookSignature(body, rotating, 'third-secret', { now }))).toBe('no_signature_match');
  });

  it('round-trips any body and secret', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ minLength: 1 }), (anyBody, anySecret) => {
        const signed = signWebhookPayload(anyBody, anySecret, t);
        expect(verifyWebhookSignature(anyBody, signed, anySecret, { now })).toEqual({ timestamp: t });
        expect(verifyWebhookSignature(Buffer.from(anyBody), signed, anySecret, { now })).toEqual({ timestamp: t });
      }),
    );
  });

  it('rejects any mutation of the body', () => {
    const mutation = fc
      .tuple(fc.string({ unit: 'binary' }), fc.nat(), fc.string({ unit: 'binary', minLength: 1 }))
      .map(([original, at, inserted]) => {
        const position = original.length === 0 ? 0 : at % (original.length + 1);
        // Insert, or replace from `position`: either way the result differs from the original.
        const replaced = original.slice(0, position) + inserted + original.slice(position + inserted.length);
        return { original, mutated: replaced === original ? original + inserted : replaced };
      });
    fc.assert(
      fc.property(mutation, fc.string({ minLength: 1 }), ({ original, mutated }, anySecret) => {
        const signed = signWebhookPayload(original, anySecret, t);
        expect(rejection(() => verifyWebhookSignature(mutated, signed, anySecret, { now }))).toBe('no_signature_match');
      }),
    );
  });
});
