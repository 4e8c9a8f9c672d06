// The invoice PDF (適格請求書): A4, the Japanese font embedded, lines grouped by service month
// with the header row repeated on every page, per-rate subtotals and tax, the total and the
// bank account. What to print is decided in invoice-pdf.rules.ts; this file only draws.
import PDFDocument from 'pdfkit';
import { registerJapaneseFonts } from '../../platform/pdf/japanese-font.js';
import {
  bankAccountLines,
  CHARGE_KIND_LABELS,
  documentDateOf,
  formatDate,
  formatMonth,
  formatQuantity,
  formatYen,
  honorificOf,
  invoiceTitle,
  isReducedRate,
  lineName,
  linesByServiceMonth,
  lineTaxRateLabel,
  REDUCED_RATE_MARK,
  taxableAmountsIncludeTax,
  taxPartLabel,
} from './invoice-pdf.rules.js';
import type { InvoiceLineView, InvoiceView } from './invoice-read.service.js';
import type { BankAccount } from './schema.js';

export interface InvoicePdfData {
  invoice: InvoiceView;
  issuer: { name: string; registrationNumber: string | null };
  customerKind: 'organization' | 'person' | null;
  bankAccount: BankAccount | null;
  /** The tenant's reduced rate (8): its lines carry the ※ mark. */
  reducedRate: number;
  /** The number of the invoice a credit note corrects. */
  creditForNumber: string | null;
}

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'center' | 'right';

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const LEFT = 40;
const RIGHT = PAGE_WIDTH - 40;
const WIDTH = RIGHT - LEFT;
/** Rows and blocks stop here; the footer sits below. */
const BOTTOM = PAGE_HEIGHT - 56;
const PAD = 4;
const INK = '#212529';
const MUTED = '#495057';
const RULE = '#adb5bd';
const HEADER_FILL = '#e9ecef';
const GROUP_FILL = '#f8f9fa';
const DRAFT_RED = '#c92a2a';

const COLUMNS: { label: string; width: number; align: Align }[] = [
  { label: '品名', width: 225, align: 'left' },
  { label: '区分', width: 40, align: 'center' },
  { label: '数量', width: 50, align: 'right' },
  { label: '単価', width: 70, align: 'right' },
  { label: '金額', width: 85, align: 'right' },
  { label: '税率', width: 45, align: 'center' },
];

interface TextStyle {
  size?: number;
  bold?: boolean;
  color?: string;
  align?: Align;
  width?: number;
}

/** Writes text at (x, y) and answers its height. */
function write(doc: Doc, value: string, x: number, y: number, style: TextStyle = {}): number {
  const width = style.width ?? RIGHT - x;
  doc
    .font(style.bold ? 'bold' : 'regular')
    .fontSize(style.size ?? 9)
    .fillColor(style.color ?? INK);
  const options = { width, align: style.align ?? 'left' };
  const height = doc.heightOfString(value, options);
  doc.text(value, x, y, options);
  return height;
}

function measure(doc: Doc, value: string, style: TextStyle): number {
  doc.font(style.bold ? 'bold' : 'regular').fontSize(style.size ?? 9);
  return doc.heightOfString(value, { width: style.width ?? WIDTH });
}

function rule(doc: Doc, x1: number, x2: number, y: number, color = RULE, width = 0.5) {
  doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke();
}

function box(doc: Doc, x: number, y: number, width: number, height: number, fill?: string) {
  doc.rect(x, y, width, height).lineWidth(0.5);
  if (fill) doc.fillAndStroke(fill, RULE);
  else doc.strokeColor(RULE).stroke();
}

/** A table row: cells in the columns' widths, as tall as its tallest cell. */
function drawRow(
  doc: Doc,
  y: number,
  cells: string[],
  style: { fill?: string; bold?: boolean } = {},
): number {
  const height = rowHeight(doc, cells, style.bold);
  if (style.fill) box(doc, LEFT, y, WIDTH, height, style.fill);
  let x = LEFT;
  COLUMNS.forEach((column, index) => {
    write(doc, cells[index] ?? '', x + PAD, y + PAD, {
      width: column.width - 2 * PAD,
      align: column.align,
      bold: style.bold,
    });
    x += column.width;
  });
  rule(doc, LEFT, RIGHT, y + height);
  return y + height;
}

