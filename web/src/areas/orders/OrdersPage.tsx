// 注文履歴: search orders by order number or customer (code, name, phone), by status and
// kind; click the order number for its detail. The search lives in the URL. Portal users
// see their own customer's orders only (the server scopes them).
import {
  Button,
  Center,
  Group,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { OrderKindBadge, OrderStatusBadge } from './ordering-labels';
import { ordersQuery } from './ordering-queries';
import { type OrderKind, type OrderStatus, orderKinds, orderStatuses } from './ordering-types';

const route = getRouteApi('/app/orders');

export function OrdersPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const portal = me.kind === 'portal';
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/orders' });
  const router = useRouter();
  const [input, setInput] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(input.trim(), 300);

  useEffect(() => {
    // Not while another page is loading (a row clicked meanwhile): that would cancel it.
    if ((search.q ?? '') !== debounced && router.state.status === 'idle') {
      void navigate({ search: (prev) => ({ ...prev, q: debounced || undefined }), replace: true });
    }
  }, [debounced, search.q, navigate, router]);

  const q = search.q ?? '';
  const orders = useInfiniteQuery(ordersQuery({ q, status: search.status, kind: search.kind }));
  const rows = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = !!(q || search.status || search.kind);

  return (
    <Stack gap="md" maw={1280}>
      <PageHeader title={t('orders.history')}>
        {can(me, 'orders.import') && (
          <ButtonLink to="/orders/import" variant="default" leftSection={<IconFileImport size={16} />}>
            {t('orders.import.title')}
          </ButtonLink>
        )}
        {can(me, 'orders.place') && (
          <ButtonLink to="/orders/new" leftSection={<IconPlus size={16} />}>
            {t('orders.new.title')}
          </ButtonLink>
        )}
      </PageHeader>

      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={portal ? t('orders.searchPlaceholderPortal') : t('orders.searchPlaceholder')}
          aria-label={t('common.search')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <SegmentedControl
          aria-label={t('orders.fields.status')}
          value={search.status ?? 'all'}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({ ...prev, status: value === 'all' ? undefined : (value as OrderStatus) }),
              replace: true,
            })
          }
          data={[
            { value: 'all', label: t('orders.all') },
            ...orderStatuses.map((status) => ({ value: status, label: t(`orders.statuses.${status}`) })),
          ]}
        />
        <Select
          aria-label={t('orders.fields.kind')}
          placeholder={t('orders.allKinds')}
          value={search.kind ?? null}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({ ...prev, kind: (value as OrderKind | null) ?? undefined }),
              replace: true,
            })
          }
          data={orderKinds.map((kind) => ({ value: kind, label: t(`orders.kinds.${kind}`) }))}
          clearable
          w={{ base: '100%', xs: 180 }}
          comboboxProps={{ withinPortal: true }}
        />
      </Group>

      {orders.isPending ? (
        <LoadingState />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{filtered ? t('orders.noMatch') : t('orders.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="orders-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.fields.number')}</Table.Th>
                  <Table.Th>{t('orders.fields.orderedOn')}</Table.Th>
                  <Table.Th>{t('orders.fields.kind')}</Table.Th>
                  {!portal && <Table.Th>{t('orders.fields.customer')}</Table.Th>}
                  <Table.Th>{t('orders.fields.contract')}</Table.Th>
                  <Table.Th>{t('orders.fields.products')}</Table.Th>
                  <Table.Th>{t('orders.fields.status')}</Table.Th>
                  <Table.Th>{t('orders.fields.completedOn')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((order) => (
                  <Table.Tr key={order.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/orders/$id"
                        params={{ id: order.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {order.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(order.orderedOn)}</Table.Td>
                    <Table.Td>
                      <OrderKindBadge kind={order.kind} />
                    </Table.Td>
                    {!portal && (
                      <Table.Td>
                        <Text size="sm">{order.customer.name}</Text>
                        <Text size="xs" c="dimmed">
                          {order.customer.code}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {order.contract.number}
                      </Text>
                      {order.contract.name && (
                        <Text size="xs" c="dimmed">
                          {order.contract.name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {order.items.map((item) => (
                        <Text key={item.id} size="sm">
                          {t('orders.itemSummary', {
                            name: item.productName,
                            quantity: item.quantity.toLocaleString('ja-JP'),
                          })}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <OrderStatusBadge status={order.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(order.completedOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {orders.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void orders.fetchNextPage()}
                loading={orders.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
    </Stack>
  );
}
