// 注文詳細: an order with its items. Staff who complete orders (back office) click [注文完了]
// for every open item or [確定] on one (部分確定), and [キャンセル] with a reason.
import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconX } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditTrail } from '../../components/AuditTrail';
import { DetailList } from '../../components/DetailList';
import { formatDate, formatDateTime } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { orderingAuditValue } from './audit-values';
import { CancelOrderModal } from './CancelOrderModal';
import { CompleteOrderModal } from './CompleteOrderModal';
import { OrderKindBadge, OrderStatusBadge, orderKindLabel } from './ordering-labels';
import { orderQuery } from './ordering-queries';
import type { Order, OrderItem } from './ordering-types';
import { StoredAttributes } from './StoredAttributes';
import { usePhone } from './use-phone';

const route = getRouteApi('/app/orders/$id');

export function OrderPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const order = useQuery(orderQuery(id));
  return (
    <Stack gap="md" maw={1200}>
      <AnchorLink to="/orders" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('orders.backToList')}
        </Group>
      </AnchorLink>
      {order.isPending ? (
        <LoadingState />
      ) : order.isError ? (
        <ErrorState error={order.error} onRetry={() => void order.refetch()} />
      ) : (
        <OrderDetail order={order.data} />
      )}
    </Stack>
  );
}

type Dialog = { kind: 'complete' | 'cancel'; item?: OrderItem } | null;

