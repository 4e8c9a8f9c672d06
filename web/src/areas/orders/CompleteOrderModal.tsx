// 注文完了 (seed 000 「注文を完了させる」, seed 001 確定 / 部分確定): the completion date,
// for a new order the charge start date (課金開始日: by default the completion date plus the
// product's free period, shown here before confirming; staff may enter another) and, for a
// carrier product, the serial number (シリアルNO) matching the product's pattern. The whole
// order's open items at once, or one item (部分確定). [確定する] -> 「更新に成功しました」.
// An add, reduce or terminate completed on a date in a month already billed is warned of
// before 確定 (billing.md rule 7: billed months are not recomputed).
import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap } from '../../api/client';
import { formatDate, todayInTenant } from '../../components/date-time';
import { notifyError, notifySuccess } from '../../components/notify';
import { monthLabel } from '../billing/billing-labels';
import { addMonths } from '../billing/billing-month';
import { addFreePeriod, isPlainDate } from './charge-dates';
import { invalidateOrdering, lineItemQuery } from './ordering-queries';
import type { LineItem, Order, OrderItem } from './ordering-types';
import { freePeriodText } from './product-terms';

interface CompleteValues {
  completedOn: string;
  /** '' = the default of each item. */
  chargeStartDate: string;
  serialNumbers: Record<string, string>;
}

export function CompleteOrderModal({
  order,
  item,
  opened,
  onClose,
}: {
  order: Order;
  /** One item (部分確定); the whole order's open items when absent. */
  item?: OrderItem;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={item ? t('orders.complete.itemTitle', { name: item.productName }) : t('orders.complete.title')}
      size="lg"
    >
      {opened && <CompleteForm order={order} item={item} onClose={onClose} />}
    </Modal>
  );
}

