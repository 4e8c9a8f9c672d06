// 基本契約管理: search master agreements by number, customer code or name, with the status
// checkboxes (作成中 / 販売予定 / 販売中); page through them; start 新規作成.
import { Button, Center, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementStatus } from '../../api/types';
import { formatDate, formatDateTime } from '../../components/date-time';
import { AnchorLink, ButtonLink } from '../../components/links';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { AgreementStatusBadge, agreementStatuses } from './agreement-labels';
import { agreementsQuery } from './agreement-queries';

const route = getRouteApi('/app/agreements');

export function AgreementsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/agreements' });
  const [input, setInput] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(input.trim(), 300);

  useEffect(() => {
    if ((search.q ?? '') !== debounced) {
      void navigate({ search: (prev) => ({ ...prev, q: debounced || undefined }), replace: true });
    }
  }, [debounced, search.q, navigate]);

  const q = search.q ?? '';
  const status = search.status ?? [];
  const agreements = useInfiniteQuery(agreementsQuery({ q, status }));
  const rows = agreements.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('agreements.title')}>
        {can(me, 'agreements.manage') && (
          <ButtonLink to="/agreements/new" leftSection={<IconPlus size={16} />}>
            {t('common.create')}
          </ButtonLink>
        )}
      </PageHeader>

      <Group gap="lg" align="flex-end">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('agreements.searchPlaceholder')}
          aria-label={t('common.search')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <Checkbox.Group
          label={t('agreements.fields.status')}
          value={status}
          onChange={(value) =>
            void navigate({
              search: (prev) => ({
                ...prev,
                status: value.length ? (value as AgreementStatus[]) : undefined,
              }),
              replace: true,
            })
          }
        >
          <Group gap="md" mt={4}>
            {agreementStatuses.map((item) => (
              <Checkbox key={item} value={item} label={t(`agreements.statuses.${item}`)} />
            ))}
          </Group>
        </Checkbox.Group>
      </Group>

      {agreements.isPending ? (
        <LoadingState />
      ) : agreements.isError ? (
        <ErrorState error={agreements.error} onRetry={() => void agreements.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q || status.length ? t('agreements.noMatch') : t('agreements.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('agreements.fields.number')}</Table.Th>
                  <Table.Th>{t('agreements.fields.customer')}</Table.Th>
                  <Table.Th>{t('agreements.fields.name')}</Table.Th>
                  <Table.Th>{t('agreements.fields.status')}</Table.Th>
                  <Table.Th>{t('agreements.fields.saleStartDate')}</Table.Th>
                  <Table.Th ta="right">{t('agreements.fields.productCount')}</Table.Th>
                  <Table.Th>{t('common.updatedAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((agreement) => (
                  <Table.Tr key={agreement.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/agreements/$id"
                        params={{ id: agreement.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {agreement.number}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{agreement.customer.name}</Text>
                      <Text size="xs" c="dimmed">
                        {agreement.customer.code}
                      </Text>
                    </Table.Td>
                    <Table.Td>{agreement.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <AgreementStatusBadge status={agreement.status} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDate(agreement.saleStartDate)}
                    </Table.Td>
                    <Table.Td ta="right">{agreement.productCount}</Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(agreement.updatedAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {agreements.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void agreements.fetchNextPage()}
                loading={agreements.isFetchingNextPage}
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
