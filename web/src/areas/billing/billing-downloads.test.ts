import { describe, expect, test } from 'vitest';
import { invoiceCsvUrl, invoicePdfUrl, monthPdfZipUrl } from './billing-downloads';

describe('billing download addresses', () => {
  test('the CSV carries month, encoding and header language', () => {
    expect(invoiceCsvUrl('2026-05', 'shift_jis', 'en')).toBe(
      '/api/v1/invoices/export?billingMonth=2026-05&encoding=shift_jis&headers=en',
    );
  });

  test('PDFs: one invoice, or the month as a zip', () => {
    expect(invoicePdfUrl('0190a1b2-0000-7000-8000-000000000001')).toBe(
      '/api/v1/invoices/0190a1b2-0000-7000-8000-000000000001/pdf',
    );
    expect(monthPdfZipUrl('2026-05')).toBe('/api/v1/invoices/pdf?billingMonth=2026-05');
  });
});
