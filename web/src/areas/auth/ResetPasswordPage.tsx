// 新しいパスワード: the page a reset or invitation mail links to (`?token=`).
import { Alert, Button, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { AnchorLink, ButtonLink } from '../../components/links';
import { errorMessage } from '../../components/notify';
import { PasswordField } from '../../components/PasswordField';
import { AuthLayout } from './AuthLayout';
import { MIN_PASSWORD_LENGTH } from './password-rules';

const route = getRouteApi('/reset-password');

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token, tenant } = route.useSearch();

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { password: '', confirmation: '' },
    validate: {
      password: (value) =>
        value.length >= MIN_PASSWORD_LENGTH
          ? null
          : t('validation.passwordMin', { count: MIN_PASSWORD_LENGTH }),
      confirmation: (value, values) => (value === values.password ? null : t('validation.passwordMismatch')),
    },
  });

  const confirm = useMutation({
    mutationFn: (password: string) =>
      unwrap(api.POST('/api/v1/auth/password-reset/confirm', { body: { token: token ?? '', password } })),
    onError: (error) => {
      applyFieldErrors(form, error);
    },
  });

  if (!token) {
    return (
      <AuthLayout title={t('auth.reset.title')}>
        <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
          {t('auth.reset.tokenMissing')}
        </Alert>
        <AnchorLink to="/forgot-password" search={{ tenant }} ta="center">
          {t('auth.forgot.link')}
        </AnchorLink>
      </AuthLayout>
    );
  }

  if (confirm.isSuccess) {
    return (
      <AuthLayout title={t('auth.reset.title')}>
        <Alert color="teal" icon={<IconCircleCheck size={18} />} role="status">
          {t('auth.reset.done')}
        </Alert>
        <ButtonLink to="/login" search={{ tenant }} fullWidth autoFocus>
          {t('auth.reset.goToLogin')}
        </ButtonLink>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('auth.reset.title')}>
      <form onSubmit={form.onSubmit((values) => confirm.mutate(values.password))} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('auth.reset.intro', { count: MIN_PASSWORD_LENGTH })}</Text>
          {confirm.error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {errorMessage(t, confirm.error)}
            </Alert>
          )}
          <PasswordField
            label={t('auth.reset.password')}
            autoComplete="new-password"
            required
            autoFocus
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <PasswordField
            label={t('auth.reset.confirmation')}
            autoComplete="new-password"
            required
            key={form.key('confirmation')}
            {...form.getInputProps('confirmation')}
          />
          <Button type="submit" fullWidth mt="xs" loading={confirm.isPending}>
            {t('auth.reset.submit')}
          </Button>
          {confirm.error && (
            <AnchorLink to="/forgot-password" search={{ tenant }} size="sm" ta="center">
              {t('auth.reset.requestAgain')}
            </AnchorLink>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
