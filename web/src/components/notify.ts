// One way to tell the person how an action went: the server's localised problem detail,
// unless the UI has its own wording for that error code.
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { ApiError } from '../api/client';

export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    return t(`errors.${error.code}` as 'errors.network', {
      defaultValue: error.detail || t('errors.unexpected'),
    });
  }
  return t('errors.unexpected');
}

export function notifyError(t: TFunction, error: unknown): void {
  notifications.show({ color: 'red', title: t('common.errorTitle'), message: errorMessage(t, error) });
}

export function notifySuccess(t: TFunction, message?: string): void {
  notifications.show({ color: 'teal', message: message ?? t('common.success') });
}

export function notifyWarning(t: TFunction, message: string): void {
  notifications.show({ color: 'orange', title: t('common.warningTitle'), message, autoClose: 15_000 });
}

/** A stale `version` (409): someone else saved first; the caller reloads the record. */
export function notifyConflict(t: TFunction): void {
  notifications.show({
    color: 'orange',
    title: t('common.conflictTitle'),
    message: t('common.conflict'),
    autoClose: 10_000,
  });
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code !== 'idempotency_key_in_progress';
}
