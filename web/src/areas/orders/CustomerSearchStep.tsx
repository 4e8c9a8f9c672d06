// 新規注文, step 1 for staff: search the customer by name, kana, code or phone and click
// [手続きをする] on its row.
import { Button, Card, Center, Group, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useSearchInput } from '../../components/use-search-input';
import { orderCustomersQuery } from './ordering-queries';
import { usePhone } from './use-phone';

const route = getRouteApi('/app/orders/new');

export function CustomerSearchStep() {
  const { t } = useTranslation();
  const phone = usePhone();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/orders/new' });
  const [input, setInput] = useSearchInput(
    search.q,
    (q) => void navigate({ search: (prev) => ({ ...prev, q }), replace: true }),
  );

  const q = search.q ?? '';
  const customers = useInfiniteQuery(orderCustomersQuery(q));
  const rows = customers.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md">
      <Text size="sm">{t('orders.new.customerIntro')}</Text>
      <TextInput
        leftSection={<IconSearch size={16} />}
        label={t('orders.new.customerSearch')}
        placeholder={t('orders.new.customerSearchPlaceholder')}
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        type="search"
        data-autofocus
        autoFocus
        w={{ base: '100%', sm: 420 }}
      />
      {customers.isPending ? (
        <LoadingState />
      ) : customers.isError ? (
        <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('orders.new.noCustomerMatch', { q }) : t('orders.new.noCustomers')}</EmptyState>
      ) : (
        <>
          {phone ? (
            <Stack gap="sm">
              {rows.map((customer) => (
                <Card key={customer.id} withBorder radius="md" padding="sm">
                  <Group justify="space-between" wrap="nowrap" gap="sm">
                    <Stack gap={0} miw={0}>
                      <Text fw={600} truncate>
                        {customer.name}
                      </Text>
                      <Text size="xs" c="dimmed" truncate>
                        {[customer.code, customer.phone].filter(Boolean).join(' · ')}
                      </Text>
                    </Stack>
                    <Button size="sm" onClick={() => void navigate({ search: { customerId: customer.id } })}>
                      {t('orders.new.proceed')}
                    </Button>
                  </Group>
                </Card>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table striped highlightOnHover verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('orders.fields.customerCode')}</Table.Th>
                    <Table.Th>{t('orders.fields.customerName')}</Table.Th>
                    <Table.Th>{t('orders.fields.phone')}</Table.Th>
                    <Table.Th>{t('orders.fields.address')}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((customer) => (
                    <Table.Tr key={customer.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.code}</Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {customer.name}
                        </Text>
                        {customer.nameKana && (
                          <Text size="xs" c="dimmed">
                            {customer.nameKana}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{customer.phone ?? '—'}</Table.Td>
                      <Table.Td>
                        {customer.address ? `${customer.address.prefecture}${customer.address.city}` : '—'}
                      </Table.Td>
                      <Table.Td ta="right">
                        <Button
                          size="xs"
                          onClick={() => void navigate({ search: { customerId: customer.id } })}
                        >
                          {t('orders.new.proceed')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
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
