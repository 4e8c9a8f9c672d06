// Search a customer and [選択] it (seed 000: 顧客名を入力・検索し、対象の顧客の右側[選択]):
// used to create a master agreement or a portal user for a customer.
import { Button, Center, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerListItem } from '../../api/types';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { CustomerBadges } from './customer-labels';
import { customersQuery } from './customer-queries';

export function CustomerPicker({
  onSelect,
  autoFocus = false,
}: {
  onSelect: (customer: CustomerListItem) => void;
  autoFocus?: boolean;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 300);
  const customers = useInfiniteQuery(customersQuery({ q }, 20));
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="sm" data-testid="customer-picker">
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('customers.searchPlaceholder')}
        aria-label={t('customers.searchLabel')}
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        type="search"
        w={{ base: '100%', sm: 360 }}
        data-autofocus={autoFocus || undefined}
      />
      {customers.isPending ? (
        <LoadingState />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('customers.noMatch') : t('customers.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={320}>
            <Table highlightOnHover verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.fields.code')}</Table.Th>
                  <Table.Th>{t('customers.fields.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('customers.fields.kind')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('customers.fields.phone')}</Table.Th>
                  <Table.Th w={1} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((customer) => (
                  <Table.Tr key={customer.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.code}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{customer.name}</Text>
                      {customer.nameKana && (
                        <Text size="xs" c="dimmed">
                          {customer.nameKana}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <CustomerBadges kind={customer.kind} lifecycle={customer.lifecycle} />
                    </Table.Td>
                    <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                      {customer.phone ?? '—'}
                    </Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => onSelect(customer)}
                        aria-label={t('customers.selectOne', { name: customer.name })}
                      >
                        {t('common.select')}
                      </Button>
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
                size="xs"
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
