// 調整行を追加: a line written by hand on a draft (a discount, a one-off charge, a refund of a
// month billed too much): text, service month, quantity, unit price (negative allowed) and
// one of the tenant's tax rates or 0%.
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { MonthInput } from '../../components/MonthInput';
import { formatYen } from '../../components/money';
import { notifyError, notifySuccess } from '../../components/notify';
import { invalidateBilling } from './billing-queries';
import type { Invoice } from './billing-types';

const MAX_DESCRIPTION = 200;

interface AdjustmentValues {
  description: string;
  serviceMonth: string;
  quantity: number | string;
  unitPrice: number | string;
  taxRate: string;
}

/** The rates offered: those the invoice already uses, the usual 10 % and 8 %, and 0 %. */
function rateOptions(invoice: Invoice): string[] {
  const rates = new Set<number>([10, 8, ...invoice.lines.map((line) => line.taxRate), 0]);
  return [...rates].sort((a, b) => b - a).map(String);
}

export function AdjustmentModal({
  invoice,
  opened,
  onClose,
}: {
  invoice: Invoice;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.adjustment.title')}>
      {opened && <AdjustmentForm invoice={invoice} onClose={onClose} />}
    </Modal>
  );
}

function AdjustmentForm({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<AdjustmentValues>({
    initialValues: {
      description: '',
      serviceMonth: invoice.billingMonth,
      quantity: 1,
      unitPrice: '',
      taxRate: String(invoice.lines[0]?.taxRate ?? 10),
    },
    validate: {
      description: (value) =>
        !value.trim()
          ? t('validation.required')
          : [...value.trim()].length > MAX_DESCRIPTION
            ? t('validation.maxLength', { count: MAX_DESCRIPTION })
            : null,
      serviceMonth: (value) => (value ? null : t('validation.required')),
      quantity: (value) =>
        typeof value === 'number' && Number.isInteger(value) && value >= 1
          ? null
          : t('billing.adjustment.quantityRule'),
      unitPrice: (value) =>
        typeof value === 'number' && Number.isInteger(value) && value !== 0
          ? null
          : t('billing.adjustment.unitPriceRule'),
    },
  });

  const add = useMutation({
    mutationFn: (values: AdjustmentValues) =>
      unwrap(
        api.POST('/api/v1/invoices/{id}/lines', {
          params: { path: { id: invoice.id } },
          body: {
            description: values.description.trim(),
            serviceMonth: values.serviceMonth,
            quantity: Number(values.quantity),
            unitPrice: Number(values.unitPrice),
            taxRate: Number(values.taxRate),
          },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t, t('billing.adjustment.added'));
      onClose();
      await invalidateBilling(queryClient);
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error, { tax_rate_invalid: 'taxRate' })) notifyError(t, error);
    },
  });

  const values = form.getValues();
  const amount =
    typeof values.quantity === 'number' && typeof values.unitPrice === 'number'
      ? values.quantity * values.unitPrice
      : null;

  return (
    <form onSubmit={form.onSubmit((submitted) => add.mutate(submitted))} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('billing.lines.description')}
          description={t('billing.adjustment.descriptionHint')}
          required
          maxLength={MAX_DESCRIPTION}
          data-autofocus
          {...form.getInputProps('description')}
        />
        <MonthInput
          label={t('billing.lines.serviceMonth')}
          value={values.serviceMonth}
          onChange={(month) => form.setFieldValue('serviceMonth', month ?? '')}
          error={form.errors.serviceMonth}
        />
        <Group grow align="flex-start">
          <NumberInput
            label={t('billing.lines.quantity')}
            required
            min={1}
            allowDecimal={false}
            allowNegative={false}
            thousandSeparator=","
            {...form.getInputProps('quantity')}
          />
          <NumberInput
            label={t('billing.lines.unitPrice')}
            description={t('billing.adjustment.unitPriceHint')}
            required
            allowDecimal={false}
            thousandSeparator=","
            prefix="¥"
            {...form.getInputProps('unitPrice')}
          />
        </Group>
        <Select
          label={t('billing.lines.taxRate')}
          data={rateOptions(invoice).map((rate) => ({
            value: rate,
            label: t('billing.lines.rate', { rate }),
          }))}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('taxRate')}
        />
        <Group justify="space-between">
          <span>{amount !== null && t('billing.adjustment.amount', { amount: formatYen(amount) })}</span>
          <Group gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending}>
              {t('billing.adjustment.submit')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
