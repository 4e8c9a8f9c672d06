// The frame of every signed-in page: header (product, tenant, language, user menu) and the
// navbar of the areas this person may open; on phones the navbar folds behind a burger.
import {
  AppShell,
  Burger,
  Button,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconChevronDown,
  IconLogout,
  IconShieldLock,
  IconUserCircle,
  IconUserCog,
} from '@tabler/icons-react';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { endSession, meQuery } from '../areas/auth/session';
import { visibleAreas } from '../navigation';
import classes from './AppLayout.module.css';
import { LanguageSwitch } from './LanguageSwitch';
import { AnchorLink, NavLinkLink } from './links';
import { notifyError } from './notify';

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const [opened, { toggle, close }] = useDisclosure(false);
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // A link followed on a phone closes the navbar again.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation
  useEffect(() => close(), [pathname, close]);

  const available = visibleAreas(me);
  // The area of the page: the longest matching path, so /orders/new lights 新規注文 only.
  const activeArea = available
    .filter((area) => pathname === area.to || (area.to !== '/' && pathname.startsWith(`${area.to}/`)))
    .reduce<string | undefined>(
      (best, area) => (!best || area.to.length > best.length ? area.to : best),
      undefined,
    );
  const mainAreas = available.filter((area) => area.group === 'main');
  const adminAreas = available.filter((area) => area.group === 'admin');

  async function logout() {
    try {
      await navigate({ to: '/login', search: { tenant: me.tenant.slug } });
      await endSession(queryClient);
    } catch (error) {
      notifyError(t, error);
    }
  }

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t(opened ? 'nav.closeMenu' : 'nav.openMenu')}
            />
            <AnchorLink to="/" fw={700} fz="lg" c="indigo.7" underline="never">
              {t('common.appName')}
            </AnchorLink>
            <Text visibleFrom="sm" c="dimmed" size="sm" truncate data-testid="tenant-name">
              {me.tenant.name}
            </Text>
          </Group>
          <Group gap={4} wrap="nowrap">
            <LanguageSwitch />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <Button
                  variant="subtle"
                  color="gray"
                  size="compact-sm"
                  leftSection={<IconUserCircle size={20} aria-hidden />}
                  rightSection={<IconChevronDown size={14} aria-hidden />}
                  aria-label={t('nav.userMenu')}
                  data-testid="user-menu"
                >
                  <Text span size="sm" visibleFrom="xs" maw={160} truncate>
                    {me.name}
                  </Text>
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>
                  {me.name}
                  <br />
                  {me.email}
                </Menu.Label>
                <Menu.Item
                  leftSection={<IconUserCog size={16} aria-hidden />}
                  onClick={() => void navigate({ to: '/account' })}
                >
                  {t('nav.account')}
                </Menu.Item>
                <Menu.Divider />
                <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void logout()}>
                  {t('nav.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar
        p="xs"
        aria-label={t('nav.label')}
        className={classes.navbar}
        data-collapsed={opened ? undefined : true}
      >
        <AppShell.Section hiddenFrom="sm" px="sm" pb="xs">
          <Text size="sm" c="dimmed" truncate>
            {me.tenant.name}
          </Text>
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {mainAreas.map((area) => (
              <NavLinkLink
                key={area.to}
                to={area.to}
                label={t(area.labelKey)}
                leftSection={<area.icon size={18} aria-hidden />}
                active={area.to === activeArea}
                activeOptions={{ exact: true }}
              />
            ))}
            {adminAreas.length > 0 && (
              <NavLink
                label={t('nav.admin')}
                leftSection={<IconShieldLock size={18} aria-hidden />}
                defaultOpened
                childrenOffset={28}
              >
                {adminAreas.map((area) => (
                  <NavLinkLink
                    key={area.to}
                    to={area.to}
                    label={t(area.labelKey)}
                    leftSection={<area.icon size={16} aria-hidden />}
                    active={area.to === activeArea}
                    activeOptions={{ exact: true }}
                  />
                ))}
              </NavLink>
            )}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Divider my="xs" />
          <NavLinkLink
            to="/account"
            label={t('nav.account')}
            leftSection={<IconUserCog size={18} aria-hidden />}
            activeProps={{ active: true }}
          />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
