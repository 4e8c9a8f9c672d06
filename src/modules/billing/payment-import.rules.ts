// Reading a payment CSV (入金CSV取込): a header row in Japanese or English, then one payment
// per row. Pure: the CSV is already split into cells; the service matches invoice numbers.
import { parseCsvDate, type RowError, readHeaderColumns } from '../../platform/csv/csv-import.js';
import { PAYMENT_METHODS_RECEIVED, type PaymentMethodReceived } from './payment-status.rules.js';

export interface PaymentRow {
  /** 1-based data row number (the header is row 0), as people count rows in a spreadsheet. */
  row: number;
  invoiceNumber: string;
  receivedOn: string;
  amount: number;
  method: PaymentMethodReceived;
  reference: string | null;
}

export type { RowError };

const COLUMNS = {
  invoiceNumber: ['請求番号', 'invoicenumber', 'invoice number'],
  // The English name messages use comes last.
  receivedOn: ['入金日', 'receivedon', 'date', 'received on'],
  amount: ['金額', '入金額', 'amount'],
  method: ['支払方法', '入金方法', 'method'],
  reference: ['参照', '備考', 'reference'],
} as const;
type Column = keyof typeof COLUMNS;

const METHOD_NAMES: Record<string, PaymentMethodReceived> = {
  銀行振込: 'bank_transfer',
  振込: 'bank_transfer',
  口座振替: 'direct_debit',
  クレジットカード: 'credit_card',
  現金: 'cash',
  その他: 'other',
};

/** Which cell holds which column; a missing required column is an error of row 0. */
export function readHeader(header: string[]): { index: Partial<Record<Column, number>>; errors: RowError[] } {
  return readHeaderColumns(header, COLUMNS, ['invoiceNumber', 'receivedOn', 'amount']);
}

/** ¥12,000 / 12000 / １２０００ -> 12000; null unless a positive whole number of yen. */
export function parseAmount(text: string): number | null {
  const cleaned = text
    .normalize('NFKC')
    .trim()
    .replace(/^[¥\\]/, '')
    .replace(/,/g, '')
    .replace(/円$/, '');
  if (!/^\d{1,15}$/.test(cleaned)) return null;
  const amount = Number(cleaned);
  return amount > 0 && Number.isSafeInteger(amount) ? amount : null;
}

export function parseMethod(text: string): PaymentMethodReceived | null {
  const value = text.normalize('NFKC').trim();
  if (value === '') return 'bank_transfer';
  if ((PAYMENT_METHODS_RECEIVED as readonly string[]).includes(value)) return value as PaymentMethodReceived;
  return METHOD_NAMES[value] ?? null;
}

/** The rows of a parsed CSV (header first) as payments, with every error found. */
export function readPaymentRows(records: string[][]): { rows: PaymentRow[]; errors: RowError[] } {
  const [header, ...data] = records;
  if (!header)
    return {
      rows: [],
      errors: [{ row: 0, column: '', message: { ja: 'CSVが空です。', en: 'The CSV is empty.' } }],
    };
  const { index, errors } = readHeader(header);
  if (errors.length > 0) return { rows: [], errors };
  const cell = (record: string[], column: Column) => {
    const position = index[column];
    return position === undefined ? '' : (record[position] ?? '').trim();
  };
  const rows: PaymentRow[] = [];
  data.forEach((record, offset) => {
    const row = offset + 1;
    if (record.every((value) => value.trim() === '')) return;
    const invoiceNumber = cell(record, 'invoiceNumber').normalize('NFKC').toUpperCase();
    const receivedOn = parseCsvDate(cell(record, 'receivedOn'));
    const amount = parseAmount(cell(record, 'amount'));
    const method = parseMethod(cell(record, 'method'));
    const before = errors.length;
    if (invoiceNumber === '')
      errors.push({
        row,
        column: '請求番号',
        message: { ja: '請求番号がありません。', en: 'The invoice number is missing.' },
      });
    if (receivedOn === null)
      errors.push({
        row,
        column: '入金日',
        message: { ja: '入金日は YYYY-MM-DD の日付で入力してください。', en: 'The date must be YYYY-MM-DD.' },
      });
    if (amount === null)
      errors.push({
        row,
        column: '金額',
        message: {
          ja: '金額は1円以上の整数で入力してください。',
          en: 'The amount must be a whole number of yen above 0.',
        },
      });
    if (method === null)
      errors.push({
        row,
        column: '支払方法',
        message: {
          ja: '支払方法は 銀行振込・口座振替・クレジットカード・現金・その他 のいずれかです。',
          en: 'The method must be bank_transfer, direct_debit, credit_card, cash or other.',
        },
      });
    if (errors.length === before && receivedOn !== null && amount !== null && method !== null)
      rows.push({
        row,
        invoiceNumber,
        receivedOn,
        amount,
        method,
        reference: cell(record, 'reference') || null,
      });
  });
  return { rows, errors };
}
