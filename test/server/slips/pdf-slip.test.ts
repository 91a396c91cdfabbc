import { describe, expect, it } from 'vitest';
import { renderSlipPdf } from '../../../server/slips/pdf-slip.js';
import { encodeQr } from '../../../server/slips/qr.js';
import { newConnectionSlip, sampleSlip } from './fixtures.js';
import { contentStreams, pdfTextRuns } from './pdf-text.js';

describe('renderSlipPdf', () => {
  it('is a complete PDF document', async () => {
    const pdf = await renderSlipPdf(sampleSlip());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('writes every field as real text, the tracking number included', async () => {
    const slip = sampleSlip();
    const text = pdfTextRuns(await renderSlipPdf(slip)).join('\n');
    for (const expected of [
      'Payment slip',
      slip.merchant.name,
      'Tracking No.',
      slip.trackingNumber,
      'Postpaid bill',
      slip.customerName,
      slip.reference,
      slip.accountNo,
      slip.billNo,
      slip.meterNo,
      'June 2022',
      '11.00',
      '0.35',
      '0.12',
      '0.04',
      '0.02',
      '11.49',
      '2026-11-22 12:42:00 (Dhaka time)',
      slip.method.name,
      slip.gateway.name,
      slip.paymentId,
      slip.gatewayTransactionId,
    ]) {
      expect(text).toContain(expected);
    }
    // The verify address (with the slip's token) wraps after its `?`.
    expect(text.replaceAll('\n', '')).toContain(slip.verifyUrl);
    // The bullets of the masked card are WinAnsi 0x95, not mangled.
    expect(text).toContain('VISA \x95\x95\x95\x95 1111');
  });

  it('draws the QR code of the verify address as one rectangle per run of dark modules', async () => {
    const slip = sampleSlip();
    const rectangles = contentStreams(await renderSlipPdf(slip))
      .join('\n')
      .match(/ re\n/g);
    expect(rectangles).toHaveLength(encodeQr(slip.verifyUrl).runs.length);
    expect(encodeQr(slip.verifyUrl).runs.length).not.toBe(encodeQr(newConnectionSlip().verifyUrl).runs.length);
  });

  it('links the verify address', async () => {
    const slip = sampleSlip();
    const source = (await renderSlipPdf(slip)).toString('latin1');
    expect(source).toContain(`/URI (${slip.verifyUrl})`);
  });

  it('prints Bangla in an embedded Bangla font, and only embeds it when some text is Bangla', async () => {
    const latinOnly = (await renderSlipPdf(sampleSlip({ customerName: 'Shahiduzzaman Khan' }))).toString('latin1');
    expect(latinOnly).not.toContain('NotoSansBengali');
    const name = 'শাহিদুজ্জামান খান';
    const pdf = await renderSlipPdf(sampleSlip({ customerName: name }));
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansBengali/);
    const runs = pdfTextRuns(pdf);
    const shown = runs.slice(runs.indexOf('Customer') + 1, runs.indexOf('Merchant reference')).join('');
    // The glyphs map back to exactly the name's characters (in the glyphs' visual order: the vowel
    // sign ি is drawn before its consonant, and a PDF's text follows the glyphs).
    expect([...shown].sort()).toEqual([...name].sort());
  });

  it('prints a note instead of garbage for text in a script neither font has', async () => {
    const slip = sampleSlip({ customerName: 'محمد رحمن', trackingNumber: '6305191204122348404|1|2' });
    const runs = pdfTextRuns(await renderSlipPdf(slip));
    expect(runs[runs.indexOf('Customer') + 1]).toBe('(not printable in this PDF: see the HTML slip)');
    expect(runs).toContain('6305191204122348404|1|2');
  });

  it('is in Bangla with locale bn: Bangla labels, Bangla digits in numbers, codes as issued', async () => {
    const slip = sampleSlip();
    const pdf = await renderSlipPdf(slip, { locale: 'bn' });
    const text = pdfTextRuns(pdf).join('');
    expect(text).toContain('৪৩০৫২৬১১২২১২৪২০০০০৭');
    expect(text).toContain('১১.৪৯');
    expect(text).toContain('১২৩৪৫৬৭৮');
    expect(text).toContain(slip.paymentId);
    expect(text).toContain(slip.gatewayTransactionId);
    expect(text).toContain(slip.verifyUrl);
    expect(text).not.toContain('Payment slip');
    expect(pdf.toString('latin1')).toContain('/Lang (bn)');
  });

  it("names the merchant by its Bangla name in Bangla, and prints a recharge's token", async () => {
    const recharge = { token: '36898242465070883861', tokenGrouped: '3689-8242-4650-7088-3861', energyKwh: '63.49', tariff: { ratePerKwh: '7.50', vatPercent: '5' }, simulated: true as const };
    const slip = sampleSlip({ purpose: 'prepaid_recharge', recharge, amounts: { ...sampleSlip().amounts, billAmount: '125000.00', total: '126375.00' } });
    const bn = pdfTextRuns(await renderSlipPdf(slip, { locale: 'bn' })).join('');
    expect(bn).not.toContain(slip.merchant.name);
    // Shaped Bangla comes back in glyph order (a vowel sign before its consonant): words without one.
    expect(bn).toContain('ঢাকা');
    expect(bn).toContain('সাপ্লাই');
    expect(bn).toContain('৩৬৮৯-৮২৪২-৪৬৫০-৭০৮৮-৩৮৬১');
    expect(bn).toContain('১,২৫,০০০.০০');
    const en = pdfTextRuns(await renderSlipPdf(slip)).join(' ');
    expect(en).toContain(slip.merchant.name);
    expect(en).toContain('3689-8242-4650-7088-3861');
    expect(en).toContain('1,26,375.00');
  });

  it('gives the same bytes for the same slip, in either language', async () => {
    const [first, second] = await Promise.all([renderSlipPdf(sampleSlip()), renderSlipPdf(sampleSlip())]);
    expect(first.equals(second)).toBe(true);
    const bangla = sampleSlip({ customerName: 'শাহিদুজ্জামান খান' });
    const [bnFirst, bnSecond] = await Promise.all([
      renderSlipPdf(bangla, { locale: 'bn' }),
      renderSlipPdf(bangla, { locale: 'bn' }),
    ]);
    expect(bnFirst.equals(bnSecond)).toBe(true);
  });
});
