// 明細管理: search line items by number, product or customer; click the line item number
// for its detail and the 追加 / 削減 / 解約 orders. Portal users see their own only.
import { Badge, Button, Center, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { meQuery } from '../auth/session';
import { LineItemStatusBadge } from '../orders/ordering-labels';
import { lineItemsQuery } from '../orders/ordering-queries';
import { type LineItemStatus, lineItemStatuses } from '../orders/ordering-types';

const route = getRouteApi('/app/line-items');

export function LineItemsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const portal = me.kind === 'portal';
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/line-items' });
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
  const lineItems = useInfiniteQuery(lineItemsQuery(q, search.status));
  const rows = lineItems.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1280}>
      <PageHeader title={t('lineItems.title')} />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={portal ? t('lineItems.searchPlaceholderPortal') : t('lineItems.searchPlaceholder')}
          aria-label={t('common.search')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <SegmentedControl
          aria-label={t('lineItems.fields.status')}
          value={search.status ?? 'all'}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                status: value === 'all' ? undefined : (value as LineItemStatus),
              }),
              replace: true,
            })
          }
          data={[
            { value: 'all', label: t('lineItems.all') },
            ...lineItemStatuses.map((status) => ({
              value: status,
              label: t(`lineItems.statuses.${status}`),
            })),
          ]}
        />
      </Group>
      {lineItems.isPending ? (
        <LoadingState />
      ) : lineItems.isError ? (
        <ErrorState error={lineItems.error} onRetry={() => void lineItems.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q || search.status ? t('lineItems.noMatch') : t('lineItems.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="line-items-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('lineItems.fields.number')}</Table.Th>
                  {!portal && <Table.Th>{t('lineItems.fields.customer')}</Table.Th>}
                  <Table.Th>{t('lineItems.fields.contract')}</Table.Th>
                  <Table.Th>{t('lineItems.fields.product')}</Table.Th>
                  <Table.Th ta="right">{t('lineItems.fields.quantity')}</Table.Th>
                  <Table.Th>{t('lineItems.fields.status')}</Table.Th>
                  <Table.Th>{t('lineItems.fields.chargeStartDate')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((lineItem) => (
                  <Table.Tr key={lineItem.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/line-items/$id"
                        params={{ id: lineItem.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {lineItem.number}
                      </AnchorLink>
                    </Table.Td>
                    {!portal && (
                      <Table.Td>
                        <Text size="sm">{lineItem.customer.name}</Text>
                        <Text size="xs" c="dimmed">
                          {lineItem.customer.code}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {lineItem.contract.number}
                      </Text>
                      {lineItem.contract.name && (
                        <Text size="xs" c="dimmed">
                          {lineItem.contract.name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{lineItem.productName}</Text>
                      <Text size="xs" c="dimmed">
                        {lineItem.productCode}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">{lineItem.quantity.toLocaleString('ja-JP')}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <LineItemStatusBadge status={lineItem.status} />
                        {lineItem.hasProcessingOrder && (
                          <Badge
                            color="orange"
                            variant="outline"
                            tt="none"
                            style={{ minWidth: 'max-content' }}
                          >
                            {t('lineItems.processingOrder')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(lineItem.chargeStartDate)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {lineItems.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void lineItems.fetchNextPage()}
                loading={lineItems.isFetchingNextPage}
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
