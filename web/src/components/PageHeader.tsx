import { Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The title of a page, with its main actions on the right (wrapping under it on phones). */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="center" mb="md" gap="sm">
      <Title order={2} size="h3">
        {title}
      </Title>
      {children && <Group gap="xs">{children}</Group>}
    </Group>
  );
}
