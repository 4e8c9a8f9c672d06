// テナント設定: name, time zone, currency, tax settings and the qualified-invoice
// registration number (T + 13 digits; the server also checks the check digit).
import {
  Button,
  Card,
  Group,
  Input,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { Tenant } from '../../../api/types';
import { applyFieldErrors } from '../../../components/form-errors';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState, LoadingState } from '../../../components/states';
import { meQuery } from '../../auth/session';

const tenantQueryKey = ['tenant'] as const;

type Rounding = Tenant['taxSettings']['rounding'];
const roundings: Rounding[] = ['floor', 'half_up', 'ceil'];

export const REGISTRATION_NUMBER = /^T\d{13}$/;

interface TenantFormValues {
  name: string;
  timeZone: string;
  taxSettings: { standardRate: number | string; reducedRate: number | string; rounding: Rounding };
  invoiceRegistrationNumber: string;
}

function formValuesOf(tenant: Tenant): TenantFormValues {
  return {
    name: tenant.name,
    timeZone: tenant.timeZone || 'Asia/Tokyo',
    taxSettings: { ...tenant.taxSettings },
    invoiceRegistrationNumber: tenant.invoiceRegistrationNumber ?? '',
  };
}

function timeZones(current: string): string[] {
  const zones =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Asia/Tokyo'];
  const all = new Set(['Asia/Tokyo', ...zones, current]);
  return [...all].filter(Boolean).sort();
}

function rateValidator(t: TFunction) {
  return (value: number | string) =>
    typeof value === 'number' && value >= 0 && value <= 100 ? null : t('validation.rate');
}

export function TenantSettingsPage() {
  const { t } = useTranslation();
  const tenant = useQuery({
    queryKey: tenantQueryKey,
    queryFn: () => unwrap(api.GET('/api/v1/tenant')),
  });

  return (
    <Stack gap="md" maw={820}>
      <PageHeader title={t('tenant.title')} />
      {tenant.isPending ? (
        <LoadingState />
      ) : tenant.isError ? (
        <ErrorState error={tenant.error} onRetry={() => void tenant.refetch()} />
      ) : (
        <TenantForm tenant={tenant.data} />
      )}
    </Stack>
  );
}

function TenantForm({ tenant }: { tenant: Tenant }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const zones = useMemo(() => timeZones(tenant.timeZone), [tenant.timeZone]);

  const form = useForm<TenantFormValues>({
    mode: 'uncontrolled',
    initialValues: formValuesOf(tenant),
    validate: {
      name: (value) => (value.trim() ? null : t('validation.required')),
      timeZone: (value) => (value ? null : t('validation.required')),
      taxSettings: {
        standardRate: rateValidator(t),
        reducedRate: rateValidator(t),
      },
      invoiceRegistrationNumber: (value) =>
        value.trim() === '' || REGISTRATION_NUMBER.test(value.trim())
          ? null
          : t('validation.registrationNumber'),
    },
  });

  // After a save or a reload after a conflict, the form shows the record as stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the record's version on purpose
  useEffect(() => {
    form.setInitialValues(formValuesOf(tenant));
    form.reset();
  }, [tenant.version]);

  const save = useMutation({
    mutationFn: (values: TenantFormValues) =>
      unwrap(
        api.PATCH('/api/v1/tenant', {
          body: {
            version: tenant.version,
            name: values.name.trim(),
            timeZone: values.timeZone,
            taxSettings: {
              standardRate: Number(values.taxSettings.standardRate),
              reducedRate: Number(values.taxSettings.reducedRate),
              rounding: values.taxSettings.rounding,
            },
            invoiceRegistrationNumber: values.invoiceRegistrationNumber.trim() || null,
          },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(tenantQueryKey, saved);
      notifySuccess(t);
      // The header shows the tenant's name from the session.
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await queryClient.invalidateQueries({ queryKey: tenantQueryKey });
        return;
      }
      if (
        !applyFieldErrors(form, error, {
          registration_number_invalid: 'invoiceRegistrationNumber',
          time_zone_invalid: 'timeZone',
        })
      ) {
        notifyError(t, error);
      }
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="md">
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('tenant.basics')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('tenant.fields.name')}
                required
                autoFocus
                key={form.key('name')}
                {...form.getInputProps('name')}
              />
              <TextInput label={t('tenant.fields.slug')} value={tenant.slug} readOnly variant="filled" />
              <Select
                label={t('tenant.fields.timeZone')}
                data={zones}
                searchable
                allowDeselect={false}
                nothingFoundMessage={t('common.nothingFound')}
                key={form.key('timeZone')}
                {...form.getInputProps('timeZone')}
              />
              <TextInput
                label={t('tenant.fields.currency')}
                description={t('tenant.currencyHint')}
                value={tenant.currency}
                readOnly
                variant="filled"
              />
            </SimpleGrid>
          </Stack>
        </Card>

        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('tenant.tax')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <NumberInput
                label={t('tenant.fields.standardRate')}
                min={0}
                max={100}
                allowDecimal={false}
                suffix=" %"
                key={form.key('taxSettings.standardRate')}
                {...form.getInputProps('taxSettings.standardRate')}
              />
              <NumberInput
                label={t('tenant.fields.reducedRate')}
                min={0}
                max={100}
                allowDecimal={false}
                suffix=" %"
                key={form.key('taxSettings.reducedRate')}
                {...form.getInputProps('taxSettings.reducedRate')}
              />
            </SimpleGrid>
            <Stack gap={4}>
              <Input.Label id="rounding-label">{t('tenant.fields.rounding')}</Input.Label>
              <SegmentedControl
                aria-labelledby="rounding-label"
                data={roundings.map((rounding) => ({
                  value: rounding,
                  label: t(`tenant.roundings.${rounding}`),
                }))}
                w="fit-content"
                key={form.key('taxSettings.rounding')}
                {...form.getInputProps('taxSettings.rounding')}
              />
              <Input.Description>{t('tenant.roundingHint')}</Input.Description>
            </Stack>
            <TextInput
              label={t('tenant.fields.invoiceRegistrationNumber')}
              description={t('tenant.registrationNumberHint')}
              placeholder="T1234567890123"
              maxLength={14}
              autoCapitalize="characters"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              maw={320}
              key={form.key('invoiceRegistrationNumber')}
              {...form.getInputProps('invoiceRegistrationNumber')}
            />
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