function rowHeight(doc: Doc, cells: string[], bold = false): number {
  const heights = COLUMNS.map((column, index) =>
    measure(doc, cells[index] ?? '', { width: column.width - 2 * PAD, bold }),
  );
  return Math.max(...heights) + 2 * PAD;
}

const tableHeader = (doc: Doc, y: number) =>
  drawRow(
    doc,
    y,
    COLUMNS.map((column) => column.label),
    { fill: HEADER_FILL, bold: true },
  );

function groupRow(doc: Doc, y: number, serviceMonth: string, continued: boolean): number {
  const label = `利用月 ${formatMonth(serviceMonth)}${continued ? ' (続き)' : ''}`;
  const height = measure(doc, label, { bold: true }) + 2 * PAD;
  box(doc, LEFT, y, WIDTH, height, GROUP_FILL);
  write(doc, label, LEFT + PAD, y + PAD, { bold: true, width: WIDTH - 2 * PAD });
  return y + height;
}

function lineCells(line: InvoiceLineView, reducedRate: number): string[] {
  const mark = isReducedRate(line.taxRate, reducedRate) ? ` ${REDUCED_RATE_MARK}` : '';
  return [
    `${lineName(line)}${mark}`,
    CHARGE_KIND_LABELS[line.chargeKind],
    formatQuantity(line.quantity),
    formatYen(line.unitPrice),
    formatYen(line.amount),
    lineTaxRateLabel(line.taxRate, reducedRate),
  ];
}

function customerLine(data: InvoicePdfData): string {
  return `${data.invoice.customerName} ${honorificOf(data.customerKind)}`;
}

/** The top of a following page: which invoice this is, so a loose page can be placed. */
function newPage(doc: Doc, data: InvoicePdfData): number {
  doc.addPage();
  const { invoice, issuer } = data;
  const title = invoiceTitle(invoice.kind, issuer.registrationNumber);
  const label = `${title} ${invoice.number ?? '下書き'}  ${customerLine(data)}  (続き)`;
  const height = write(doc, label, LEFT, 40, { size: 9, color: MUTED });
  rule(doc, LEFT, RIGHT, 40 + height + 4);
  return 40 + height + 12;
}

function drawTitle(doc: Doc, data: InvoicePdfData): number {
  const { invoice, issuer } = data;
  write(doc, invoiceTitle(invoice.kind, issuer.registrationNumber), LEFT, 40, {
    size: 22,
    bold: true,
    align: 'center',
    width: WIDTH,
  });
  if (invoice.status === 'draft') {
    doc
      .rect(RIGHT - 130, 40, 130, 26)
      .lineWidth(1.5)
      .strokeColor(DRAFT_RED)
      .stroke();
    write(doc, '下書き / DRAFT', RIGHT - 130, 46, {
      size: 12,
      bold: true,
      color: DRAFT_RED,
      width: 130,
      align: 'center',
    });
  }
  return 84;
}

/** 請求番号, dates and the issuer with its registration number, at the right. */
function drawIssuerBlock(doc: Doc, data: InvoicePdfData, top: number): number {
  const { invoice, issuer } = data;
  const x = 350;
  const rows: [string, string][] = [
    [invoice.kind === 'credit_note' ? '返還請求番号' : '請求番号', invoice.number ?? '下書き (未発行)'],
    ['発行日', formatDate(invoice.issueDate)],
    ['請求年月', formatMonth(invoice.billingMonth)],
  ];
  if (invoice.kind === 'credit_note') rows.push(['対象請求書', data.creditForNumber ?? '—']);
  let y = top;
  for (const [label, value] of rows) {
    write(doc, label, x, y, { color: MUTED, width: 70 });
    y += write(doc, value, x + 70, y, { width: RIGHT - x - 70 }) + 3;
  }
  y += 8;
  y += write(doc, issuer.name, x, y, { size: 11, bold: true }) + 3;
  if (issuer.registrationNumber) y += write(doc, `登録番号 ${issuer.registrationNumber}`, x, y) + 3;
  return y;
}

