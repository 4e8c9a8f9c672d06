// 商品テンプレート管理: search the products by code or name and status, page through them,
// and start 新規作成. The search lives in the URL (bookmarkable, survives reload).
import { Button, Center, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ProductStatus } from '../../../api/types';
import { formatDateTime } from '../../../components/date-time';
import { AnchorLink, ButtonLink } from '../../../components/links';
import { formatYen } from '../../../components/money';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useSearchInput } from '../../../components/use-search-input';
import { can, meQuery } from '../../auth/session';
import { hasInitialFee, hasMonthlyFee, ProductStatusBadge } from './product-labels';
import { productsQuery } from './product-queries';

const route = getRouteApi('/app/products');

export function ProductsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/products' });
  const [input, setInput] = useSearchInput(
    search.q,
    (q) => void navigate({ search: (prev) => ({ ...prev, q }), replace: true }),
  );

  const q = search.q ?? '';
  const products = useInfiniteQuery(productsQuery(q, search.status));
  const rows = products.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('products.title')}>
        {can(me, 'catalog.manage') && (
          <ButtonLink to="/products/new" leftSection={<IconPlus size={16} />}>
            {t('common.create')}
          </ButtonLink>
        )}
      </PageHeader>

      <Group gap="sm" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('products.searchPlaceholder')}
          aria-label={t('common.search')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <SegmentedControl
          aria-label={t('products.fields.status')}
          value={search.status ?? 'all'}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                status: value === 'all' ? undefined : (value as ProductStatus),
              }),
              replace: true,
            })
          }
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'draft', label: t('products.statuses.draft') },
            { value: 'published', label: t('products.statuses.published') },
          ]}
        />
      </Group>

      {products.isPending ? (
        <LoadingState />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q || search.status ? t('products.noMatch') : t('products.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={820}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('products.fields.code')}</Table.Th>
                  <Table.Th>{t('products.fields.name')}</Table.Th>
                  <Table.Th>{t('products.fields.status')}</Table.Th>
                  <Table.Th>{t('products.fields.pattern')}</Table.Th>
                  <Table.Th ta="right">{t('products.fields.initialFee')}</Table.Th>
                  <Table.Th ta="right">{t('products.fields.monthlyFee')}</Table.Th>
                  <Table.Th>{t('common.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((product) => (
                  <Table.Tr key={product.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/products/$id"
                        params={{ id: product.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {product.code}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{product.name}</Table.Td>
                    <Table.Td>
                      <ProductStatusBadge status={product.status} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {t(`products.patterns.${product.pricing.pattern}`)}
                      </Text>
                    </Table.Td>
                    <Table.Td ta="right">
                      {hasInitialFee(product.pricing.pattern) ? formatYen(product.pricing.initialFee) : '—'}
                    </Table.Td>
                    <Table.Td ta="right">
                      {hasMonthlyFee(product.pricing.pattern) ? formatYen(product.pricing.monthlyFee) : '—'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(product.updatedAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {products.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void products.fetchNextPage()}
                loading={products.isFetchingNextPage}
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
