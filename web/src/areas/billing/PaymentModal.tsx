// 入金を登録: a payment received on an issued invoice: date, amount (the open amount by
// default), method and a reference (振込名義, 取引番号 ...). More than the open amount is refused.
import { Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { todayInTenant } from '../../components/date-time';
import { applyFieldErrors } from '../../components/form-errors';
import { formatYen } from '../../components/money';
import { notifyError, notifySuccess } from '../../components/notify';
import { invalidateBilling } from './billing-queries';
import { type Invoice, type PaymentMethod, paymentMethods } from './billing-types';

interface PaymentValues {
  receivedOn: string;
  amount: number | string;
  method: PaymentMethod;
  reference: string;
}

export function PaymentModal({
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
    <Modal opened={opened} onClose={onClose} title={t('billing.payments.record')}>
      {opened && <PaymentForm invoice={invoice} onClose={onClose} />}
    </Modal>
  );
}

function PaymentForm({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<PaymentValues>({
    initialValues: {
      receivedOn: todayInTenant(),
      amount: invoice.openAmount,
      method: 'bank_transfer',
      reference: '',
    },
    validate: {
      receivedOn: (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? null : t('validation.date')),
      amount: (value) =>
        typeof value !== 'number' || !Number.isInteger(value) || value < 1
          ? t('billing.payments.amountRule')
          : value > invoice.openAmount
            ? t('billing.payments.amountTooLarge', { open: formatYen(invoice.openAmount) })
            : null,
      reference: (value) =>
        [...value.trim()].length > 200 ? t('validation.maxLength', { count: 200 }) : null,
    },
  });

  const record = useMutation({
    mutationFn: (values: PaymentValues) =>
      unwrap(
        api.POST('/api/v1/invoices/{id}/payments', {
          params: { path: { id: invoice.id } },
          body: {
            receivedOn: values.receivedOn,
            amount: Number(values.amount),
            method: values.method,
            reference: values.reference.trim() || null,
          },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t, t('billing.payments.recorded'));
      onClose();
      await invalidateBilling(queryClient);
    },
    onError: async (error) => {
      if (!applyFieldErrors(form, error, { payment_exceeds_open_amount: 'amount' })) notifyError(t, error);
      // Someone else may have recorded a payment meanwhile: show the open amount as it is now.
      await invalidateBilling(queryClient);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => record.mutate(values))} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {t('billing.payments.openAmount')}: <strong>{formatYen(invoice.openAmount)}</strong>
        </Text>
        <TextInput
          type="date"
          label={t('billing.payments.receivedOn')}
          required
          data-autofocus
          {...form.getInputProps('receivedOn')}
        />
        <NumberInput
          label={t('billing.payments.amount')}
          required
          min={1}
          max={invoice.openAmount}
          // Too much is refused with a message (validate), never quietly cut to the open amount.
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          thousandSeparator=","
          prefix="¥"
          {...form.getInputProps('amount')}
        />
        <Select
          label={t('billing.payments.method')}
          data={paymentMethods.map((method) => ({
            value: method,
            label: t(`billing.paymentMethods.${method}`),
          }))}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('method')}
        />
        <TextInput
          label={t('billing.payments.reference')}
          description={t('billing.payments.referenceHint')}
          maxLength={200}
          {...form.getInputProps('reference')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {t('billing.payments.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
