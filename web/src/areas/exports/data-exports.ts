// 各種データ出力: the four CSV exports, who may download each, and their addresses (the
// server's GET /exports/{kind}?encoding=&headers=; the browser streams the file to disk).
import type { Me } from '../../api/types';
import type { CsvEncoding, CsvHeaders } from '../../components/CsvFormatFields';
// Types only: this module stays free of the session's runtime (it is unit-tested in node).
import type { Permission } from '../auth/session';

export type ExportKind = 'customers' | 'contracts' | 'line-items' | 'invoices';

export interface DataExport {
  kind: ExportKind;
  /** The i18n key under `exports.kinds`. */
  key: 'customers' | 'contracts' | 'lineItems' | 'invoices';
  permission: Permission;
}

export const DATA_EXPORTS: readonly DataExport[] = [
  { kind: 'customers', key: 'customers', permission: 'customers.read' },
  { kind: 'contracts', key: 'contracts', permission: 'contracts.read' },
  { kind: 'line-items', key: 'lineItems', permission: 'contracts.read' },
  { kind: 'invoices', key: 'invoices', permission: 'billing.read' },
];

/** The exports this person may download; none for portal users (their customer's own screens). */
export function exportsFor(me: Me): DataExport[] {
  if (me.kind === 'portal') return [];
  return DATA_EXPORTS.filter((item) => me.permissions.includes(item.permission));
}

export function exportUrl(kind: ExportKind, encoding: CsvEncoding, headers: CsvHeaders): string {
  return `/api/v1/exports/${kind}?${new URLSearchParams({ encoding, headers }).toString()}`;
}
