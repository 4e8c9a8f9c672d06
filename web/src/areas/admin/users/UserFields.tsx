// The fields of a user, shared by 新規作成 and the edit form of the user page.
import { Checkbox, Group, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PasswordField } from '../../../components/PasswordField';
import { knownRoles, roleLabel } from '../../../components/RoleBadges';
import { MIN_PASSWORD_LENGTH } from '../../auth/password-rules';
import { orgUnitOptions, orgUnitsQuery, orgUnitTree } from '../org-units/org-unit-queries';
import { rolesQuery } from './user-queries';

export interface UserFormValues {
  email: string;
  name: string;
  orgUnitId: string | null;
  roles: string[];
  active: boolean;
  locale: 'ja' | 'en';
  password: string;
}

export const emptyUser: UserFormValues = {
  email: '',
  name: '',
  orgUnitId: null,
  roles: [],
  active: true,
  locale: 'ja',
  password: '',
};

/** Roles the server knows, in the order of domain.md, then any others it added. */
function orderRoles(roles: readonly string[]): string[] {
  const rank = (role: string) => {
    const index = (knownRoles as readonly string[]).indexOf(role);
    return index === -1 ? knownRoles.length : index;
  };
  return [...roles].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function UserFields({
  form,
  mode,
  disabled = false,
}: {
  form: UseFormReturnType<UserFormValues>;
  mode: 'create' | 'edit';
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const orgUnits = useQuery({ ...orgUnitsQuery, select: orgUnitTree });
  const roles = useQuery(rolesQuery);
  const roleNames = orderRoles(roles.data?.map((item) => item.role) ?? knownRoles);

  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput
          label={t('users.fields.email')}
          type="email"
          autoComplete="off"
          required={mode === 'create'}
          disabled={disabled || mode === 'edit'}
          data-autofocus={mode === 'create' ? true : undefined}
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <TextInput
          label={t('users.fields.name')}
          required
          disabled={disabled}
          data-autofocus={mode === 'edit' ? true : undefined}
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <Select
          label={t('users.fields.orgUnit')}
          placeholder={t('users.noOrgUnit')}
          data={orgUnitOptions(orgUnits.data ?? [])}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          disabled={disabled || orgUnits.isLoading}
          comboboxProps={{ withinPortal: true }}
          key={form.key('orgUnitId')}
          {...form.getInputProps('orgUnitId')}
        />
        <Select
          label={t('users.fields.locale')}
          description={t('users.localeHint')}
          data={[
            { value: 'ja', label: t('language.ja') },
            { value: 'en', label: t('language.en') },
          ]}
          allowDeselect={false}
          disabled={disabled}
          key={form.key('locale')}
          {...form.getInputProps('locale')}
        />
      </SimpleGrid>
      <Checkbox.Group
        label={t('users.fields.roles')}
        key={form.key('roles')}
        {...form.getInputProps('roles')}
      >
        <Group gap="md" mt={6}>
          {roleNames.map((role) => (
            <Checkbox key={role} value={role} label={roleLabel(t, role)} disabled={disabled} />
          ))}
        </Group>
      </Checkbox.Group>
      <Switch
        label={t('users.fields.active')}
        description={t('users.activeHint')}
        disabled={disabled}
        key={form.key('active')}
        {...form.getInputProps('active', { type: 'checkbox' })}
      />
      {mode === 'create' && (
        <PasswordField
          label={t('users.fields.initialPassword')}
          description={t('users.initialPasswordHint', { count: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
      )}
    </Stack>
  );
}

export function validateUser(t: TFunction) {
  return {
    email: (value: string) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : t('validation.email')),
    name: (value: string) => (value.trim() ? null : t('validation.required')),
    password: (value: string) =>
      value === '' || value.length >= MIN_PASSWORD_LENGTH
        ? null
        : t('validation.passwordMin', { count: MIN_PASSWORD_LENGTH }),
  };
}
