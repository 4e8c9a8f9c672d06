// 契約管理: search contracts by contract number or name, or by customer (code, name, phone);
// click the contract number for its detail. Portal users see their own contracts only.
import { Button, Center, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { meQuery } from '../auth/session';
import { contractsQuery } from '../orders/ordering-queries';

const route = getRouteApi('/app/contracts');

export function ContractsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const portal = me.kind === 'portal';
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/contracts' });
  const router = useRouter();
  const [input, setInput] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(input.trim(), 300);

  useEffect(() => {
    // Not while another page is loading (a row clicked meanwhile): that would cancel it.
    if ((search.q ?? '') !== debounced && router.state.status === 'idle') {
      void navigate({ search: { q: debounced || undefined }, replace: true });
    }
  }, [debounced, search.q, navigate, router]);

  const q = search.q ?? '';
  const contracts = useInfiniteQuery(contractsQuery(q));
  const rows = contracts.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('contracts.title')} />
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={portal ? t('contracts.searchPlaceholderPortal') : t('contracts.searchPlaceholder')}
        aria-label={t('common.search')}
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        type="search"
        w={{ base: '100%', sm: 420 }}
      />
      {contracts.isPending ? (
        <LoadingState />
      ) : contracts.isError ? (
        <ErrorState error={contracts.error} onRetry={() => void contracts.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('contracts.noMatch', { q }) : t('contracts.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs" data-testid="contracts-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('contracts.fields.number')}</Table.Th>
                  <Table.Th>{t('contracts.fields.name')}</Table.Th>
                  {!portal && <Table.Th>{t('contracts.fields.customer')}</Table.Th>}
                  <Table.Th ta="right">{t('contracts.fields.lineItems')}</Table.Th>
                  <Table.Th>{t('contracts.fields.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((contract) => (
                  <Table.Tr key={contract.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/contracts/$id"
                        params={{ id: contract.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {contract.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{contract.name ?? '—'}</Table.Td>
                    {!portal && (
                      <Table.Td>
                        <Text size="sm">{contract.customer.name}</Text>
                        <Text size="xs" c="dimmed">
                          {contract.customer.code}
                        </Text>
                      </Table.Td>
                    )}
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {t('contracts.lineItemCounts', {
                        active: contract.activeLineItemCount,
                        total: contract.lineItemCount,
                      })}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(contract.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {contracts.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void contracts.fetchNextPage()}
                loading={contracts.isFetchingNextPage}
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
