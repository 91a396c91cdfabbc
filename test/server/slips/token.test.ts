import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLIP_TOKEN_LENGTH, slipToken, slipTokenMatches } from '../../../server/slips/token.js';

/** The token as the module's header defines it, computed here from scratch. */
const expectedToken = (id: string, secret: string) =>
  createHmac('sha256', secret).update(`billpay-slip:${id}`).digest().subarray(0, 16).toString('base64url');

describe('slipToken', () => {
  it('is the first 128 bits of an HMAC-SHA256 of the payment id keyed with its secret, the same each time', () => {
    const payment = { id: 'pay_4f2a9c1e7b3d5a60', clientSecretSha256: 'a'.repeat(64) };
    const token = slipToken(payment);
    expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${SLIP_TOKEN_LENGTH}}$`));
    expect(token).toBe(expectedToken(payment.id, payment.clientSecretSha256));
    expect(slipToken({ ...payment })).toBe(token);
  });

  it('depends on the secret as well as the id', () => {
    const id = 'pay_0b1c2d3e4f5a6b7c';
    const first = slipToken({ id, clientSecretSha256: 'b'.repeat(64) });
    const second = slipToken({ id, clientSecretSha256: 'c'.repeat(64) });
    expect(second).not.toBe(first);
    expect(second).toBe(expectedToken(id, 'c'.repeat(64)));
  });

  it('matches the definition for any id and secret', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string({ minLength: 1 })), { minLength: 1, maxLength: 20 }), (pairs) => {
        for (const [id, secret] of [...pairs, ...pairs.toReversed()]) {
          expect(slipToken({ id, clientSecretSha256: secret })).toBe(expectedToken(id, secret));
        }
      }),
    );
  });
});

describe('slipTokenMatches', () => {
  it('accepts exactly the token, and refuses another string, an array or nothing', () => {
    const token = slipToken({ id: 'pay_1', clientSecretSha256: 'd'.repeat(64) });
    expect(slipTokenMatches(token, token)).toBe(true);
    const other = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    expect(slipTokenMatches(other, token)).toBe(false);
    expect(slipTokenMatches(token.slice(1), token)).toBe(false);
    expect(slipTokenMatches([token], token)).toBe(false);
    expect(slipTokenMatches(undefined, token)).toBe(false);
  });
});
