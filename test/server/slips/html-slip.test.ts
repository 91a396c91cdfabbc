import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBanglaDigits } from '../../../domain/digits.js';
import { renderSlipHtml } from '../../../server/slips/html-slip.js';
import { qrSvg } from '../../../server/slips/qr.js';
import type { Slip } from '../../../server/slips/slip.js';
import { newConnectionSlip, sampleSlip, tokenOf } from './fixtures.js';

/** The text content of the element right after the label, e.g. <dt>Label</dt><dd>value</dd>. */
function valueAfter(page: string, label: string): string | undefined {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`<(?:dt|th scope="row")>${escaped}</(?:dt|th)><(?:dd|td class="amount")>(.*?)</(?:dd|td)>`).exec(page);
  return match?.[1]?.replace(/<[^>]+>/g, '');
}

describe('renderSlipHtml (English)', () => {
  const slip = sampleSlip();
  const page = renderSlipHtml(slip, { locale: 'en' });

  it('shows every field of the slip under its label', () => {
    expect(page).toContain('<html lang="en">');
    expect(page).toContain('<h1>Payment slip</h1>');
    expect(valueAfter(page, 'Utility / merchant')).toBe('Dhaka Electric Supply Company Ltd. (DESCO)');
    expect(valueAfter(page, 'Purpose')).toBe('Postpaid bill');
    expect(valueAfter(page, 'Customer')).toBe('Shahiduz Zaman');
    expect(valueAfter(page, 'Merchant reference')).toBe('desco-bill-062212345678');
    expect(valueAfter(page, 'Account No.')).toBe('12345678');
    expect(valueAfter(page, 'Bill No.')).toBe('062212345678');
    expect(valueAfter(page, 'Meter No.')).toBe('050350143117');
    expect(valueAfter(page, 'Bill Month')).toBe('June 2022');
    expect(valueAfter(page, 'Tracking No.')).toBe('4305261122124200007');
    expect(valueAfter(page, 'Payment Date')).toBe('2026-11-22 12:42:00 (Dhaka time)');
    expect(valueAfter(page, 'Payment Method')).toBe('VISA');
    expect(valueAfter(page, 'Gateway')).toBe('Eastern Bank (EBL)');
    expect(valueAfter(page, 'Paid with')).toBe('VISA •••• 1111');
    expect(valueAfter(page, 'Payment ID')).toBe('pay_01JD4X7Q2K');
    expect(valueAfter(page, 'Gateway Transaction ID')).toBe('EBL-TXN-000123');
  });

  it('lists every amount and the total as given, two decimals', () => {
    expect(valueAfter(page, 'Bill Amount')).toBe('11.00');
    expect(valueAfter(page, 'Late Payment Charge')).toBe('0.35');
    expect(valueAfter(page, 'Service Charge')).toBe('0.12');
    expect(valueAfter(page, 'Convenience Fee')).toBe('0.04');
    expect(valueAfter(page, 'Discount')).toBe('0.02');
    expect(page).toMatch(/<tfoot><tr><th scope="row">Total<\/th><td class="amount">11\.49<\/td><\/tr><\/tfoot>/);
  });

  it('carries the QR code of the verify address, a link to it, the PDF link and a print button', () => {
    expect(page).toContain(qrSvg(slip.verifyUrl, 'QR code of the verification address').markup);
    expect(page).toContain(`<a href="${slip.verifyUrl}">${slip.verifyUrl}</a>`);
    expect(page).toContain(`<a href="${slip.pdfUrl}" download>Download PDF</a>`);
    expect(page).toContain('<button type="button" data-action="print">Print slip</button>');
    expect(page).toContain('<script type="module" src="/assets/pages/slip.js"></script>');
    // The other language keeps the slip's token (without it the page is a 404).
    expect(page).toContain(`<a href="?token=${tokenOf(slip)}&amp;lang=bn" lang="bn">`);
  });

  it('leaves out the fields a payment does not have', () => {
    const other = renderSlipHtml(newConnectionSlip(), { locale: 'en' });
    for (const label of ['Customer', 'Account No.', 'Bill No.', 'Meter No.', 'Bill Month']) {
      expect(valueAfter(other, label)).toBeUndefined();
    }
    expect(valueAfter(other, 'Purpose')).toBe('New connection: demand note');
    expect(valueAfter(other, 'Tracking No.')).toBe('6305191204122348404|1|2');
  });
});