function CompleteForm({ order, item, onClose }: { order: Order; item?: OrderItem; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const items = item ? [item] : order.items.filter((candidate) => candidate.status === 'processing');
  const isNew = order.kind === 'new';
  const terms = useQueries({
    queries: items.map((candidate) => lineItemQuery(candidate.lineItemId)),
  });
  const snapshots = new Map<string, LineItem['priceSnapshot']>();
  terms.forEach((query, index) => {
    const candidate = items[index];
    if (query.data && candidate) snapshots.set(candidate.id, query.data.priceSnapshot);
  });
  const carrierItems = isNew
    ? items.filter((candidate) => snapshots.get(candidate.id)?.fulfilment === 'carrier')
    : [];

  const today = todayInTenant();
  const form = useForm<CompleteValues>({
    mode: 'controlled',
    initialValues: {
      completedOn: laterDate(order.orderedOn, today),
      chargeStartDate: '',
      serialNumbers: {},
    },
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (!isPlainDate(values.completedOn)) errors.completedOn = t('orders.validation.date');
      else if (values.completedOn < order.orderedOn) {
        errors.completedOn = t('orders.complete.beforeOrderedOn', { date: formatDate(order.orderedOn) });
      }
      if (values.chargeStartDate && !isPlainDate(values.chargeStartDate)) {
        errors.chargeStartDate = t('orders.validation.date');
      }
      for (const candidate of carrierItems) {
        const serial = (values.serialNumbers[candidate.id] ?? '').trim();
        const pattern = snapshots.get(candidate.id)?.serialNumberPattern ?? null;
        if (!serial) errors[`serialNumbers.${candidate.id}`] = t('orders.complete.serialRequired');
        else if (pattern && !matches(pattern, serial)) {
          errors[`serialNumbers.${candidate.id}`] = t('orders.complete.serialPattern', { pattern });
        }
      }
      return errors;
    },
  });

  // Billed months the completion date reaches back into (none for a new order's line item).
  const completedOn = form.values.completedOn;
  const billed = useQuery({
    queryKey: ['orders', 'billed-months', order.id, completedOn],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/orders/{id}/billed-months', {
          params: { path: { id: order.id }, query: { completedOn } },
        }),
      ),
    enabled: !isNew && isPlainDate(completedOn) && completedOn >= order.orderedOn,
  });
  const completing = new Set(items.map((candidate) => candidate.id));
  const reached = (billed.data?.items ?? []).flatMap((entry) =>
    completing.has(entry.orderItemId) && entry.affected ? [entry.affected] : [],
  );
  const reachedFrom = reached.map((range) => range.from).sort()[0];
  const reachedTo = reached
    .map((range) => range.to)
    .sort()
    .at(-1);

  const defaultChargeStart = (candidateId: string, completedOn: string) => {
    const snapshot = snapshots.get(candidateId);
    return snapshot ? addFreePeriod(completedOn, snapshot.freePeriod) : undefined;
  };
  const defaults = items.map((candidate) => defaultChargeStart(candidate.id, form.values.completedOn));
  const commonDefault = defaults.every((value) => value && value === defaults[0]) ? defaults[0] : undefined;

  const complete = useMutation({
    mutationFn: (values: CompleteValues) => {
      const chargeStartDate = isNew && values.chargeStartDate ? values.chargeStartDate : undefined;
      const serial = (id: string) => values.serialNumbers[id]?.trim() || undefined;
      if (item) {
        return unwrap(
          api.POST('/api/v1/orders/{id}/items/{itemId}/complete', {
            params: { path: { id: order.id, itemId: item.id } },
            body: {
              completedOn: values.completedOn,
              chargeStartDate,
              serialNumber: isNew ? serial(item.id) : undefined,
            },
          }),
        );
      }
      const serialNumbers = Object.fromEntries(
        carrierItems.flatMap((candidate) => {
          const value = serial(candidate.id);
          return value ? [[candidate.id, value]] : [];
        }),
      );
      return unwrap(
        api.POST('/api/v1/orders/{id}/complete', {
          params: { path: { id: order.id } },
          body: {
            completedOn: values.completedOn,
            chargeStartDate,
            serialNumbers: Object.keys(serialNumbers).length ? serialNumbers : undefined,
          },
        }),
      );
    },
    onSuccess: async () => {
      notifySuccess(t, t('orders.complete.done'));
      onClose();
      await invalidateOrdering(queryClient);
    },
    onError: (error) => {
      if (error instanceof ApiError && error.errors.length > 0) {
        const fieldErrors: Record<string, string> = {};
        for (const problem of error.errors) {
          const path = problem.path.replace(/^\/?(body\/)?/, '');
          if (path === 'completedOn' || path === 'chargeStartDate') fieldErrors[path] = problem.message;
          else if (path === 'serialNumber' && item) fieldErrors[`serialNumbers.${item.id}`] = problem.message;
          else if (path.startsWith('serialNumbers/')) {
            fieldErrors[`serialNumbers.${path.slice('serialNumbers/'.length)}`] = problem.message;
          }
        }
        if (Object.keys(fieldErrors).length > 0) {
          form.setErrors(fieldErrors);
          return;
        }
      }
      notifyError(t, error);
    },
  });

  const loadingTerms = terms.some((query) => query.isPending);
  const termsError = terms.find((query) => query.isError)?.error;

  return (
    <form onSubmit={form.onSubmit((values) => complete.mutate(values))} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {order.kind === 'terminate' ? t('orders.complete.introTerminate') : t('orders.complete.intro')}
        </Text>
        <TextInput
          type="date"
          label={t('orders.fields.completionDate')}
          description={t('orders.complete.completedOnHint', { date: formatDate(order.orderedOn) })}
          required
          min={order.orderedOn}
          data-autofocus
          {...form.getInputProps('completedOn')}
        />
        {reachedFrom && reachedTo ? (
          <Alert color="yellow" title={t('orders.complete.billedTitle')} data-testid="billed-months-warning">
            {t('orders.complete.billedBody', {
              months:
                reachedFrom === reachedTo
                  ? monthLabel(reachedFrom)
                  : t('orders.complete.billedRange', {
                      from: monthLabel(reachedFrom),
                      to: monthLabel(reachedTo),
                    }),
              next: monthLabel(addMonths(reachedTo, 1)),
            })}
          </Alert>
        ) : null}
        {termsError ? <Alert color="red">{t('orders.complete.termsUnavailable')}</Alert> : null}
        {isNew && (
          <Stack gap="xs">
            <Table verticalSpacing={4} fz="sm" data-testid="charge-start-defaults">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.fields.product')}</Table.Th>
                  <Table.Th>{t('orders.fields.freePeriod')}</Table.Th>
                  <Table.Th>{t('orders.complete.defaultChargeStart')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((candidate, index) => {
                  const snapshot = snapshots.get(candidate.id);
                  return (
                    <Table.Tr key={candidate.id}>
                      <Table.Td>{candidate.productName}</Table.Td>
                      <Table.Td>
                        {snapshot ? freePeriodText(t, snapshot.freePeriod) : loadingTerms ? '…' : '—'}
                      </Table.Td>
                      <Table.Td>{formatDate(defaults[index])}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            <TextInput
              type="date"
              label={t('orders.fields.chargeStartDate')}
              description={
                items.length > 1
                  ? t('orders.complete.chargeStartHintMany')
                  : t('orders.complete.chargeStartHint')
              }
              value={form.values.chargeStartDate || commonDefault || ''}
              onChange={(event) => form.setFieldValue('chargeStartDate', event.currentTarget.value)}
              error={form.errors.chargeStartDate}
              rightSectionWidth={form.values.chargeStartDate ? 90 : undefined}
              rightSection={
                form.values.chargeStartDate ? (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => form.setFieldValue('chargeStartDate', '')}
                  >
                    {t('orders.complete.useDefault')}
                  </Button>
                ) : null
              }
              data-testid="charge-start-date"
            />
          </Stack>
        )}
        {carrierItems.map((candidate) => {
          const pattern = snapshots.get(candidate.id)?.serialNumberPattern;
          return (
            <TextInput
              key={candidate.id}
              label={
                carrierItems.length > 1 || !item
                  ? t('orders.complete.serialFor', { name: candidate.productName })
                  : t('orders.fields.serialNumber')
              }
              description={pattern ? t('orders.complete.serialPatternHint', { pattern }) : undefined}
              required
              autoComplete="off"
              {...form.getInputProps(`serialNumbers.${candidate.id}`)}
              value={form.values.serialNumbers[candidate.id] ?? ''}
            />
          );
        })}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.close')}
          </Button>
          <Button type="submit" loading={complete.isPending} disabled={loadingTerms}>
            {t('orders.complete.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

/** The later of two `YYYY-MM-DD` dates (they compare as strings). */
function laterDate(a: string, b: string): string {
  return [a, b].sort()[1] ?? b;
}
