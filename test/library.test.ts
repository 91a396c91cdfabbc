/**
 * The published library as a user imports it: the built `dist/` through package.json "exports"
 * (npm test builds first), not the source files.
 */
import { describe, expect, it } from 'vitest';
import * as billpay from 'billpay-sim';

describe("import … from 'billpay-sim'", () => {
  it('exposes the documented names', () => {
    for (const name of [
      'parseAccountNumber',
      'parseMeterNumber',
      'parseBillNumber',
      'parseDescoBillNumber',
      'parseTrackingNumber',
      'formatTrackingNumber',
      'cardTypeDigit',
      'quoteCharges',
      'DomainError',
      'verifyWebhookSignature',
      'signWebhookPayload',
      'verifyReturnUrl',
    ]) {
      expect(billpay, name).toHaveProperty(name);
    }
  });

  it("decodes seed 002's worked examples", () => {
    expect(billpay.parseAccountNumber('104231245')).toMatchObject({
      officeCode: '104',
      book: '12',
      page: '45',
    });
    expect(billpay.parseMeterNumber('050350143117')).toMatchObject({
      utility: { id: 'WZPDCO' },
      serial: '0143117',
    });
    expect(billpay.parseTrackingNumber('6305191204122348404|1|2')).toMatchObject({
      cardType: 6,
      officeCode: '305',
      serial: 404,
      meterSerial: 1,
      costHead: 2,
    });
  });

  it('throws DomainError naming field and rule', () => {
    expect(() => billpay.parseBillNumber('2213104231245')).toThrowError(billpay.DomainError);
    expect(() => billpay.parseBillNumber('2213104231245')).toThrowError(
      expect.objectContaining({ field: 'billNo', rule: 'month_range' }),
    );
  });

  it("quotes seed 000's CITY row with half-up rounding", () => {
    const quote = billpay.quoteCharges({
      billAmount: '11.00',
      serviceCharge: { percent: '1.5', flat: '0' },
    });
    expect(quote.serviceCharge).toBe('0.17');
    expect(quote.total).toBe('11.17');
  });

  it('verifies a header it signed, and rejects a tampered body', () => {
    const body = JSON.stringify({ id: 'evt_1', type: 'payment.succeeded' });
    const header = billpay.signWebhookPayload(body, 'whsec_test');
    expect(billpay.verifyWebhookSignature(body, header, 'whsec_test')).toHaveProperty('timestamp');
    expect(() => billpay.verifyWebhookSignature(body + ' ', header, 'whsec_test')).toThrowError(
      billpay.WebhookSignatureError,
    );
  });
});
