// ログイン: company ID (remembered on this browser), email and password.
import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { AnchorLink } from '../../components/links';
import { errorMessage } from '../../components/notify';
import { PasswordField } from '../../components/PasswordField';
import { AuthLayout } from './AuthLayout';
import { safeRedirect } from './redirect-target';
import { rememberedTenant, rememberTenant, startSession } from './session';

const route = getRouteApi('/login');

export function LoginPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const initialTenant = search.tenant ?? rememberedTenant();

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { tenant: initialTenant, email: '', password: '' },
    validate: {
      tenant: (value) => (value.trim() ? null : t('validation.required')),
      email: (value) => (value.trim() ? null : t('validation.required')),
      password: (value) => (value ? null : t('validation.required')),
    },
  });

  // A fresh browser gets the server's default 会社ID (the demo tenant on a quick start), unless
  // the person has typed in the field meanwhile (their text is never added to or replaced).
  const options = useQuery({
    queryKey: ['auth', 'login-options'],
    queryFn: () => unwrap(api.GET('/api/v1/auth/login-options')),
    enabled: !initialTenant,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const defaultTenant = options.data?.defaultTenant;
  useEffect(() => {
    if (defaultTenant && !form.isTouched('tenant') && !form.getValues().tenant)
      form.setFieldValue('tenant', defaultTenant);
  }, [defaultTenant, form]);

  const login = useMutation({
    mutationFn: (values: { tenant: string; email: string; password: string }) =>
      unwrap(
        api.POST('/api/v1/auth/login', {
          body: { tenant: values.tenant.trim(), email: values.email.trim(), password: values.password },
        }),
      ),
    onSuccess: async (me, values) => {
      rememberTenant(values.tenant.trim());
      await startSession(queryClient, me);
      await navigate({ href: safeRedirect(search.redirect), replace: true });
    },
  });

  return (
    <AuthLayout title={t('auth.login.title')}>
      <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
        <Stack gap="sm">
          {login.error && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {errorMessage(t, login.error)}
            </Alert>
          )}
          <TextInput
            label={t('auth.tenant')}
            description={t('auth.tenantHint')}
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
            autoComplete="username"
            required
            autoFocus={!!initialTenant}
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label={t('auth.password')}
            autoComplete="current-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" fullWidth mt="xs" loading={login.isPending}>
            {t('auth.login.submit')}
          </Button>
          <AnchorLink
            to="/forgot-password"
            search={() => ({ tenant: form.getValues().tenant.trim() || undefined })}
            size="sm"
            ta="center"
          >
            {t('auth.forgot.link')}
          </AnchorLink>
        </Stack>
      </form>
    </AuthLayout>
  );
}
