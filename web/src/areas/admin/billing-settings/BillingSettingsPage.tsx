// 請求設定 (管理): the billing choices of docs/billing.md — first month, quantity basis, issue
// on run, tax-inclusive prices, due-date shift off weekends and holidays — and the bank
// account printed on invoices. Saved with the version read (409 when someone saved first).
import { Button, Card, Group, Radio, Select, Stack, Switch, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import { applyFieldErrors } from '../../../components/form-errors';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/states';
import { billingSettingsQuery } from '../../billing/billing-queries';
import type { BillingSettings } from '../../billing/billing-types';
import { BankAccountFields } from './BankAccountFields';
import { ACCOUNT_NUMBER, type BillingSettingsValues, formValuesOf, requestOf } from './billing-settings-form';

export function BillingSettingsPage() {
  const { t } = useTranslation();
  const settings = useQuery(billingSettingsQuery);
  return (
    <Stack gap="md" maw={820}>
      <PageHeader title={t('billingSettings.title')} />
      {settings.isPending ? (
        <LoadingState />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <BillingSettingsForm settings={settings.data} />
      )}
    </Stack>
  );
}

function BillingSettingsForm({ settings }: { settings: BillingSettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const required = (value: string, values: BillingSettingsValues) =>
    values.printBankAccount && !value.trim() ? t('validation.required') : null;
  const form = useForm<BillingSettingsValues>({
    initialValues: formValuesOf(settings),
    validate: {
      bankAccount: {
        bankName: required,
        branchName: required,
        accountHolder: required,
        accountNumber: (value, values) =>
          values.printBankAccount && !ACCOUNT_NUMBER.test(value.normalize('NFKC').trim())
            ? t('billingSettings.bank.accountNumberRule')
            : null,
      },
    },
  });

  // After a save or a reload after a conflict, the form shows the settings as stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the version on purpose
  useEffect(() => {
    form.setInitialValues(formValuesOf(settings));
    form.reset();
  }, [settings.version]);

  const save = useMutation({
    mutationFn: (values: BillingSettingsValues) =>
      unwrap(api.PATCH('/api/v1/billing-settings', { body: requestOf(values, settings.version) })),
    onSuccess: (saved) => {
      queryClient.setQueryData(billingSettingsQuery.queryKey, saved);
      notifySuccess(t);
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await queryClient.invalidateQueries({ queryKey: billingSettingsQuery.queryKey });
      } else if (!applyFieldErrors(form, error)) notifyError(t, error);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Title order={3} size="h5">
              {t('billingSettings.charges')}
            </Title>
            <Radio.Group
              label={t('billingSettings.firstMonth')}
              key={form.key('firstMonth')}
              {...form.getInputProps('firstMonth')}
            >
              <Stack gap={6} mt={6}>
                <Radio value="full" label={t('billingSettings.firstMonths.full')} />
                <Radio value="free" label={t('billingSettings.firstMonths.free')} />
              </Stack>
            </Radio.Group>
            <Radio.Group
              label={t('billingSettings.quantityBasis')}
              key={form.key('quantityBasis')}
              {...form.getInputProps('quantityBasis')}
            >
              <Stack gap={6} mt={6}>
                <Radio value="month_end" label={t('billingSettings.quantityBases.month_end')} />
                <Radio value="max_in_month" label={t('billingSettings.quantityBases.max_in_month')} />
              </Stack>
            </Radio.Group>
            <Switch
              label={t('billingSettings.pricesIncludeTax')}
              description={t('billingSettings.pricesIncludeTaxHint')}
              key={form.key('pricesIncludeTax')}
              {...form.getInputProps('pricesIncludeTax', { type: 'checkbox' })}
            />
          </Stack>
        </Card>

        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Title order={3} size="h5">
              {t('billingSettings.invoices')}
            </Title>
            <Switch
              label={t('billingSettings.autoIssue')}
              description={t('billingSettings.autoIssueHint')}
              key={form.key('autoIssue')}
              {...form.getInputProps('autoIssue', { type: 'checkbox' })}
            />
            <Select
              label={t('billingSettings.dueDateShift')}
              description={t('billingSettings.dueDateShiftHint')}
              data={(['next_business_day', 'previous_business_day', 'none'] as const).map((value) => ({
                value,
                label: t(`billingSettings.dueDateShifts.${value}`),
              }))}
              allowDeselect={false}
              maw={360}
              key={form.key('dueDateShift')}
              {...form.getInputProps('dueDateShift')}
            />
            <BankAccountFields form={form} />
          </Stack>
        </Card>

        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
