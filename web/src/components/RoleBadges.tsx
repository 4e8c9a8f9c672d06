// Roles shown with their Japanese (or English) labels; an unknown role shows its code.
import { Badge, Group } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** The roles of domain.md in the order the UI lists them. */
export const knownRoles = [
  'admin',
  'sales_manager',
  'sales_rep',
  'order_desk',
  'back_office',
  'billing',
  'legal',
] as const;

export function roleLabel(t: TFunction, role: string): string {
  return t(`roles.${role}` as 'roles.admin', { defaultValue: role });
}

export function RoleBadges({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4}>
      {roles.map((role) => (
        <Badge key={role} variant="light" radius="sm" tt="none">
          {roleLabel(t, role)}
        </Badge>
      ))}
    </Group>
  );
}
