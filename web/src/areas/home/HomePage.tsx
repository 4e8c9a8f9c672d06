// ホーム: who is signed in, for which tenant, with which roles, and where they can go.
import { Badge, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../components/links';
import { RoleBadges } from '../../components/RoleBadges';
import { visibleAreas } from '../../navigation';
import { can, meQuery } from '../auth/session';
import { PortalHome } from '../portal/PortalHome';

// The billing dashboard brings a chart library: loaded only for those who see it.
const BillingDashboard = lazy(() =>
  import('../billing/BillingDashboard').then((module) => ({ default: module.BillingDashboard })),
);

export function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const links = visibleAreas(me).filter((area) => area.to !== '/');
  // A customer's own login (顧客アカウント) gets a home of their contracts and orders.
  if (me.kind === 'portal') return <PortalHome />;

  return (
    <Stack gap="lg" maw={1100}>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="xs">
          <Title order={2} size="h3">
            {t('home.welcome', { name: me.name })}
          </Title>
          <Group gap="xs">
            <Text c="dimmed" size="sm">
              {t('home.tenant')}
            </Text>
            <Text size="sm" fw={500}>
              {me.tenant.name}
            </Text>
            <Text c="dimmed" size="sm">
              ({me.tenant.slug})
            </Text>
          </Group>
          <Group gap="xs" align="center">
            <Text c="dimmed" size="sm">
              {t('home.roles')}
            </Text>
            {me.roles.length > 0 ? (
              <RoleBadges roles={me.roles} />
            ) : (
              <Badge variant="outline" color="gray" tt="none">
                {t('home.noRoles')}
              </Badge>
            )}
          </Group>
        </Stack>
      </Card>

      {can(me, 'billing.read') && (
        <Suspense fallback={null}>
          <BillingDashboard />
        </Suspense>
      )}

      {links.length > 0 && (
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('home.quickLinks')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {links.map((area) => (
              <Card key={area.to} withBorder radius="md" padding="md">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <ThemeIcon variant="light" size="lg" radius="md">
                    <area.icon size={20} aria-hidden />
                  </ThemeIcon>
                  <Stack gap={2}>
                    <AnchorLink to={area.to} fw={600}>
                      {t(area.labelKey)}
                    </AnchorLink>
                    <Text size="sm" c="dimmed">
                      {t(area.descriptionKey)}
                    </Text>
                  </Stack>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
