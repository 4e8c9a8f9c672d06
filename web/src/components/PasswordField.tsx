// Mantine's PasswordInput with a visibility toggle labelled in the UI language.
import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import type { ComponentPropsWithRef } from 'react';
import { useTranslation } from 'react-i18next';

export function PasswordField(
  props: PasswordInputProps & Omit<ComponentPropsWithRef<'input'>, keyof PasswordInputProps>,
) {
  const { t } = useTranslation();
  return (
    <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.togglePassword') }} {...props} />
  );
}
