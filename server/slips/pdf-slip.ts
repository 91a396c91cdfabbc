/**
 * The PDF slip (A4, one page), in English or Bangla: the same fields as the HTML slip, the QR
 * code drawn as vectors, and real text, so it can be selected, searched and read by a screen
 * reader.
 *
 * Text is written in runs by script, each in its font (pdf-fonts.ts). A value with characters
 * neither font can show (another script) is replaced by a note pointing to the HTML slip instead
 * of being printed wrong.
 */
import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';
import type { Locale } from '../pages/html.js';
import {
  formatBillMonth,
  formatPaidAt,
  localizeAmount,
  localizeDigits,
  merchantNameIn,
  slipRechargeFields,
  purposeLabel,
  SLIP_LABELS,
  slipRefundRows,
  type SlipLabels,
} from './labels.js';
import { NOT_PRINTABLE, registerSlipFonts, scriptRuns, slipFontOf, type TextRun } from './pdf-fonts.js';
import { encodeQr, QR_QUIET_ZONE } from './qr.js';
import { CHARGE_ROWS, type Slip } from './slip.js';

/** Loaded with the first PDF slip, not at start (a fifth of the start-up time; only PDF slips need it). */
let pdfkitModule: typeof PDFDocumentClass | undefined;
function pdfkit(): typeof PDFDocumentClass {
  pdfkitModule ??= createRequire(import.meta.url)('pdfkit') as typeof PDFDocumentClass;
  return pdfkitModule;
}

const PAGE_MARGIN = 50;
const LABEL_WIDTH = 160;
const VALUE_X = PAGE_MARGIN + LABEL_WIDTH;
const CONTENT_WIDTH = 595.28 - 2 * PAGE_MARGIN; // A4 width in points
const ROW_GAP = 4;
const QR_SIDE = 110;
const MUTED = '#57606a';
const INK = '#1b1f24';

interface TextStyle {
  size: number;
  color: string;
  bold?: boolean;
  width?: number;
  link?: string;
  underline?: boolean;
}

