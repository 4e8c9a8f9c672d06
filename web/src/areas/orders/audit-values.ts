// Values of order, line item and contract audit entries as a person reads them: statuses
// and kinds in words, dates as dates, item lists as a count.
import type { TFunction } from 'i18next';
import { formatDate } from '../../components/date-time';
import { lineItemStatuses, orderKinds, orderStatuses } from './ordering-types';

const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  (values as readonly unknown[]).includes(value);

export function orderingAuditValue(
  t: TFunction,
  entity: 'order' | 'line_item' | 'contract',
  field: string,
  value: unknown,
): string {
  if (field === 'kind' && isOneOf(orderKinds, value)) return t(`orders.kinds.${value}`);
  if (field === 'status') {
    if (entity === 'line_item' && isOneOf(lineItemStatuses, value)) return t(`lineItems.statuses.${value}`);
    if (isOneOf(orderStatuses, value)) return t(`orders.statuses.${value}`);
  }
  if (field === 'channel' && (value === 'staff' || value === 'portal')) return t(`orders.channels.${value}`);
  if (Array.isArray(value)) {
    return value.every((item) => item && typeof item === 'object')
      ? t('orders.auditItems', { count: value.length })
      : value.join(', ');
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  if (typeof value === 'number') return value.toLocaleString('ja-JP');
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => `${key}: ${Array.isArray(item) ? item.join('、') : String(item)}`)
      .join(' / ');
  }
  return String(value);
}
