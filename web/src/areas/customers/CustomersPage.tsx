// 顧客管理: search customers by code, name (kana, width and legal forms folded) or phone,
// filter by 法人/個人 and 販売見込み客/販売アカウント, page through them, start 新規作成.
import { Button, Center, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerKind, CustomerLifecycle } from '../../api/types';
import { formatDateTime } from '../../components/date-time';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { CustomerBadges } from './customer-labels';
import { customersQuery } from './customer-queries';

const route = getRouteApi('/app/customers');

export function CustomersPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/customers' });
  const [input, setInput] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(input.trim(), 300);

  useEffect(() => {
    if ((search.q ?? '') !== debounced) {
      void navigate({ search: (prev) => ({ ...prev, q: debounced || undefined }), replace: true });
    }
  }, [debounced, search.q, navigate]);

  const q = search.q ?? '';
  const customers = useInfiniteQuery(customersQuery({ q, kind: search.kind, lifecycle: search.lifecycle }));
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = !!(q || search.kind || search.lifecycle);

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('customers.title')}>
        {can(me, 'customers.manage') && (
          <ButtonLink to="/customers/new" leftSection={<IconPlus size={16} />}>
            {t('common.create')}
          </ButtonLink>
        )}
      </PageHeader>

      <Group gap="sm" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('customers.searchPlaceholder')}
          aria-label={t('common.search')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <SegmentedControl
          aria-label={t('customers.fields.kind')}
          value={search.kind ?? 'all'}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({ ...prev, kind: value === 'all' ? undefined : (value as CustomerKind) }),
              replace: true,
            })
          }
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'organization', label: t('customers.kinds.organization') },
            { value: 'person', label: t('customers.kinds.person') },
          ]}
        />
        <SegmentedControl
          aria-label={t('customers.fields.lifecycle')}
          value={search.lifecycle ?? 'all'}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                lifecycle: value === 'all' ? undefined : (value as CustomerLifecycle),
              }),
              replace: true,
            })
          }
          data={[
            { value: 'all', label: t('common.all') },
            { value: 'prospect', label: t('customers.lifecycles.prospect') },
            { value: 'account', label: t('customers.lifecycles.account') },
          ]}
        />
      </Group>

      {customers.isPending ? (
        <LoadingState />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{filtered ? t('customers.noMatch') : t('customers.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.fields.code')}</Table.Th>
                  <Table.Th>{t('customers.fields.name')}</Table.Th>
                  <Table.Th>{t('customers.fields.kind')}</Table.Th>
                  <Table.Th>{t('customers.fields.phone')}</Table.Th>
                  <Table.Th>{t('customers.fields.address')}</Table.Th>
                  <Table.Th>{t('common.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/customers/$id"
                        params={{ id: customer.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {customer.code}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{customer.name}</Text>
                      {customer.nameKana && (
                        <Text size="xs" c="dimmed">
                          {customer.nameKana}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <CustomerBadges kind={customer.kind} lifecycle={customer.lifecycle} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.phone ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={1}>
                        {customer.address
                          ? `${customer.address.prefecture}${customer.address.city}${customer.address.line1}`
                          : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(customer.updatedAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {customers.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void customers.fetchNextPage()}
                loading={customers.isFetchingNextPage}
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