/** Writes the slip's sections top to bottom, keeping track of the vertical position. */
class SlipWriter {
  private y = PAGE_MARGIN;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly locale: Locale,
    readonly t: SlipLabels,
  ) {
    registerSlipFonts(doc);
  }

  private runsOf(text: string): TextRun[] {
    return scriptRuns(text) ?? scriptRuns(NOT_PRINTABLE[this.locale]) ?? [];
  }

  /** Writes `text` at (x, y), a run per script; PDFKit continues each run where the last ended. */
  private write(text: string, x: number, y: number, style: TextStyle): void {
    const runs = this.runsOf(text);
    const { width, link, underline } = style;
    this.doc.fontSize(style.size).fillColor(style.color);
    runs.forEach((run, index) => {
      const options = { width, link, underline, continued: index < runs.length - 1 };
      this.doc.font(slipFontOf(run, style.bold));
      if (index === 0) this.doc.text(run.text, x, y, options);
      else this.doc.text(run.text, options);
    });
  }

  /** One line ending at `right`: PDFKit aligns only the first run of continued text, so the runs are measured. */
  private writeRightAligned(text: string, right: number, y: number, style: TextStyle): void {
    const runs = this.runsOf(text);
    this.doc.fontSize(style.size).fillColor(style.color);
    const measured = runs.map((run) => {
      const font = slipFontOf(run, style.bold);
      return { run, font, width: this.doc.font(font).widthOfString(run.text) };
    });
    let x = right - measured.reduce((sum, { width }) => sum + width, 0);
    for (const { run, font, width } of measured) {
      this.doc.font(font).text(run.text, x, y, { lineBreak: false });
      x += width;
    }
  }

  title(slip: Slip): void {
    this.write(this.t.slip, PAGE_MARGIN, this.y, { size: 20, color: INK, bold: true });
    this.y = this.doc.y + 2;
    this.write(merchantNameIn(slip, this.locale), PAGE_MARGIN, this.y, { size: 12, color: INK, width: CONTENT_WIDTH });
    this.y = this.doc.y + 4;
  }

  heading(text: string): void {
    this.y += 12;
    this.write(text, PAGE_MARGIN, this.y, { size: 11, color: INK, bold: true });
    this.y = this.doc.y + 2;
    this.rule(0.5, '#d0d7de');
  }

  /** A label/value row; rows whose value is null are left out, like in the HTML slip. */
  field(label: string, value: string | null, options: { bold?: boolean } = {}): void {
    if (value === null) return;
    this.write(label, PAGE_MARGIN, this.y, { size: 10, color: MUTED, width: LABEL_WIDTH - 10 });
    const labelBottom = this.doc.y;
    this.write(value, VALUE_X, this.y, { size: 10, color: INK, bold: options.bold, width: CONTENT_WIDTH - LABEL_WIDTH });
    this.y = Math.max(labelBottom, this.doc.y) + ROW_GAP;
  }

  amount(label: string, amount: string, options: { bold?: boolean } = {}): void {
    const style = { size: 10, color: INK, bold: options.bold };
    this.write(label, PAGE_MARGIN, this.y, style);
    const labelBottom = this.doc.y;
    this.writeRightAligned(amount, PAGE_MARGIN + CONTENT_WIDTH, this.y, style);
    this.y = Math.max(labelBottom, this.doc.y) + ROW_GAP;
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
    this.heading(this.t.verifyHeading);
    drawQr(this.doc, verifyUrl, PAGE_MARGIN, this.y, QR_SIDE);
    const textX = PAGE_MARGIN + QR_SIDE + 16;
    const textWidth = CONTENT_WIDTH - QR_SIDE - 16;
    this.write(this.t.verifyHint, textX, this.y + 20, { size: 10, color: INK, width: textWidth });
    this.write(verifyUrl, textX, this.doc.y + 4, { size: 10, color: '#0b6e4f', width: textWidth, link: verifyUrl, underline: true });
    this.y += QR_SIDE + 8;
  }

  footnote(text: string): void {
    this.write(text, PAGE_MARGIN, this.y, { size: 8, color: MUTED, width: CONTENT_WIDTH });
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

function writeSlip(writer: SlipWriter, slip: Slip, locale: Locale): void {
  const { t } = writer;
  // Numbers and numeric identifiers in the locale's digits; opaque codes stay as issued.
  const digits = (text: string | null) => (text === null ? null : localizeDigits(text, locale));
  writer.title(slip);
  writer.field(t.trackingNumber, digits(slip.trackingNumber), { bold: true });

  writer.heading(t.billSection);
  writer.field(t.merchant, merchantNameIn(slip, locale));
  writer.field(t.purpose, purposeLabel(slip.purpose, locale));
  writer.field(t.customerName, slip.customerName);
  writer.field(t.reference, slip.reference);
  writer.field(t.accountNo, digits(slip.accountNo));
  writer.field(t.billNo, digits(slip.billNo));
  writer.field(t.meterNo, digits(slip.meterNo));
  writer.field(t.billMonth, slip.billMonth === null ? null : formatBillMonth(slip.billMonth, locale));

  writer.heading(`${t.amountsSection} (${locale === 'bn' ? 'টাকা' : 'BDT'})`);
  for (const key of CHARGE_ROWS) writer.amount(t.amounts[key], localizeAmount(slip.amounts[key], locale));
  writer.rule(1.5, INK);
  writer.amount(t.amounts.total, localizeAmount(slip.amounts.total, locale), { bold: true });

  writer.heading(t.paymentSection);
  writer.field(t.paidAt, formatPaidAt(slip.paidAtDhaka, locale));
  writer.field(t.method, locale === 'bn' ? slip.method.bnName : slip.method.name);
  writer.field(t.gateway, locale === 'bn' ? slip.gateway.bnName : slip.gateway.name);
  writer.field(t.instrument, digits(slip.instrument));
  writer.field(t.paymentId, slip.paymentId);
  writer.field(t.gatewayTransactionId, slip.gatewayTransactionId);

  const recharge = slipRechargeFields(slip, locale);
  if (recharge.length > 0) {
    writer.heading(t.rechargeSection);
    recharge.forEach(([label, value], index) => writer.field(label, value, { bold: index === 0 }));
    writer.field('', t.tokenSimulated);
  }

  const refunds = slipRefundRows(slip, locale);
  if (refunds.length > 0) {
    writer.heading(t.refundsSection);
    for (const row of refunds) writer.amount(row.label, row.amount);
    writer.rule(1.5, INK);
    writer.amount(t.amountRefunded, localizeAmount(slip.amountRefunded ?? '0.00', locale), { bold: true });
  }

  writer.verify(slip.verifyUrl);
  writer.footnote(t.issuedBy);
}

/** Renders the slip as a one-page A4 PDF, in English (default) or Bangla. */
export function renderSlipPdf(slip: Slip, { locale }: { locale: Locale } = { locale: 'en' }): Promise<Buffer> {
  const t = SLIP_LABELS[locale];
  const doc = new (pdfkit())({
    size: 'A4',
    margin: PAGE_MARGIN,
    lang: locale,
    info: {
      Title: `${t.slip} ${slip.trackingNumber}`,
      Author: 'billpay-sim',
      Subject: merchantNameIn(slip, locale),
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
  writeSlip(new SlipWriter(doc, locale, t), slip, locale);
  doc.end();
  return done;
}
