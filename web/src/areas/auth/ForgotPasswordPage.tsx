// パスワード再設定: ask for a mail with a link to set a new password (seed 000 wording).
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { AnchorLink } from '../../components/links';
import { errorMessage } from '../../components/notify';
import { AuthLayout } from './AuthLayout';
import { rememberedTenant } from './session';

const route = getRouteApi('/forgot-password');

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const initialTenant = search.tenant ?? rememberedTenant();

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { tenant: initialTenant, email: '' },
    validate: {
      tenant: (value) => (value.trim() ? null : t('validation.required')),
      email: (value) => (/^\S+@\S+$/.test(value.trim()) ? null : t('validation.email')),
    },
  });

  const request = useMutation({
    mutationFn: (values: { tenant: string; email: string }) =>
      unwrap(
        api.POST('/api/v1/auth/password-reset', {
          body: { tenant: values.tenant.trim(), email: values.email.trim() },
        }),
      ),
  });

  const tenant = form.getValues().tenant.trim() || undefined;

  return (
    <AuthLayout title={t('auth.forgot.title')}>
      {request.isSuccess ? (
        <Stack gap="md">
          <Alert color="teal" icon={<IconMailCheck size={18} />} role="status">
            {t('auth.forgot.sent')}
          </Alert>
          <Text size="sm" c="dimmed">
            {t('auth.forgot.sentHint')}
          </Text>
          <AnchorLink to="/login" search={{ tenant }} ta="center">
            {t('auth.backToLogin')}
          </AnchorLink>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((values) => request.mutate(values))} noValidate>
          <Stack gap="sm">
            <Text size="sm">{t('auth.forgot.intro')}</Text>
            {request.error && (
              <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
                {errorMessage(t, request.error)}
              </Alert>
            )}
            <TextInput
              label={t('auth.tenant')}
              autoComplete="organization"
              autoCapitalize="none"
              spellCheck={false}
              required
              autoFocus={!initialTenant}
              key={form.key('tenant')}
              {...form.getInputProps('tenant')}
            />
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="email"
              required
              autoFocus={!!initialTenant}
              key={form.key('email')}
              {...form.getInputProps('email')}
            />
            <Button type="submit" fullWidth mt="xs" loading={request.isPending}>
              {t('auth.forgot.submit')}
            </Button>
            <AnchorLink to="/login" search={{ tenant }} size="sm" ta="center">
              {t('auth.backToLogin')}
            </AnchorLink>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
