// 解約注文 (seed 000): 「(商品名)を解約しますか?」 [はい] -> 「リクエストの受付が完了しました」.
// Staff may back-date the order date of a termination received on paper.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { todayInTenant } from '../../components/date-time';
import { notifyError } from '../../components/notify';
import { randomKey } from '../orders/cart';
import { isPlainDate } from '../orders/charge-dates';
import { invalidateOrdering } from '../orders/ordering-queries';
import type { LineItem, PlacedOrder } from '../orders/ordering-types';

export function TerminateModal({
  lineItem,
  staff,
  opened,
  onClose,
  onPlaced,
}: {
  lineItem: LineItem;
  staff: boolean;
  opened: boolean;
  onClose: () => void;
  onPlaced: (order: PlacedOrder) => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('lineItems.terminate.title')} size="md" centered>
      {opened && <TerminateForm lineItem={lineItem} staff={staff} onClose={onClose} onPlaced={onPlaced} />}
    </Modal>
  );
}

function TerminateForm({
  lineItem,
  staff,
  onClose,
  onPlaced,
}: {
  lineItem: LineItem;
  staff: boolean;
  onClose: () => void;
  onPlaced: (order: PlacedOrder) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(randomKey);
  const today = todayInTenant();
  const [orderedOn, setOrderedOn] = useState(today);
  const dateError = !staff
    ? null
    : !isPlainDate(orderedOn)
      ? t('orders.validation.date')
      : orderedOn > today
        ? t('orders.validation.orderedOnFuture')
        : null;

  const terminate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/orders', {
          body: {
            kind: 'terminate',
            lineItemId: lineItem.id,
            orderedOn: staff && orderedOn !== today ? orderedOn : undefined,
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async (order) => {
      onClose();
      onPlaced(order);
      await invalidateOrdering(queryClient);
    },
    onError: (error) => notifyError(t, error),
  });

  return (
    <Stack gap="md">
      <Text>{t('lineItems.terminate.confirm', { name: lineItem.productName })}</Text>
      {staff && (
        <TextInput
          type="date"
          label={t('orders.fields.orderedOn')}
          description={t('orders.new.orderedOnHint')}
          value={orderedOn}
          max={today}
          onChange={(event) => setOrderedOn(event.currentTarget.value)}
          error={dateError}
          w={220}
        />
      )}
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onClose} disabled={terminate.isPending}>
          {t('common.no')}
        </Button>
        <Button
          color="red"
          onClick={() => terminate.mutate()}
          loading={terminate.isPending}
          disabled={!!dateError}
          data-autofocus
        >
          {t('common.yes')}
        </Button>
      </Group>
    </Stack>
  );
}
