// How the codes of orders and line items read in the UI: statuses as coloured badges
// (注文処理中 / 完了 / キャンセル; 受注 / 利用中 / 解約 / キャンセル) and the order kinds.
import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { LineItemStatus, OrderKind, OrderStatus } from './ordering-types';

const orderStatusColors: Record<OrderStatus, string> = {
  processing: 'orange',
  completed: 'teal',
  cancelled: 'gray',
};

const lineItemStatusColors: Record<LineItemStatus, string> = {
  ordered: 'orange',
  active: 'teal',
  terminated: 'gray',
  cancelled: 'gray',
};

export function orderKindLabel(t: TFunction, kind: OrderKind): string {
  return t(`orders.kinds.${kind}`);
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={orderStatusColors[status]}
      variant="light"
      tt="none"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {t(`orders.statuses.${status}`)}
    </Badge>
  );
}

export function LineItemStatusBadge({ status }: { status: LineItemStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={lineItemStatusColors[status]}
      variant="light"
      tt="none"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {t(`lineItems.statuses.${status}`)}
    </Badge>
  );
}

export function OrderKindBadge({ kind }: { kind: OrderKind }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={kind === 'new' ? 'indigo' : 'gray'}
      variant="outline"
      tt="none"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {orderKindLabel(t, kind)}
    </Badge>
  );
}