describe('renderSlipHtml escapes every text', () => {
  const attack = '<script>alert(1)</script>';

  it('shows markup in any field as text', () => {
    const slip = sampleSlip({
      customerName: attack,
      merchant: { id: 'evil', name: attack, bnName: attack },
      reference: attack,
      method: { id: 'x', name: attack, bnName: attack },
      gateway: { id: 'x', name: attack, bnName: attack },
      instrument: attack,
      gatewayTransactionId: attack,
    });
    const page = renderSlipHtml(slip, { locale: 'en' });
    expect(page).not.toContain('<script>alert');
    expect(valueAfter(page, 'Customer')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.split('&lt;script&gt;alert(1)&lt;/script&gt;').length - 1).toBeGreaterThanOrEqual(8);
  });

  it('produces the same tags whatever text the merchant or customer supplied', () => {
    const tagsOf = (page: string) => page.match(/<\/?[a-z][^\s>]*/g);
    const baseline = tagsOf(renderSlipHtml(sampleSlip(), { locale: 'en' }));
    // Any text, with markup-looking pieces mixed in often enough to matter.
    const markupish = fc.constantFrom('<', '>', '"', "'", '&', '</dd>', '<img src=x onerror=alert(1)>', '<script>');
    const text = fc.string({ unit: fc.oneof(markupish, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 20 });
    fc.assert(
      fc.property(text, text, text, text, (customerName, merchantName, instrument, reference) => {
        const slip: Slip = sampleSlip({ customerName, merchant: { id: 'm', name: merchantName, bnName: merchantName }, instrument, reference });
        expect(tagsOf(renderSlipHtml(slip, { locale: 'en' }))).toEqual(baseline);
      }),
      { numRuns: 60 },
    );
  });
});

describe('renderSlipHtml (Bangla)', () => {
  const slip = sampleSlip();
  const page = renderSlipHtml(slip, { locale: 'bn' });

  it('uses Bangla labels and Bangla digits for amounts, numbers and dates', () => {
    expect(page).toContain('<html lang="bn">');
    expect(page).toContain('<h1>পেমেন্ট স্লিপ</h1>');
    expect(valueAfter(page, 'সর্বমোট')).toBe('১১.৪৯');
    expect(valueAfter(page, 'বিলের পরিমাণ')).toBe('১১.০০');
    expect(valueAfter(page, 'সার্ভিস চার্জ')).toBe('০.১২');
    expect(valueAfter(page, 'হিসাব নম্বর')).toBe('১২৩৪৫৬৭৮');
    expect(valueAfter(page, 'ট্র্যাকিং নম্বর')).toBe(toBanglaDigits(slip.trackingNumber));
    expect(valueAfter(page, 'বিলের মাস')).toBe('জুন ২০২২');
    expect(valueAfter(page, 'পরিশোধের তারিখ')).toBe('২০২৬-১১-২২ ১২:৪২:০০ (ঢাকা সময়)');
    expect(valueAfter(page, 'উদ্দেশ্য')).toBe('পোস্টপেইড বিল');
    expect(valueAfter(page, 'পরিশোধের মাধ্যম')).toBe('VISA •••• ১১১১');
    expect(valueAfter(page, 'পেমেন্ট পদ্ধতি')).toBe(slip.method.bnName);
    expect(valueAfter(page, 'গেটওয়ে')).toBe(slip.gateway.bnName);
  });

  it('links the Bangla PDF and the English slip, with the token', () => {
    expect(page).toContain(`<a href="${slip.pdfUrl}&amp;lang=bn" download>`);
    expect(page).toContain(`<a href="?token=${tokenOf(slip)}&amp;lang=en" lang="en">`);
  });

  it('keeps opaque ids as issued and no ASCII amount anywhere in the text', () => {
    expect(valueAfter(page, 'পেমেন্ট আইডি')).toBe('pay_01JD4X7Q2K');
    const text = page.replace(/<[^>]+>/g, ' ');
    expect(text).not.toMatch(/\b11\.49\b|\b11\.00\b/);
  });
});
