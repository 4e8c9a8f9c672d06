// 入金CSV取込 through the API client: the file's bytes go as they are (UTF-8 or Shift_JIS;
// the server decodes them), first as a preview (dryRun), then to record every row.
import { api, unwrap } from '../../api/client';
import type { PaymentImport } from './billing-types';

export function importPayments(file: Blob, dryRun: boolean): Promise<PaymentImport> {
  return unwrap(
    api.POST('/api/v1/payments/import', {
      params: { query: dryRun ? { dryRun: true } : {} },
      // The body is the file itself, not JSON.
      body: file as unknown as string,
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'text/csv' },
    }),
  );
}
