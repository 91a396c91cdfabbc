/**
 * The PDF slip (A4, one page): the same fields as the HTML slip, the QR code drawn as vectors,
 * and real text, so it can be selected, searched and read by a screen reader.
 *
 * It is English only. PDFKit's built-in fonts cover Latin-1 (WinAnsi) and no installed npm package
 * ships a Bangla font, so Bangla labels would print as garbage; the HTML slip is the Bangla one.
 * A value that cannot be written in WinAnsi (say, a customer name in Bangla script) is replaced by
 * a note pointing to the HTML slip instead of being printed wrong.
 */
import PDFDocument from 'pdfkit';
import { formatBillMonth, formatPaidAt, purposeLabel, SLIP_LABELS } from './labels.js';
import { encodeQr, QR_QUIET_ZONE } from './qr.js';
import type { Slip, SlipAmounts } from './slip.js';

const t = SLIP_LABELS.en;

const PAGE_MARGIN = 50;
const LABEL_WIDTH = 160;
const VALUE_X = PAGE_MARGIN + LABEL_WIDTH;
const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN; // A4 width in points
const ROW_GAP = 4;
const QR_SIDE = 110;
const MUTED = '#57606a';
const INK = '#1b1f24';

/** Characters beyond Latin-1 that WinAnsi (and so PDFKit's standard fonts) still has. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

function isWinAnsi(text: string): boolean {
  return [...text].every((char) => {
    const code = char.codePointAt(0) ?? 0;
    return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char);
  });
}

const NOT_PRINTABLE = '(not printable in this PDF: see the HTML slip)';

function printable(text: string): string {
  return isWinAnsi(text) ? text : NOT_PRINTABLE;
}

const CHARGE_ROWS: ReadonlyArray<Exclude<keyof SlipAmounts, 'total'>> = [
  'billAmount',
  'lateFee',
  'serviceCharge',
  'convenienceFee',
  'discount',
];

/** Writes the slip's sections top to bottom, keeping track of the vertical position. */
class SlipWriter {
  private y = PAGE_MARGIN;

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  title(slip: Slip): void {
    this.doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(t.slip, PAGE_MARGIN, this.y);
    this.y = this.doc.y + 2;
    this.doc.font('Helvetica').fontSize(12).text(printable(slip.merchant.name), PAGE_MARGIN, this.y, {
      width: CONTENT_WIDTH,
    });
    this.y = this.doc.y + 4;
  }

  heading(text: string): void {
    this.y += 12;
    this.doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text(text, PAGE_MARGIN, this.y);
    this.y = this.doc.y + 2;
    this.rule(0.5, '#d0d7de');
  }

  /** A label/value row; rows whose value is null are left out, like in the HTML slip. */
  field(label: string, value: string | null, options: { bold?: boolean } = {}): void {
    if (value === null) return;
    this.doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(label, PAGE_MARGIN, this.y, { width: LABEL_WIDTH - 10 });
    const labelBottom = this.doc.y;
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fillColor(INK)
      .text(printable(value), VALUE_X, this.y, { width: CONTENT_WIDTH - LABEL_WIDTH });
    this.y = Math.max(labelBottom, this.doc.y) + ROW_GAP;
  }

  amount(label: string, amount: string, options: { bold?: boolean } = {}): void {
    const font = options.bold ? 'Helvetica-Bold' : 'Helvetica';
    this.doc.font(font).fontSize(10).fillColor(INK).text(label, PAGE_MARGIN, this.y);
    this.doc.text(amount, PAGE_MARGIN, this.y, { width: CONTENT_WIDTH, align: 'right' });
    this.y = this.doc.y + ROW_GAP;
  }

  rule(width: number, color: string): void {
    this.doc
      .moveTo(PAGE_MARGIN, this.y)
      .lineTo(PAGE_MARGIN + CONTENT_WIDTH, this.y)
      .lineWidth(width)
      .strokeColor(color)
      .stroke();
    this.y += ROW_GAP + 2;
  }

  /** The QR code of the verify address beside the address itself (a live link). */
  verify(verifyUrl: string): void {
    this.heading(t.verifyHeading);
    drawQr(this.doc, verifyUrl, PAGE_MARGIN, this.y, QR_SIDE);
    const textX = PAGE_MARGIN + QR_SIDE + 16;
    const textWidth = CONTENT_WIDTH - QR_SIDE - 16;
    this.doc.font('Helvetica').fontSize(10).fillColor(INK).text(t.verifyHint, textX, this.y + 20, { width: textWidth });
    this.doc.fillColor('#0b6e4f').text(printable(verifyUrl), textX, this.doc.y + 4, {
      width: textWidth,
      link: verifyUrl,
      underline: true,
    });
    this.y += QR_SIDE + 8;
  }

  footnote(text: string): void {
    this.doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(text, PAGE_MARGIN, this.y, { width: CONTENT_WIDTH });
    this.y = this.doc.y;
  }
}

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number): void {
  const { size, runs } = encodeQr(text);
  const module = side / (size + 2 * QR_QUIET_ZONE);
  for (const run of runs) {
    doc.rect(x + (run.col + QR_QUIET_ZONE) * module, y + (run.row + QR_QUIET_ZONE) * module, run.length * module, module);
  }
  doc.fillColor('#000').fill();
}

function writeSlip(writer: SlipWriter, slip: Slip): void {
  writer.title(slip);
  writer.field(t.trackingNumber, slip.trackingNumber, { bold: true });

  writer.heading(t.billSection);
  writer.field(t.merchant, slip.merchant.name);
  writer.field(t.purpose, purposeLabel(slip.purpose, 'en'));
  writer.field(t.customerName, slip.customerName);
  writer.field(t.reference, slip.reference);
  writer.field(t.accountNo, slip.accountNo);
  writer.field(t.billNo, slip.billNo);
  writer.field(t.meterNo, slip.meterNo);
  writer.field(t.billMonth, slip.billMonth === null ? null : formatBillMonth(slip.billMonth, 'en'));

  writer.heading(`${t.amountsSection} (BDT)`);
  for (const key of CHARGE_ROWS) writer.amount(t.amounts[key], slip.amounts[key]);
  writer.rule(1.5, INK);
  writer.amount(t.amounts.total, slip.amounts.total, { bold: true });

  writer.heading(t.paymentSection);
  writer.field(t.paidAt, formatPaidAt(slip.paidAtDhaka, 'en'));
  writer.field(t.method, slip.method.name);
  writer.field(t.gateway, slip.gateway.name);
  writer.field(t.instrument, slip.instrument);
  writer.field(t.paymentId, slip.paymentId);
  writer.field(t.gatewayTransactionId, slip.gatewayTransactionId);

  writer.verify(slip.verifyUrl);
  writer.footnote(t.issuedBy);
}

/** Renders the slip as a one-page A4 PDF. */
export function renderSlipPdf(slip: Slip): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: PAGE_MARGIN,
    info: {
      Title: `${t.slip} ${slip.trackingNumber}`,
      Author: 'billpay-sim',
      Subject: printable(slip.merchant.name),
      // The payment's time, not the rendering's: the same slip gives the same document.
      CreationDate: new Date(slip.paidAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  writeSlip(new SlipWriter(doc), slip);
  doc.end();
  return done;
}
