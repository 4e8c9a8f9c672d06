// アカウント設定: the person's own profile, password and API tokens.
import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { RoleBadges } from '../../components/RoleBadges';
import { meQuery } from '../auth/session';
import { ApiTokens } from './ApiTokens';
import { ChangePassword } from './ChangePassword';

export function AccountPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  return (
    <Stack gap="md" maw={900}>
      <PageHeader title={t('account.title')} />
      <Card withBorder radius="md" padding="lg">
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t('account.profile')}
          </Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={120}>
              {t('users.fields.name')}
            </Text>
            <Text size="sm">{me.name}</Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={120}>
              {t('users.fields.email')}
            </Text>
            <Text size="sm">{me.email}</Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={120}>
              {t('home.tenant')}
            </Text>
            <Text size="sm">{me.tenant.name}</Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" c="dimmed" w={120}>
              {t('users.fields.roles')}
            </Text>
            <RoleBadges roles={me.roles} />
          </Group>
        </Stack>
      </Card>
      <ChangePassword />
      <ApiTokens />
    </Stack>
  );
}
