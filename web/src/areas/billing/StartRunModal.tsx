// 請求を実行する: the billing month (the month just ended by default) and プレビュー (a dry
// run that reports what would be billed and writes nothing). A month that has not ended is
// refused by the server with its own message, shown here.
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { todayInTenant } from '../../components/date-time';
import { MonthInput } from '../../components/MonthInput';
import { errorMessage, notifySuccess } from '../../components/notify';
import { monthLabel } from './billing-labels';
import { previousMonth } from './billing-month';
import { invalidateBilling } from './billing-queries';
import type { BillingRun } from './billing-types';

export function StartRunModal({
  opened,
  onClose,
  onStarted,
}: {
  opened: boolean;
  onClose: () => void;
  onStarted: (run: BillingRun) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [month, setMonth] = useState<string | undefined>();
  const [dryRun, setDryRun] = useState(false);

  const start = useMutation({
    mutationFn: (body: { billingMonth: string; dryRun: boolean }) =>
      unwrap(api.POST('/api/v1/billing-runs', { body })),
    onSuccess: async (run) => {
      notifySuccess(t, run.dryRun ? t('billing.runs.previewStarted') : t('billing.runs.started'));
      await invalidateBilling(queryClient);
      onClose();
      onStarted(run);
    },
  });
  const { reset } = start;

  useEffect(() => {
    if (!opened) return;
    setMonth(previousMonth(todayInTenant()));
    setDryRun(false);
    reset();
  }, [opened, reset]);

  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.runs.start')}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (month) start.mutate({ billingMonth: month, dryRun });
        }}
      >
        <Stack gap="md">
          <Text size="sm">{t('billing.runs.intro')}</Text>
          <MonthInput
            label={t('billing.fields.month')}
            value={month}
            onChange={(value) => {
              setMonth(value);
              start.reset();
            }}
            data-autofocus
          />
          <Checkbox
            label={t('billing.runs.dryRun')}
            description={t('billing.runs.dryRunHint')}
            checked={dryRun}
            onChange={(event) => {
              setDryRun(event.currentTarget.checked);
              start.reset();
            }}
          />
          {start.isError && (
            <Alert color="red" icon={<IconAlertCircle size={18} />} role="alert">
              {errorMessage(t, start.error)}
            </Alert>
          )}
          {month && (
            <Text size="sm" fw={500}>
              {dryRun
                ? t('billing.runs.previewQuestion', { month: monthLabel(month) })
                : t('billing.runs.question', { month: monthLabel(month) })}
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={start.isPending} disabled={!month}>
              {t('billing.runs.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
