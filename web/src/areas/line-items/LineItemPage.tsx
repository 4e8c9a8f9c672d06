// 明細詳細: one line item (the product as ordered, the quantity in use, its dates) with its
// order history, and [追加注文] / [削減注文] / [解約注文]. None is possible while an order on
// it is processing (注文処理中), and a reduce keeps at least 1: the page says why.
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconMinus, IconPlus, IconX } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTrail } from '../../components/AuditTrail';
import { DetailList } from '../../components/DetailList';
import { formatDate } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { orderingAuditValue } from '../orders/audit-values';
import { LineItemStatusBadge, OrderKindBadge, OrderStatusBadge } from '../orders/ordering-labels';
import { lineItemQuery } from '../orders/ordering-queries';
import type { LineItem, PlacedOrder } from '../orders/ordering-types';
import { freePeriodText, initialFeeText, monthlyFeeText } from '../orders/product-terms';
import { StoredAttributes } from '../orders/StoredAttributes';
import { ChangeOrderPanel } from './ChangeOrderPanel';
import { TerminateModal } from './TerminateModal';

const route = getRouteApi('/app/line-items/$id');

export function LineItemPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const lineItem = useQuery(lineItemQuery(id));
  return (
    <Stack gap="md" maw={1200}>
      <AnchorLink to="/line-items" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('lineItems.backToList')}
        </Group>
      </AnchorLink>
      {lineItem.isPending ? (
        <LoadingState />
      ) : lineItem.isError ? (
        <ErrorState error={lineItem.error} onRetry={() => void lineItem.refetch()} />
      ) : (
        <LineItemDetail key={lineItem.data.id} lineItem={lineItem.data} />
      )}
    </Stack>
  );
}

