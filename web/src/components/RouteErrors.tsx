// What a route shows when it cannot: no permission, no such page, or a failure while loading.
import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { IconLock, IconMapOff } from '@tabler/icons-react';
import type { ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from './links';
import { ErrorState } from './states';

/** Thrown by a route's beforeLoad when the person lacks its permission. */
export class ForbiddenError extends Error {
  constructor() {
    super('forbidden');
    this.name = 'ForbiddenError';
  }
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <Center py={64}>
      <Stack align="center" gap="sm">
        <IconLock size={40} stroke={1.4} aria-hidden />
        <Title order={2} size="h3">
          {t('app.forbiddenTitle')}
        </Title>
        <Text c="dimmed">{t('app.forbiddenText')}</Text>
        <ButtonLink to="/" variant="light">
          {t('app.backHome')}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Center py={64}>
      <Stack align="center" gap="sm">
        <IconMapOff size={40} stroke={1.4} aria-hidden />
        <Title order={2} size="h3">
          {t('app.notFoundTitle')}
        </Title>
        <Text c="dimmed">{t('app.notFoundText')}</Text>
        <ButtonLink to="/" variant="light">
          {t('app.backHome')}
        </ButtonLink>
      </Stack>
    </Center>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  if (error instanceof ForbiddenError) return <Forbidden />;
  return (
    <Stack p="md" maw={640}>
      <ErrorState error={error} onRetry={reset} />
      <Button variant="subtle" onClick={() => window.location.reload()} w="fit-content">
        {t('common.reload')}
      </Button>
    </Stack>
  );
}