/** The customer (御中 / 様), the billing account and the amount due, at the left. */
function drawCustomerBlock(doc: Doc, data: InvoicePdfData, top: number): number {
  const { invoice } = data;
  const width = 290;
  let y = top;
  y += write(doc, customerLine(data), LEFT, y, { size: 14, bold: true, width });
  rule(doc, LEFT, LEFT + width, y + 2, INK, 0.8);
  y += 8;
  y += write(doc, `請求アカウント: ${invoice.billingAccountName}`, LEFT, y, { width, color: MUTED }) + 8;
  const credit = invoice.kind === 'credit_note';
  y += write(doc, credit ? '下記のとおりご返金申し上げます。' : '下記のとおりご請求申し上げます。', LEFT, y, {
    width,
  });
  if (credit && invoice.creditReason)
    y += write(doc, `返還理由: ${invoice.creditReason}`, LEFT, y, { width });
  y += 8;
  box(doc, LEFT, y, width, 30, HEADER_FILL);
  write(doc, credit ? '返還金額 (税込)' : 'ご請求金額 (税込)', LEFT + 8, y + 10, { width: 110 });
  write(doc, formatYen(invoice.total), LEFT + 110, y + 6, {
    size: 16,
    bold: true,
    width: width - 118,
    align: 'right',
  });
  y += 36;
  if (!credit)
    y += write(doc, `お支払期限  ${formatDate(invoice.dueDate)}`, LEFT, y, { size: 10, bold: true, width });
  return y;
}

/** The lines, by service month; a page break repeats the header row and the month. */
function drawLines(doc: Doc, data: InvoicePdfData, top: number): number {
  let y = tableHeader(doc, top);
  for (const group of linesByServiceMonth(data.invoice.lines)) {
    const [first] = group.lines;
    const firstHeight = first ? rowHeight(doc, lineCells(first, data.reducedRate)) : 0;
    if (y + 20 + firstHeight > BOTTOM) y = tableHeader(doc, newPage(doc, data));
    y = groupRow(doc, y, group.serviceMonth, false);
    for (const line of group.lines) {
      const cells = lineCells(line, data.reducedRate);
      if (y + rowHeight(doc, cells) > BOTTOM) {
        y = groupRow(doc, tableHeader(doc, newPage(doc, data)), group.serviceMonth, true);
      }
      y = drawRow(doc, y, cells);
    }
  }
  if (data.invoice.lines.length === 0)
    y += write(doc, '明細はありません。', LEFT + PAD, y + PAD, { color: MUTED }) + 2 * PAD;
  return y;
}

/** Per-rate taxable amounts and tax, then subtotal, tax and total (right half). */
function drawTotals(doc: Doc, data: InvoicePdfData, top: number): number {
  const { invoice } = data;
  const x = 300;
  const widths = [105, 80, 70];
  const included = taxableAmountsIncludeTax(invoice);
  const rows: { cells: string[]; bold?: boolean; fill?: string }[] = [
    {
      cells: ['税率区分', included ? '対象額 (税込)' : '対象額 (税抜)', '消費税額'],
      bold: true,
      fill: HEADER_FILL,
    },
    ...invoice.taxes.map((part) => ({
      cells: [taxPartLabel(part.rate, data.reducedRate), formatYen(part.taxableAmount), formatYen(part.tax)],
    })),
    { cells: ['小計 (税抜)', '', formatYen(invoice.subtotal)] },
    { cells: ['消費税', '', formatYen(invoice.taxTotal)] },
    { cells: ['合計 (税込)', '', formatYen(invoice.total)], bold: true, fill: GROUP_FILL },
  ];
  let y = top;
  for (const row of rows) {
    const height = 9 * 1.25 + 2 * PAD + 2;
    if (row.fill) box(doc, x, y, RIGHT - x, height, row.fill);
    let cellX = x;
    // A row with one amount (小計, 消費税, 合計) writes it across the two amount columns.
    const cells = row.cells[1] === '' ? [row.cells[0] ?? '', row.cells[2] ?? ''] : row.cells;
    const cellWidths = cells.length === 2 ? [widths[0] ?? 0, (widths[1] ?? 0) + (widths[2] ?? 0)] : widths;
    cells.forEach((cell, index) => {
      const width = cellWidths[index] ?? 0;
      write(doc, cell, cellX + PAD, y + PAD + 1, {
        width: width - 2 * PAD,
        align: index === 0 ? 'left' : 'right',
        bold: row.bold,
      });
      cellX += width;
    });
    rule(doc, x, RIGHT, y + height);
    y += height;
  }
  return y;
}

