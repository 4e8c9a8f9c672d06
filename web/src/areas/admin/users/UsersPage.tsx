// ユーザー: search the tenant's users, page through them, create one.
import { Badge, Button, Center, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  useSuspenseQuery,
} from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { Role } from '../../../api/types';
import { formatDateTime } from '../../../components/date-time';
import { applyFieldErrors } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { notifyError, notifySuccess, notifyWarning } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { RoleBadges } from '../../../components/RoleBadges';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useSearchInput } from '../../../components/use-search-input';
import { can, meQuery } from '../../auth/session';
import { orgUnitsQuery } from '../org-units/org-unit-queries';
import { emptyUser, UserFields, type UserFormValues, validateUser } from './UserFields';
import { usersQuery } from './user-queries';

const route = getRouteApi('/app/admin/users');

export function UsersPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/admin/users' });
  const [input, setInput] = useSearchInput(search.q, (q) => void navigate({ search: { q }, replace: true }));
  const [creating, setCreating] = useState(false);

  const q = search.q ?? '';
  const users = useInfiniteQuery(usersQuery(q));
  const orgUnits = useQuery(orgUnitsQuery);
  const orgUnitNames = useMemo(
    () => new Map((orgUnits.data ?? []).map((unit) => [unit.id, unit.name])),
    [orgUnits.data],
  );
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('users.title')}>
        {can(me, 'users.manage') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('common.create')}
          </Button>
        )}
      </PageHeader>

      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('users.searchPlaceholder')}
        aria-label={t('common.search')}
        value={input}
        onChange={(event) => setInput(event.currentTarget.value)}
        type="search"
        maw={420}
      />

      {users.isPending ? (
        <LoadingState />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('users.noMatch', { q }) : t('users.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.fields.name')}</Table.Th>
                  <Table.Th>{t('users.fields.email')}</Table.Th>
                  <Table.Th>{t('users.fields.orgUnit')}</Table.Th>
                  <Table.Th>{t('users.fields.roles')}</Table.Th>
                  <Table.Th>{t('users.fields.status')}</Table.Th>
                  <Table.Th>{t('users.fields.lastLoginAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td>
                      <AnchorLink
                        to="/admin/users/$id"
                        params={{ id: user.id }}
                        fw={500}
                        style={{ whiteSpace: 'nowrap' }}
                      >
                        {user.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{user.email}</Table.Td>
                    <Table.Td>{user.orgUnitId ? (orgUnitNames.get(user.orgUnitId) ?? '—') : '—'}</Table.Td>
                    <Table.Td>
                      <RoleBadges roles={user.roles} />
                    </Table.Td>
                    <Table.Td>
                      <Badge color={user.active ? 'teal' : 'gray'} variant="light" tt="none">
                        {user.active ? t('users.active') : t('users.inactive')}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                        {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.neverLoggedIn')}
                      </Text>
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

      <Modal opened={creating} onClose={() => setCreating(false)} title={t('users.createTitle')} size="lg">
        {creating && <CreateUserForm onDone={() => setCreating(false)} />}
      </Modal>
    </Stack>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<UserFormValues>({
    mode: 'uncontrolled',
    initialValues: emptyUser,
    validate: validateUser(t),
  });

  const create = useMutation({
    mutationFn: (values: UserFormValues) =>
      unwrap(
        api.POST('/api/v1/users', {
          body: {
            email: values.email.trim(),
            name: values.name.trim(),
            orgUnitId: values.orgUnitId ?? undefined,
            roles: values.roles as Role[],
            active: values.active,
            locale: values.locale,
            password: values.password || undefined,
          },
        }),
      ),
    onSuccess: async (user, values) => {
      if (user.invitation === 'failed') notifyWarning(t, t('users.invitationFailed'));
      else notifySuccess(t, values.password ? t('common.success') : t('users.invitationSent'));
      await queryClient.invalidateQueries({ queryKey: ['users', 'list'] });
      onDone();
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, { email_taken: 'email', password_too_weak: 'password' }))
        notifyError(t, error);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack gap="md">
        <UserFields form={form} mode="create" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
