// 顧客アカウント管理 (seed 000): the customers' own logins. [新規作成] -> search the customer
// -> [選択] -> email -> [確定する] -> 「アカウントを作成しました」 (an invitation mail lets the
// person set a password); [削除] at the right of a row -> 「上記のアカウントを削除します。 削除した
// アカウントは復元できませんがよろしいですか?」 [はい] -> 「アカウントを削除しました」.
import {
  Button,
  Card,
  Center,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { CustomerListItem, PortalUser } from '../../api/types';
import { DetailList } from '../../components/DetailList';
import { formatDateTime } from '../../components/date-time';
import { applyFieldErrors } from '../../components/form-errors';
import { AnchorLink } from '../../components/links';
import { notifyError, notifySuccess, notifyWarning } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { CustomerPicker } from '../customers/CustomerPicker';
import { portalUsersQuery } from './portal-user-queries';

const route = getRouteApi('/app/portal-users');

export function PortalUsersPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/portal-users' });
  const queryClient = useQueryClient();
  const [input, setInput] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(input.trim(), 300);
  const [creating, setCreating] = useState(false);
  const canOpenCustomers = can(me, 'customers.read');

  useEffect(() => {
    if ((search.q ?? '') !== debounced) {
      void navigate({ search: (prev) => ({ ...prev, q: debounced || undefined }), replace: true });
    }
  }, [debounced, search.q, navigate]);

  const q = search.q ?? '';
  const users = useInfiniteQuery(portalUsersQuery(q));
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];

  const remove = useMutation({
    mutationFn: (user: PortalUser) =>
      unwrap(api.DELETE('/api/v1/portal-users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: async () => {
      notifySuccess(t, t('portalUsers.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['portalUsers', 'list'] });
    },
    onError: (error) => notifyError(t, error),
  });

  const resend = useMutation({
    mutationFn: (user: PortalUser) =>
      unwrap(api.POST('/api/v1/portal-users/{id}/invitation', { params: { path: { id: user.id } } })),
    onSuccess: (_, user) => notifySuccess(t, t('portalUsers.invitationResent', { email: user.email })),
    onError: (error) => notifyError(t, error),
  });

  function confirmDelete(user: PortalUser) {
    modals.openConfirmModal({
      title: t('portalUsers.deleteTitle'),
      children: (
        <Stack gap="sm">
          <Card withBorder padding="sm" radius="sm" bg="var(--mantine-color-gray-0)">
            <DetailList
              columns={1}
              items={[
                { label: t('portalUsers.fields.email'), value: user.email },
                { label: t('portalUsers.fields.name'), value: user.name },
                {
                  label: t('portalUsers.fields.customer'),
                  value: `${user.customerName} (${user.customerCode})`,
                },
              ]}
            />
          </Card>
          <Text size="sm">{t('portalUsers.deleteConfirm')}</Text>
        </Stack>
      ),
      labels: { confirm: t('common.yes'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(user),
    });
  }

  function confirmResend(user: PortalUser) {
    modals.openConfirmModal({
      title: t('portalUsers.resend'),
      children: <Text size="sm">{t('portalUsers.resendConfirm', { email: user.email })}</Text>,
      labels: { confirm: t('portalUsers.resendButton'), cancel: t('common.cancel') },
      onConfirm: () => resend.mutate(user),
    });
  }

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('portalUsers.title')}>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('common.create')}
        </Button>
      </PageHeader>
      <Text size="sm" c="dimmed">
        {t('portalUsers.intro')}
      </Text>

      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('portalUsers.searchPlaceholder')}
        aria-label={t('common.search')}
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        type="search"
        w={{ base: '100%', sm: 420 }}
      />

      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('portalUsers.noMatch', { q }) : t('portalUsers.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('portalUsers.fields.email')}</Table.Th>
                  <Table.Th>{t('portalUsers.fields.name')}</Table.Th>
                  <Table.Th>{t('portalUsers.fields.customer')}</Table.Th>
                  <Table.Th>{t('portalUsers.fields.lastLoginAt')}</Table.Th>
                  <Table.Th>{t('common.createdAt')}</Table.Th>
                  <Table.Th w={1}>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td fw={500}>{user.email}</Table.Td>
                    <Table.Td>{user.name}</Table.Td>
                    <Table.Td>
                      {canOpenCustomers ? (
                        <AnchorLink to="/customers/$id" params={{ id: user.customerId }} size="sm">
                          {user.customerName}
                        </AnchorLink>
                      ) : (
                        <Text size="sm">{user.customerName}</Text>
                      )}
                      <Text size="xs" c="dimmed">
                        {user.customerCode}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text
                        size="sm"
                        c={user.lastLoginAt ? undefined : 'dimmed'}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.neverLoggedIn')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {formatDateTime(user.createdAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => confirmResend(user)}
                          aria-label={t('portalUsers.resendOne', { email: user.email })}
                        >
                          {t('portalUsers.resend')}
                        </Button>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => confirmDelete(user)}
                          aria-label={t('portalUsers.deleteOne', { email: user.email })}
                        >
                          {t('common.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {users.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void users.fetchNextPage()}
                loading={users.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('portalUsers.createTitle')}
        size="xl"
      >
        {creating && <CreatePortalUser onDone={() => setCreating(false)} />}
      </Modal>
    </Stack>
  );
}

interface PortalUserValues {
  email: string;
  name: string;
  locale: 'ja' | 'en';
}

function CreatePortalUser({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [customer, setCustomer] = useState<CustomerListItem | null>(null);
  const form = useForm<PortalUserValues>({
    mode: 'uncontrolled',
    initialValues: { email: '', name: '', locale: 'ja' },
    validate: {
      email: (value) =>
        /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) && value.trim().length <= 254
          ? null
          : t('validation.email'),
      name: (value) => (value.trim().length > 200 ? t('validation.maxLength', { count: 200 }) : null),
    },
  });

  const create = useMutation({
    mutationFn: (values: PortalUserValues) =>
      unwrap(
        api.POST('/api/v1/portal-users', {
          body: {
            customerId: customer?.id ?? '',
            email: values.email.trim(),
            name: values.name.trim() || undefined,
            locale: values.locale,
          },
        }),
      ),
    onSuccess: async (user) => {
      if (user.invitation === 'failed') notifyWarning(t, t('portalUsers.invitationFailed'));
      else notifySuccess(t, t('portalUsers.created'));
      await queryClient.invalidateQueries({ queryKey: ['portalUsers', 'list'] });
      onDone();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, { email_taken: 'email' })) notifyError(t, error);
    },
  });

  if (!customer) {
    return (
      <Stack gap="sm">
        <Text size="sm">{t('portalUsers.stepCustomer')}</Text>
        <CustomerPicker autoFocus onSelect={setCustomer} />
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack gap="md">
        <Card withBorder padding="sm" radius="sm">
          <Group justify="space-between" gap="sm">
            <Stack gap={0}>
              <Text size="xs" c="dimmed" fw={500}>
                {t('portalUsers.fields.customer')}
              </Text>
              <Title order={4} size="h5" data-testid="portal-user-customer">
                {customer.name}
              </Title>
              <Text size="xs" c="dimmed">
                {customer.code}
              </Text>
            </Stack>
            <Button variant="default" size="xs" onClick={() => setCustomer(null)}>
              {t('agreements.changeCustomer')}
            </Button>
          </Group>
        </Card>
        <Text size="sm">{t('portalUsers.stepEmail')}</Text>
        <TextInput
          label={t('portalUsers.fields.email')}
          type="email"
          required
          autoComplete="off"
          maxLength={254}
          data-autofocus
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <TextInput
          label={t('portalUsers.fields.name')}
          description={t('portalUsers.nameHint')}
          maxLength={200}
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <Select
          label={t('portalUsers.fields.locale')}
          description={t('portalUsers.localeHint')}
          data={[
            { value: 'ja', label: t('language.ja') },
            { value: 'en', label: t('language.en') },
          ]}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          key={form.key('locale')}
          {...form.getInputProps('locale')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={create.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.commit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
