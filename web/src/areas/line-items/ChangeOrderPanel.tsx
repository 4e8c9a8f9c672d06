// 追加注文 / 削減注文 on a line item (seed 000): the quantity to add or remove (a reduce
// keeps at least 1), for staff the order date, then [上記の内容で注文します] and
// [注文を確定する] -> 「リクエストの受付が完了しました」.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { todayInTenant } from '../../components/date-time';
import { applyFieldErrors } from '../../components/form-errors';
import { notifyError } from '../../components/notify';
import { MAX_QUANTITY, randomKey } from '../orders/cart';
import { isPlainDate } from '../orders/charge-dates';
import { invalidateOrdering } from '../orders/ordering-queries';
import type { LineItem, PlacedOrder } from '../orders/ordering-types';

interface ChangeValues {
  quantity: number | string;
  orderedOn: string;
  agreed: boolean;
}

export function ChangeOrderPanel({
  lineItem,
  kind,
  staff,
  onPlaced,
  onClose,
}: {
  lineItem: LineItem;
  kind: 'add' | 'reduce';
  staff: boolean;
  onPlaced: (order: PlacedOrder) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [idempotencyKey] = useState(randomKey);
  const today = todayInTenant();
  const max = kind === 'reduce' ? lineItem.quantity - 1 : MAX_QUANTITY - lineItem.quantity;

  const form = useForm<ChangeValues>({
    mode: 'controlled',
    initialValues: { quantity: 1, orderedOn: today, agreed: false },
    validate: {
      quantity: (value) => {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
          return t('lineItems.change.quantityInvalid');
        }
        if (value > max) {
          return kind === 'reduce'
            ? t('lineItems.change.reduceTooMany', { current: lineItem.quantity, max })
            : t('lineItems.change.addTooMany', { max: max.toLocaleString('ja-JP') });
        }
        return null;
      },
      orderedOn: (value) =>
        !staff
          ? null
          : !isPlainDate(value)
            ? t('orders.validation.date')
            : value > today
              ? t('orders.validation.orderedOnFuture')
              : null,
    },
  });

  const place = useMutation({
    mutationFn: (values: ChangeValues) =>
      unwrap(
        api.POST('/api/v1/orders', {
          body: {
            kind,
            lineItemId: lineItem.id,
            quantity: Number(values.quantity),
            orderedOn: staff && values.orderedOn !== today ? values.orderedOn : undefined,
          },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      ),
    onSuccess: async (order) => {
      onPlaced(order);
      await invalidateOrdering(queryClient);
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) notifyError(t, error);
    },
  });

  const quantity = typeof form.values.quantity === 'number' ? form.values.quantity : 0;
  const after = kind === 'add' ? lineItem.quantity + quantity : lineItem.quantity - quantity;

  return (
    <Card withBorder radius="md" padding="lg" data-testid="change-order">
      <form onSubmit={form.onSubmit((values) => place.mutate(values))} noValidate>
        <Stack gap="md">
          <Title order={3} size="h4">
            {kind === 'add' ? t('lineItems.change.addTitle') : t('lineItems.change.reduceTitle')}
          </Title>
          <Text size="sm">
            {t('lineItems.change.current', {
              name: lineItem.productName,
              quantity: lineItem.quantity.toLocaleString('ja-JP'),
            })}
          </Text>
          <Group align="flex-start" gap="md" wrap="wrap">
            <NumberInput
              label={
                kind === 'add' ? t('lineItems.change.addQuantity') : t('lineItems.change.reduceQuantity')
              }
              description={kind === 'reduce' ? t('lineItems.change.keepOne', { max }) : undefined}
              min={1}
              max={Math.max(max, 1)}
              clampBehavior="none"
              allowDecimal={false}
              allowNegative={false}
              thousandSeparator=","
              required
              data-autofocus
              autoFocus
              w={220}
              {...form.getInputProps('quantity')}
            />
            {staff && (
              <TextInput
                type="date"
                label={t('orders.fields.orderedOn')}
                description={t('orders.new.orderedOnHint')}
                max={today}
                w={220}
                {...form.getInputProps('orderedOn')}
              />
            )}
          </Group>
          <Alert color="blue" variant="light" data-testid="change-order-after">
            {quantity > 0 && quantity <= max
              ? t('lineItems.change.after', {
                  before: lineItem.quantity.toLocaleString('ja-JP'),
                  after: after.toLocaleString('ja-JP'),
                })
              : t('lineItems.change.after', {
                  before: lineItem.quantity.toLocaleString('ja-JP'),
                  after: '—',
                })}
          </Alert>
          <Checkbox label={t('orders.new.agree')} {...form.getInputProps('agreed', { type: 'checkbox' })} />
          <Group justify="space-between" gap="sm">
            <Button variant="default" onClick={onClose} disabled={place.isPending}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" disabled={!form.values.agreed} loading={place.isPending}>
              {t('orders.new.placeOrder')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
