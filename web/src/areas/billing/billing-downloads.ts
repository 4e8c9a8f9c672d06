// The addresses of the month's downloads: the billing CSV (billing.md "CSV download") and
// the invoices' PDFs, one or all of a month in a zip.
import type { CsvEncoding, CsvHeaders } from '../../components/CsvFormatFields';

export function invoiceCsvUrl(month: string, encoding: CsvEncoding, headers: CsvHeaders): string {
  const query = new URLSearchParams({ billingMonth: month, encoding, headers });
  return `/api/v1/invoices/export?${query.toString()}`;
}

export function invoicePdfUrl(invoiceId: string): string {
  return `/api/v1/invoices/${encodeURIComponent(invoiceId)}/pdf`;
}

export function monthPdfZipUrl(month: string): string {
  return `/api/v1/invoices/pdf?${new URLSearchParams({ billingMonth: month }).toString()}`;
}
