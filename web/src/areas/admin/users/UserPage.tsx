// A user: edit (PATCH with version), send a password reset mail, read the change history.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconArrowLeft, IconMailForward } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { Role, User } from '../../../api/types';
import { AuditTrail } from '../../../components/AuditTrail';
import { formatDateTime } from '../../../components/date-time';
import { applyFieldErrors } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../../components/notify';
import { roleLabel } from '../../../components/RoleBadges';
import { ErrorState, LoadingState } from '../../../components/states';
import { can, meQuery } from '../../auth/session';
import { orgUnitsQuery } from '../org-units/org-unit-queries';
import { UserFields, type UserFormValues, validateUser } from './UserFields';
import { userQuery } from './user-queries';

const route = getRouteApi('/app/admin/users/$id');

function formValuesOf(user: User): UserFormValues {
  return {
    email: user.email,
    name: user.name,
    orgUnitId: user.orgUnitId ?? null,
    roles: [...user.roles],
    active: user.active,
    locale: user.locale,
    password: '',
  };
}

export function UserPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const user = useQuery(userQuery(id));

  return (
    <Stack gap="md" maw={1000}>
      <AnchorLink to="/admin/users" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('users.backToList')}
        </Group>
      </AnchorLink>
      {user.isPending ? (
        <LoadingState />
      ) : user.isError ? (
        <ErrorState error={user.error} onRetry={() => void user.refetch()} />
      ) : (
        <UserDetail user={user.data} />
      )}
    </Stack>
  );
}

function UserDetail({ user }: { user: User }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const queryClient = useQueryClient();
  const manage = can(me, 'users.manage');
  const orgUnits = useQuery(orgUnitsQuery);
  const orgUnitNames = useMemo(
    () => new Map((orgUnits.data ?? []).map((unit) => [unit.id, unit.name])),
    [orgUnits.data],
  );

  const form = useForm<UserFormValues>({
    mode: 'uncontrolled',
    initialValues: formValuesOf(user),
    validate: validateUser(t),
  });

  // When the record changes (saved here, or reloaded after a conflict) the form follows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the record's version on purpose
  useEffect(() => {
    form.setInitialValues(formValuesOf(user));
    form.reset();
  }, [user.id, user.version]);

  const save = useMutation({
    mutationFn: (values: UserFormValues) =>
      unwrap(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: {
            version: user.version,
            name: values.name.trim(),
            orgUnitId: values.orgUnitId ?? null,
            roles: values.roles as Role[],
            active: values.active,
            locale: values.locale,
          },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['users', 'detail', saved.id], saved);
      notifySuccess(t);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['users', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['audit', 'user', saved.id] }),
        saved.id === me.id
          ? queryClient.invalidateQueries({ queryKey: meQuery.queryKey })
          : Promise.resolve(),
      ]);
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: ['users', 'detail', user.id] }),
          queryClient.invalidateQueries({ queryKey: ['audit', 'user', user.id] }),
        ]);
        return;
      }
      if (!applyFieldErrors(form, error, { org_unit_not_found: 'orgUnitId' })) notifyError(t, error);
    },
  });

  const sendReset = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: user.id } } })),
    onSuccess: () => notifySuccess(t, t('users.resetSent', { email: user.email })),
    onError: (error) => notifyError(t, error),
  });

  function confirmReset() {
    modals.openConfirmModal({
      title: t('users.sendReset'),
      children: <Text size="sm">{t('users.sendResetConfirm', { email: user.email })}</Text>,
      labels: { confirm: t('users.sendResetConfirmButton'), cancel: t('common.cancel') },
      onConfirm: () => sendReset.mutate(),
    });
  }

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {user.name}
            </Title>
            <Badge color={user.active ? 'teal' : 'gray'} variant="light" tt="none">
              {user.active ? t('users.active') : t('users.inactive')}
            </Badge>
          </Group>
          <Text c="dimmed" size="sm">
            {user.email}
          </Text>
        </Stack>
        {manage && (
          <Button
            variant="default"
            leftSection={<IconMailForward size={16} />}
            onClick={confirmReset}
            loading={sendReset.isPending}
          >
            {t('users.sendReset')}
          </Button>
        )}
      </Group>

      <Card withBorder radius="md" padding="lg">
        <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
          <Stack gap="md">
            {!manage && (
              <Alert color="gray" variant="light">
                {t('users.readOnly')}
              </Alert>
            )}
            <UserFields form={form} mode="edit" disabled={!manage} />
            <Group justify="space-between" gap="sm">
              <Text size="xs" c="dimmed">
                {t('users.timestamps', {
                  createdAt: formatDateTime(user.createdAt),
                  updatedAt: formatDateTime(user.updatedAt),
                  lastLoginAt: user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.neverLoggedIn'),
                })}
              </Text>
              {manage && (
                <Button type="submit" loading={save.isPending}>
                  {t('common.save')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      </Card>

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="user"
              entityId={user.id}
              fieldLabel={(field) =>
                t(`users.fields.${field}` as 'users.fields.name', { defaultValue: field })
              }
              formatValue={(field, value) => {
                if (field === 'roles' && Array.isArray(value)) {
                  return value.length ? value.map((role) => roleLabel(t, String(role))).join(', ') : '—';
                }
                if (field === 'orgUnitId' && typeof value === 'string')
                  return orgUnitNames.get(value) ?? value;
                if (field === 'active' && typeof value === 'boolean') {
                  return value ? t('users.active') : t('users.inactive');
                }
                if (field === 'locale' && (value === 'ja' || value === 'en')) return t(`language.${value}`);
                return typeof value === 'object' ? JSON.stringify(value) : String(value);
              }}
            />
          </Stack>
        </Card>
      )}
    </>
  );
}
