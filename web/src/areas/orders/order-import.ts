// 注文一括登録 through the API client: the CSV's bytes go as they are (UTF-8 or Shift_JIS;
// the server decodes them), first as a preview (dryRun), then to place every order.
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';

type JsonOf<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;

export type OrderImport = JsonOf<paths['/api/v1/orders/import']['post']['responses'][200]>;
export type OrderImportRow = OrderImport['rows'][number];

export function importOrders(file: Blob, dryRun: boolean): Promise<OrderImport> {
  return unwrap(
    api.POST('/api/v1/orders/import', {
      params: { query: dryRun ? { dryRun: true } : {} },
      // The body is the file itself, not JSON.
      body: file as unknown as string,
      bodySerializer: (body) => body,
      headers: { 'Content-Type': 'text/csv' },
    }),
  );
}
