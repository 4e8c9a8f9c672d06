// 一括発行: every draft invoice (with lines) of a billing month is issued at once.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { todayInTenant } from '../../components/date-time';
import { MonthInput } from '../../components/MonthInput';
import { notifyError, notifySuccess } from '../../components/notify';
import { monthLabel } from './billing-labels';
import { previousMonth } from './billing-month';
import { invalidateBilling } from './billing-queries';

export function IssueMonthModal({
  opened,
  onClose,
  initialMonth,
}: {
  opened: boolean;
  onClose: () => void;
  initialMonth?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState<string | undefined>();

  useEffect(() => {
    if (opened) setMonth(initialMonth ?? previousMonth(todayInTenant()));
  }, [opened, initialMonth]);

  const issue = useMutation({
    mutationFn: (billingMonth: string) =>
      unwrap(api.POST('/api/v1/invoices/issue', { body: { billingMonth } })),
    onSuccess: async ({ issued }) => {
      notifySuccess(t, t('billing.issue.monthDone', { count: issued }));
      onClose();
      await invalidateBilling(queryClient);
    },
    onError: (error) => notifyError(t, error),
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.issue.monthTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('billing.issue.monthIntro')}</Text>
        <MonthInput label={t('billing.fields.month')} value={month} onChange={setMonth} data-autofocus />
        {month && (
          <Text size="sm" fw={500}>
            {t('billing.issue.monthQuestion', { month: monthLabel(month) })}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button onClick={() => month && issue.mutate(month)} disabled={!month} loading={issue.isPending}>
            {t('billing.issue.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
