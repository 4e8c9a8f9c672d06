// The home of a portal user (顧客アカウント): their contracts and recent orders, and a way
// to order. Everything here is their own customer's (the server scopes every read).
import { Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconListDetails, IconShoppingCart, IconUserCog } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import { AnchorLink, ButtonLink } from '../../components/links';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { OrderStatusBadge } from '../orders/ordering-labels';
import { contractsQuery, ordersQuery } from '../orders/ordering-queries';

const RECENT = 5;

export function PortalHome() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const orders = useInfiniteQuery(ordersQuery({}, RECENT));
  const contracts = useInfiniteQuery(contractsQuery('', 10));
  const recentOrders = orders.data?.pages[0]?.items ?? [];
  const contractRows = contracts.data?.pages.flatMap((page) => page.items) ?? [];
  const customerName = contractRows[0]?.customer.name ?? recentOrders[0]?.customer.name;

  return (
    <Stack gap="lg" maw={1100}>
      <Card withBorder radius="md" padding="lg">
        <Group justify="space-between" align="center" gap="md">
          <Stack gap={4}>
            <Title order={2} size="h3">
              {t('portal.welcome', { name: customerName ?? me.name })}
            </Title>
            <Text size="sm" c="dimmed">
              {t('portal.intro', { tenant: me.tenant.name })}
            </Text>
          </Stack>
          {can(me, 'orders.place') && (
            <ButtonLink to="/orders/new" size="md" leftSection={<IconShoppingCart size={18} />}>
              {t('portal.order')}
            </ButtonLink>
          )}
        </Group>
      </Card>

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {t('portal.recentOrders')}
              </Title>
              <AnchorLink to="/orders" size="sm">
                {t('portal.allOrders')}
              </AnchorLink>
            </Group>
            {orders.isPending ? (
              <LoadingState />
            ) : orders.isError ? (
              <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
            ) : recentOrders.length === 0 ? (
              <EmptyState>{t('portal.noOrders')}</EmptyState>
            ) : (
              <Stack gap={0} data-testid="portal-recent-orders">
                {recentOrders.map((order) => (
                  <Group
                    key={order.id}
                    justify="space-between"
                    align="flex-start"
                    wrap="nowrap"
                    gap="sm"
                    py="xs"
                    style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
                    data-testid="portal-recent-order"
                  >
                    <Stack gap={2} miw={0}>
                      <Group gap="xs">
                        <AnchorLink to="/orders/$id" params={{ id: order.id }} fw={500}>
                          {order.number}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">
                          {formatDate(order.orderedOn)} · {t(`orders.kinds.${order.kind}`)}
                        </Text>
                      </Group>
                      {order.items.map((item) => (
                        <Text key={item.id} size="sm">
                          {t('orders.itemSummary', {
                            name: item.productName,
                            quantity: item.quantity.toLocaleString('ja-JP'),
                          })}
                        </Text>
                      ))}
                    </Stack>
                    <OrderStatusBadge status={order.status} />
                  </Group>
                ))}
              </Stack>
            )}
          </Stack>
        </Card>

        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {t('portal.contracts')}
              </Title>
              <AnchorLink to="/contracts" size="sm">
                {t('portal.allContracts')}
              </AnchorLink>
            </Group>
            {contracts.isPending ? (
              <LoadingState />
            ) : contracts.isError ? (
              <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />
            ) : contractRows.length === 0 ? (
              <EmptyState>{t('portal.noContracts')}</EmptyState>
            ) : (
              <Table verticalSpacing="xs" data-testid="portal-contracts">
                <Table.Tbody>
                  {contractRows.map((contract) => (
                    <Table.Tr key={contract.id}>
                      <Table.Td>
                        <AnchorLink to="/contracts/$id" params={{ id: contract.id }} fw={500}>
                          {contract.number}
                        </AnchorLink>
                        <Text size="xs" c="dimmed">
                          {contract.name ?? '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {t('contracts.lineItemCounts', {
                            active: contract.activeLineItemCount,
                            total: contract.lineItemCount,
                          })}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Stack>
        </Card>
      </SimpleGrid>

      <Group gap="sm">
        <ButtonLink to="/line-items" variant="default" leftSection={<IconListDetails size={16} />}>
          {t('portal.lineItems')}
        </ButtonLink>
        <ButtonLink to="/account" variant="subtle" leftSection={<IconUserCog size={16} />}>
          {t('nav.account')}
        </ButtonLink>
      </Group>
    </Stack>
  );
}