function OrderDetail({ order }: { order: Order }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const portal = me.kind === 'portal';
  const phone = usePhone();
  const manage = can(me, 'orders.complete') && order.status === 'processing';
  const openItems = order.items.filter((item) => item.status === 'processing');
  const [dialog, setDialog] = useState<Dialog>(null);
  const showSerial = order.items.some((item) => item.serialNumber);
  const showChargeStart = order.kind === 'new';

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {t('orders.detailTitle', { number: order.number })}
            </Title>
            <OrderStatusBadge status={order.status} />
            <OrderKindBadge kind={order.kind} />
          </Group>
          <Text size="sm" c="dimmed">
            {portal
              ? order.contract.name || order.contract.number
              : `${order.customer.code} ${order.customer.name}`}
          </Text>
        </Stack>
        {manage && (
          <Group gap="xs">
            <Button
              leftSection={<IconCircleCheck size={16} />}
              onClick={() => setDialog({ kind: 'complete' })}
            >
              {t('orders.complete.action')}
            </Button>
            <Button
              variant="default"
              color="red"
              leftSection={<IconX size={16} />}
              onClick={() => setDialog({ kind: 'cancel' })}
            >
              {t('orders.cancel.action')}
            </Button>
          </Group>
        )}
      </Group>

      {order.status === 'processing' && (
        <Alert color="orange" variant="light">
          {portal ? t('orders.processingHintPortal') : t('orders.processingHint')}
        </Alert>
      )}

      <Card withBorder radius="md" padding="lg">
        <DetailList
          columns={3}
          items={[
            { label: t('orders.fields.number'), value: order.number, testId: 'order-number' },
            { label: t('orders.fields.kind'), value: orderKindLabel(t, order.kind) },
            { label: t('orders.fields.status'), value: <OrderStatusBadge status={order.status} /> },
            {
              label: t('orders.fields.orderedOn'),
              value: formatDate(order.orderedOn),
              testId: 'order-ordered-on',
            },
            {
              label: t('orders.fields.completedOn'),
              value: formatDate(order.completedOn),
              testId: 'order-completed-on',
            },
            !portal && {
              label: t('orders.fields.customer'),
              value: `${order.customer.code} ${order.customer.name}`,
            },
            {
              label: t('orders.fields.contract'),
              value: (
                <AnchorLink to="/contracts/$id" params={{ id: order.contract.id }}>
                  {order.contract.number}
                  {order.contract.name ? ` ${order.contract.name}` : ''}
                </AnchorLink>
              ),
            },
            { label: t('orders.fields.channel'), value: t(`orders.channels.${order.channel}`) },
            { label: t('orders.fields.createdAt'), value: formatDateTime(order.createdAt) },
            !!order.cancelReason && {
              label: t('orders.fields.cancelReason'),
              value: order.cancelReason,
              wide: true,
            },
          ]}
        />
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('orders.itemsTitle')}
          </Title>
          {phone ? (
            <Stack gap="sm" data-testid="order-items">
              {order.items.map((item) => (
                <Card key={item.id} withBorder radius="md" padding="sm" data-testid="order-item">
                  <Stack gap={4}>
                    <Group justify="space-between" wrap="nowrap" gap="xs">
                      <AnchorLink to="/line-items/$id" params={{ id: item.lineItemId }} size="sm">
                        {item.lineItemNumber}
                      </AnchorLink>
                      <OrderStatusBadge status={item.status} />
                    </Group>
                    <Text size="sm" fw={600}>
                      {t('orders.itemSummary', {
                        name: item.productName,
                        quantity: item.quantity.toLocaleString('ja-JP'),
                      })}
                    </Text>
                    <StoredAttributes attributes={item.attributes} />
                    <Text size="xs" c="dimmed">
                      {t('orders.fields.completedOn')}: {formatDate(item.completedOn)}
                      {showChargeStart
                        ? ` / ${t('orders.fields.chargeStartDate')}: ${formatDate(item.chargeStartDate)}`
                        : ''}
                      {item.serialNumber ? ` / ${t('orders.fields.serialNumber')}: ${item.serialNumber}` : ''}
                    </Text>
                    {item.cancelReason && (
                      <Text size="xs" c="red">
                        {t('orders.fields.cancelReason')}: {item.cancelReason}
                      </Text>
                    )}
                    {manage && item.status === 'processing' && (
                      <Group gap="xs" grow>
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => setDialog({ kind: 'complete', item })}
                        >
                          {t('orders.complete.itemAction')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDialog({ kind: 'cancel', item })}
                        >
                          {t('orders.cancel.action')}
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </Card>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={860}>
              <Table verticalSpacing="xs" data-testid="order-items">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('orders.fields.lineItem')}</Table.Th>
                    <Table.Th>{t('orders.fields.product')}</Table.Th>
                    <Table.Th ta="right">{t('orders.fields.quantity')}</Table.Th>
                    <Table.Th>{t('orders.fields.status')}</Table.Th>
                    <Table.Th>{t('orders.fields.completedOn')}</Table.Th>
                    {showChargeStart && <Table.Th>{t('orders.fields.chargeStartDate')}</Table.Th>}
                    {showSerial && <Table.Th>{t('orders.fields.serialNumber')}</Table.Th>}
                    {manage && openItems.length > 0 && <Table.Th>{t('common.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {order.items.map((item) => (
                    <Table.Tr key={item.id} data-testid="order-item">
                      <Table.Td>
                        <AnchorLink
                          to="/line-items/$id"
                          params={{ id: item.lineItemId }}
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {item.lineItemNumber}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {item.productName}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {item.productCode}
                        </Text>
                        <StoredAttributes attributes={item.attributes} />
                        {item.cancelReason && (
                          <Text size="xs" c="red">
                            {t('orders.fields.cancelReason')}: {item.cancelReason}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{item.quantity.toLocaleString('ja-JP')}</Table.Td>
                      <Table.Td>
                        <OrderStatusBadge status={item.status} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(item.completedOn)}</Table.Td>
                      {showChargeStart && (
                        <Table.Td style={{ whiteSpace: 'nowrap' }} data-testid="item-charge-start">
                          {formatDate(item.chargeStartDate)}
                        </Table.Td>
                      )}
                      {showSerial && <Table.Td>{item.serialNumber ?? '—'}</Table.Td>}
                      {manage && openItems.length > 0 && (
                        <Table.Td>
                          {item.status === 'processing' && (
                            <Group gap={4} wrap="nowrap">
                              <Button
                                size="compact-sm"
                                variant="light"
                                onClick={() => setDialog({ kind: 'complete', item })}
                              >
                                {t('orders.complete.itemAction')}
                              </Button>
                              <Button
                                size="compact-sm"
                                variant="subtle"
                                color="red"
                                onClick={() => setDialog({ kind: 'cancel', item })}
                              >
                                {t('orders.cancel.action')}
                              </Button>
                            </Group>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="order"
              entityId={order.id}
              fieldLabel={(field) =>
                t(`orders.fields.${field}` as 'orders.fields.status', { defaultValue: field })
              }
              formatValue={(field, value) => orderingAuditValue(t, 'order', field, value)}
            />
          </Stack>
        </Card>
      )}

      <CompleteOrderModal
        order={order}
        item={dialog?.kind === 'complete' ? dialog.item : undefined}
        opened={dialog?.kind === 'complete'}
        onClose={() => setDialog(null)}
      />
      <CancelOrderModal
        order={order}
        item={dialog?.kind === 'cancel' ? dialog.item : undefined}
        opened={dialog?.kind === 'cancel'}
        onClose={() => setDialog(null)}
      />
    </>
  );
}
