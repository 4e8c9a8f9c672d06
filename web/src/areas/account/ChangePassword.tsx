// パスワード変更: other sessions are revoked by the server; this one is rotated, so the
// session (and its CSRF token) is read again afterwards.
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { notifyError, notifySuccess } from '../../components/notify';
import { PasswordField } from '../../components/PasswordField';
import { MIN_PASSWORD_LENGTH } from '../auth/password-rules';
import { meQuery } from '../auth/session';

export function ChangePassword() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { currentPassword: '', newPassword: '', confirmation: '' },
    validate: {
      currentPassword: (value) => (value ? null : t('validation.required')),
      newPassword: (value) =>
        value.length >= MIN_PASSWORD_LENGTH
          ? null
          : t('validation.passwordMin', { count: MIN_PASSWORD_LENGTH }),
      confirmation: (value, values) =>
        value === values.newPassword ? null : t('validation.passwordMismatch'),
    },
  });

  const change = useMutation({
    mutationFn: (values: { currentPassword: string; newPassword: string }) =>
      unwrap(
        api.POST('/api/v1/auth/password', {
          body: { currentPassword: values.currentPassword, newPassword: values.newPassword },
        }),
      ),
    onSuccess: async () => {
      form.reset();
      notifySuccess(t, t('auth.reset.done'));
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
    onError: (error) => {
      const codeFields = { password_incorrect: 'currentPassword', password_too_weak: 'newPassword' };
      if (!applyFieldErrors(form, error, codeFields)) notifyError(t, error);
    },
  });

  return (
    <Card withBorder radius="md" padding="lg">
      <form onSubmit={form.onSubmit((values) => change.mutate(values))} noValidate>
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('account.changePassword')}
          </Title>
          {/* Lets password managers pair the new password with this account. */}
          <input type="text" autoComplete="username" hidden readOnly />
          <Text size="sm" c="dimmed">
            {t('account.passwordRule', { count: MIN_PASSWORD_LENGTH })}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            <PasswordField
              label={t('account.currentPassword')}
              autoComplete="current-password"
              required
              key={form.key('currentPassword')}
              {...form.getInputProps('currentPassword')}
            />
            <PasswordField
              label={t('auth.reset.password')}
              autoComplete="new-password"
              required
              key={form.key('newPassword')}
              {...form.getInputProps('newPassword')}
            />
            <PasswordField
              label={t('auth.reset.confirmation')}
              autoComplete="new-password"
              required
              key={form.key('confirmation')}
              {...form.getInputProps('confirmation')}
            />
          </SimpleGrid>
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              {t('account.changePasswordSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