const totalsHeight = (data: InvoicePdfData) => (data.invoice.taxes.length + 4) * (9 * 1.25 + 2 * PAD + 2);

/** The ※ note and the bank account for the transfer (left half). */
function drawPaymentNotes(doc: Doc, data: InvoicePdfData, top: number): number {
  const width = 245;
  let y = top;
  if (data.invoice.lines.some((line) => isReducedRate(line.taxRate, data.reducedRate))) {
    y +=
      write(doc, `${REDUCED_RATE_MARK} は軽減税率 (${data.reducedRate}%) 対象です。`, LEFT, y, { width }) + 8;
  }
  if (data.invoice.kind === 'credit_note' || !data.bankAccount) return y;
  const [bank, account] = bankAccountLines(data.bankAccount);
  box(doc, LEFT, y, width, 58);
  write(doc, 'お振込先', LEFT + 8, y + 6, { bold: true, width: width - 16 });
  write(doc, bank, LEFT + 8, y + 21, { width: width - 16 });
  write(doc, account, LEFT + 8, y + 36, { width: width - 16 });
  return y + 58;
}

const PAYMENT_NOTES_HEIGHT = 90;

function drawSummary(doc: Doc, data: InvoicePdfData, top: number) {
  const needed = Math.max(totalsHeight(data), PAYMENT_NOTES_HEIGHT);
  const y = top + 12 + needed > BOTTOM ? newPage(doc, data) : top + 12;
  drawTotals(doc, data, y);
  drawPaymentNotes(doc, data, y);
}

/** Page numbers and, on a draft, a watermark on every page (drawn once all pages exist). */
function finishPages(doc: Doc, data: InvoicePdfData) {
  const { start, count } = doc.bufferedPageRange();
  const label = `${data.issuer.name}  ${data.invoice.number ?? '下書き / DRAFT'}`;
  for (let index = start; index < start + count; index++) {
    doc.switchToPage(index);
    rule(doc, LEFT, RIGHT, PAGE_HEIGHT - 44);
    write(doc, label, LEFT, PAGE_HEIGHT - 38, { size: 8, color: MUTED, width: WIDTH / 2 });
    write(doc, `${index - start + 1} / ${count}`, LEFT + WIDTH / 2, PAGE_HEIGHT - 38, {
      size: 8,
      color: MUTED,
      width: WIDTH / 2,
      align: 'right',
    });
    if (data.invoice.status === 'draft') drawDraftWatermark(doc);
  }
}

function drawDraftWatermark(doc: Doc) {
  doc.save();
  doc.rotate(-35, { origin: [PAGE_WIDTH / 2, PAGE_HEIGHT / 2] });
  doc.opacity(0.08);
  write(doc, '下書き DRAFT', 0, PAGE_HEIGHT / 2 - 40, {
    size: 80,
    bold: true,
    color: DRAFT_RED,
    width: PAGE_WIDTH,
    align: 'center',
  });
  doc.restore();
}

function drawInvoice(doc: Doc, data: InvoicePdfData) {
  const top = drawTitle(doc, data);
  const right = drawIssuerBlock(doc, data, top);
  const left = drawCustomerBlock(doc, data, top);
  const afterLines = drawLines(doc, data, Math.max(left, right) + 18);
  drawSummary(doc, data, afterLines);
  finishPages(doc, data);
}

/** The invoice as a PDF document (fonts subset and embedded). */
export function renderInvoicePdf(data: InvoicePdfData): Promise<Buffer> {
  const title = invoiceTitle(data.invoice.kind, data.issuer.registrationNumber);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 40, left: LEFT, right: PAGE_WIDTH - RIGHT, bottom: 20 },
    bufferPages: true,
    lang: 'ja-JP',
    displayTitle: true,
    info: {
      Title: `${title} ${data.invoice.number ?? '下書き'} ${data.invoice.customerName}`,
      Author: data.issuer.name,
      Subject: `${formatMonth(data.invoice.billingMonth)}分`,
      CreationDate: new Date(`${documentDateOf(data.invoice)}T00:00:00Z`),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerJapaneseFonts(doc);
  drawInvoice(doc, data);
  doc.end();
  return done;
}