function LineItemDetail({ lineItem }: { lineItem: LineItem }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const portal = me.kind === 'portal';
  const [changing, setChanging] = useState<'add' | 'reduce' | null>(null);
  const [terminating, setTerminating] = useState(false);
  const [placed, setPlaced] = useState<PlacedOrder | null>(null);
  const snapshot = lineItem.priceSnapshot;
  const processing = lineItem.orders.find((order) => order.orderStatus === 'processing');

  // A change placed elsewhere (another tab) closes the open form when the data says so.
  useEffect(() => {
    if (lineItem.hasProcessingOrder || lineItem.status !== 'active') setChanging(null);
  }, [lineItem.hasProcessingOrder, lineItem.status]);

  const canOrder = can(me, 'orders.place');
  const blocked =
    lineItem.status !== 'active'
      ? t('lineItems.blocked.notActive', { status: t(`lineItems.statuses.${lineItem.status}`) })
      : lineItem.hasProcessingOrder
        ? t('lineItems.blocked.processing')
        : null;
  const reduceBlocked = !blocked && lineItem.quantity <= 1 ? t('lineItems.blocked.reduceOne') : null;

  function onPlaced(order: PlacedOrder) {
    setChanging(null);
    setPlaced(order);
  }

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {t('lineItems.detailTitle', { number: lineItem.number })}
            </Title>
            <LineItemStatusBadge status={lineItem.status} />
            {lineItem.hasProcessingOrder && (
              <Badge color="orange" variant="outline" tt="none" style={{ minWidth: 'max-content' }}>
                {t('lineItems.processingOrder')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {lineItem.productName} ({lineItem.productCode})
          </Text>
        </Stack>
        {canOrder && (
          <Group gap="xs">
            <Button
              leftSection={<IconPlus size={16} />}
              disabled={!!blocked}
              onClick={() => {
                setPlaced(null);
                setChanging('add');
              }}
            >
              {t('lineItems.actions.add')}
            </Button>
            <Button
              variant="light"
              leftSection={<IconMinus size={16} />}
              disabled={!!blocked || !!reduceBlocked}
              onClick={() => {
                setPlaced(null);
                setChanging('reduce');
              }}
            >
              {t('lineItems.actions.reduce')}
            </Button>
            <Button
              variant="default"
              color="red"
              leftSection={<IconX size={16} />}
              disabled={!!blocked}
              onClick={() => {
                setPlaced(null);
                setTerminating(true);
              }}
            >
              {t('lineItems.actions.terminate')}
            </Button>
          </Group>
        )}
      </Group>

      {placed && (
        <Alert
          color="teal"
          icon={<IconCircleCheck size={20} />}
          title={t('lineItems.change.placed')}
          role="status"
          data-testid="change-order-placed"
          withCloseButton
          onClose={() => setPlaced(null)}
        >
          <Group gap="xs">
            <Text size="sm">{t('orders.new.placedNumber', { number: placed.number })}</Text>
            <OrderStatusBadge status={placed.status} />
            <AnchorLink to="/orders/$id" params={{ id: placed.id }} size="sm">
              {t('orders.new.viewOrder')}
            </AnchorLink>
          </Group>
        </Alert>
      )}

      {canOrder && !placed && (blocked || reduceBlocked) && (
        <Alert color={blocked ? 'orange' : 'gray'} variant="light" data-testid="line-item-blocked">
          <Stack gap={4}>
            <Text size="sm">{blocked ?? reduceBlocked}</Text>
            {lineItem.hasProcessingOrder && processing && (
              <AnchorLink to="/orders/$id" params={{ id: processing.orderId }} size="sm">
                {t('lineItems.blocked.openOrder', { number: processing.orderNumber })}
              </AnchorLink>
            )}
          </Stack>
        </Alert>
      )}

      {changing && (
        <ChangeOrderPanel
          key={changing}
          lineItem={lineItem}
          kind={changing}
          staff={!portal}
          onPlaced={onPlaced}
          onClose={() => setChanging(null)}
        />
      )}

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <DetailList
            columns={3}
            items={[
              { label: t('lineItems.fields.number'), value: lineItem.number },
              !portal && {
                label: t('lineItems.fields.customer'),
                value: `${lineItem.customer.code} ${lineItem.customer.name}`,
              },
              {
                label: t('lineItems.fields.contract'),
                value: (
                  <AnchorLink to="/contracts/$id" params={{ id: lineItem.contract.id }}>
                    {lineItem.contract.number}
                    {lineItem.contract.name ? ` ${lineItem.contract.name}` : ''}
                  </AnchorLink>
                ),
              },
              {
                label: t('lineItems.fields.product'),
                value: `${lineItem.productCode} ${lineItem.productName}`,
              },
              {
                label: t('lineItems.fields.quantity'),
                value: lineItem.quantity.toLocaleString('ja-JP'),
                testId: 'line-item-quantity',
              },
              {
                label: t('lineItems.fields.status'),
                value: <LineItemStatusBadge status={lineItem.status} />,
              },
              { label: t('lineItems.fields.completedOn'), value: formatDate(lineItem.completedOn) },
              { label: t('lineItems.fields.chargeStartDate'), value: formatDate(lineItem.chargeStartDate) },
              { label: t('lineItems.fields.endDate'), value: formatDate(lineItem.endDate) },
              snapshot.fulfilment === 'carrier' && {
                label: t('lineItems.fields.serialNumber'),
                value: lineItem.serialNumber,
              },
              { label: t('orders.fields.initialFee'), value: initialFeeText(t, snapshotTerms(snapshot)) },
              { label: t('orders.fields.monthlyFee'), value: monthlyFeeText(t, snapshotTerms(snapshot)) },
              { label: t('orders.fields.freePeriod'), value: freePeriodText(t, snapshot.freePeriod) },
              Object.keys(lineItem.attributes).length > 0 && {
                label: t('orders.new.otherInfo'),
                value: <StoredAttributes attributes={lineItem.attributes} />,
                wide: true,
              },
            ]}
          />
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('lineItems.ordersTitle')}
          </Title>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="xs" data-testid="line-item-orders">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.fields.number')}</Table.Th>
                  <Table.Th>{t('orders.fields.kind')}</Table.Th>
                  <Table.Th>{t('orders.fields.orderedOn')}</Table.Th>
                  <Table.Th ta="right">{t('orders.fields.quantity')}</Table.Th>
                  <Table.Th>{t('orders.fields.status')}</Table.Th>
                  <Table.Th>{t('orders.fields.completedOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lineItem.orders.map((entry) => (
                  <Table.Tr key={entry.orderItemId}>
                    <Table.Td>
                      <AnchorLink
                        to="/orders/$id"
                        params={{ id: entry.orderId }}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {entry.orderNumber}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <OrderKindBadge kind={entry.kind} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(entry.orderedOn)}</Table.Td>
                    <Table.Td ta="right">{entry.quantity.toLocaleString('ja-JP')}</Table.Td>
                    <Table.Td>
                      <OrderStatusBadge status={entry.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(entry.completedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Card>

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="line_item"
              entityId={lineItem.id}
              fieldLabel={(field) =>
                t(`lineItems.fields.${field}` as 'lineItems.fields.status', { defaultValue: field })
              }
              formatValue={(field, value) => orderingAuditValue(t, 'line_item', field, value)}
            />
          </Stack>
        </Card>
      )}

      <TerminateModal
        lineItem={lineItem}
        staff={!portal}
        opened={terminating}
        onClose={() => setTerminating(false)}
        onPlaced={onPlaced}
      />
    </>
  );
}

function snapshotTerms(snapshot: LineItem['priceSnapshot']) {
  return {
    pattern: snapshot.pricingPattern,
    initialFee: snapshot.initialFee,
    monthlyFee: snapshot.monthlyFee,
    quantityLinkedInitialFee: snapshot.quantityLinkedInitialFee,
    freePeriod: snapshot.freePeriod,
  };
}
