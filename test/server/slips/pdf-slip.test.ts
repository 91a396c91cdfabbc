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
      slip.verifyUrl,
    ]) {
      expect(text).toContain(expected);
    }
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

  it('prints a note instead of garbage for text its Latin-1 font cannot show', async () => {
    const slip = sampleSlip({ customerName: 'শাহিদুজ্জামান', trackingNumber: '6305191204122348404|1|2' });
    const runs = pdfTextRuns(await renderSlipPdf(slip));
    expect(runs[runs.indexOf('Customer') + 1]).toBe('(not printable in this PDF: see the HTML slip)');
    expect(runs).toContain('6305191204122348404|1|2');
  });

  it('gives the same bytes for the same slip', async () => {
    const [first, second] = await Promise.all([renderSlipPdf(sampleSlip()), renderSlipPdf(sampleSlip())]);
    expect(first.equals(second)).toBe(true);
  });
});
