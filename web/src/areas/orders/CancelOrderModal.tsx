// キャンセル of a processing order, or of one of its items, with the reason (キャンセル理由).
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { notifyError, notifySuccess } from '../../components/notify';
import { invalidateOrdering } from './ordering-queries';
import type { Order, OrderItem } from './ordering-types';

const MAX_REASON_LENGTH = 500;

export function CancelOrderModal({
  order,
  item,
  opened,
  onClose,
}: {
  order: Order;
  item?: OrderItem;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={item ? t('orders.cancel.itemTitle') : t('orders.cancel.title')}
      size="md"
    >
      {opened && <CancelForm order={order} item={item} onClose={onClose} />}
    </Modal>
  );
}

function CancelForm({ order, item, onClose }: { order: Order; item?: OrderItem; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { reason: '' },
    validate: {
      reason: (value: string) =>
        !value.trim()
          ? t('validation.required')
          : [...value.trim()].length > MAX_REASON_LENGTH
            ? t('orders.validation.maxLength', { count: MAX_REASON_LENGTH })
            : null,
    },
  });

  const cancel = useMutation({
    mutationFn: ({ reason }: { reason: string }) =>
      item
        ? unwrap(
            api.POST('/api/v1/orders/{id}/items/{itemId}/cancel', {
              params: { path: { id: order.id, itemId: item.id } },
              body: { reason: reason.trim() },
            }),
          )
        : unwrap(
            api.POST('/api/v1/orders/{id}/cancel', {
              params: { path: { id: order.id } },
              body: { reason: reason.trim() },
            }),
          ),
    onSuccess: async () => {
      notifySuccess(t, t('orders.cancel.done'));
      onClose();
      await invalidateOrdering(queryClient);
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) notifyError(t, error);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => cancel.mutate(values))} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {item
            ? t('orders.cancel.itemConfirm', { name: item.productName, number: order.number })
            : t('orders.cancel.confirm', { number: order.number })}
        </Text>
        <Textarea
          label={t('orders.fields.cancelReason')}
          required
          autosize
          minRows={2}
          maxRows={6}
          maxLength={MAX_REASON_LENGTH}
          data-autofocus
          key={form.key('reason')}
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button type="submit" color="red" loading={cancel.isPending}>
            {t('orders.cancel.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
