// 新規注文: 注文内容確認. What will be ordered (customer, products, quantities, fees, the
// other information, 契約名), for staff the 注文日 (back-dated for an order taken on paper),
// then [上記の内容で注文します] and [注文を確定する].
import { Alert, Button, Card, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, unwrap } from '../../api/client';
import { formatAttributeValue, localLabel } from '../../components/attribute-labels';
import { attributeRequestValues, byPosition } from '../../components/attribute-values';
import { DetailList } from '../../components/DetailList';
import { formatDate, todayInTenant } from '../../components/date-time';
import { formatYen } from '../../components/money';
import { errorMessage, notifySuccess } from '../../components/notify';
import { type CartItem, initialAmount, monthlyAmount, randomKey, type UseCart } from './cart';
import { isPlainDate } from './charge-dates';
import { invalidateOrdering } from './ordering-queries';
import type { NewOrderInput, OrderableProduct } from './ordering-types';
import { usePhone } from './use-phone';

export function ConfirmStep({
  customerId,
  customerName,
  portal,
  products,
  cart,
  onBack,
  onPlaced,
}: {
  customerId: string;
  customerName: string | undefined;
  portal: boolean;
  products: OrderableProduct[];
  cart: UseCart;
  onBack: () => void;
  onPlaced: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const phone = usePhone();
  const queryClient = useQueryClient();
  const byId = useMemo(() => new Map(products.map((product) => [product.id, product])), [products]);
  const [agreed, setAgreed] = useState(false);
  // One key per visit of this step: a double click or a retry after a lost answer places one order.
  const [idempotencyKey] = useState(randomKey);
  const today = todayInTenant();
  const orderedOn = cart.cart.orderedOn || today;
  const orderedOnError = !isPlainDate(orderedOn)
    ? t('orders.validation.date')
    : orderedOn > today
      ? t('orders.validation.orderedOnFuture')
      : null;

  const lines = cart.cart.items.flatMap((item) => {
    const product = byId.get(item.productId);
    return product ? [{ item, product }] : [];
  });
  const missing = lines.length !== cart.cart.items.length;
  const initialTotal = lines.reduce(
    (sum, { item, product }) => sum + (initialAmount(product, item.quantity) ?? 0),
    0,
  );
  const monthlyTotal = lines.reduce(
    (sum, { item, product }) => sum + (monthlyAmount(product, item.quantity) ?? 0),
    0,
  );

  const place = useMutation({
    mutationFn: () => {
      const body: NewOrderInput = {
        kind: 'new',
        customerId,
        contractName: cart.cart.contractName.trim() || undefined,
        items: lines.map(({ item, product }) => ({
          productId: product.id,
          quantity: item.quantity,
          attributes: attributeRequestValues(product.attributeDefinitions, item.attributes),
        })),
        orderedOn: !portal && orderedOn !== today ? orderedOn : undefined,
      };
      return unwrap(api.POST('/api/v1/orders', { body, headers: { 'Idempotency-Key': idempotencyKey } }));
    },
    onSuccess: async (order) => {
      notifySuccess(t, t('orders.new.placed'));
      cart.clear();
      onPlaced(order.id);
      await invalidateOrdering(queryClient);
    },
  });

  /** `/items/0/attributes/color` names the product of the first line. */
  function problemSubject(path: string): string {
    const match = /^\/?(?:body\/)?items\/(\d+)(?:\/attributes\/(\w+))?/.exec(path);
    const line = match ? lines[Number(match[1])] : undefined;
    if (!line) return '';
    const definition = line.product.attributeDefinitions.find((item) => item.key === match?.[2]);
    return `${line.product.name}${definition ? ` / ${localLabel(definition)}` : ''}: `;
  }

  if (lines.length === 0) {
    return (
      <Stack gap="sm">
        <Alert color="orange">{t('orders.new.cartEmpty')}</Alert>
        <Button variant="default" onClick={onBack} w="fit-content">
          {t('orders.new.back')}
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md" maw={1000}>
      <Text size="sm">{t('orders.new.confirmIntro')}</Text>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <DetailList
            items={[
              !portal && { label: t('orders.fields.customer'), value: customerName ?? '…' },
              {
                label: t('orders.fields.contractName'),
                value: cart.cart.contractName.trim() || t('orders.new.noContractName'),
                testId: 'confirm-contract-name',
              },
              portal && { label: t('orders.fields.orderedOn'), value: formatDate(today) },
            ]}
          />
          {!portal && (
            <TextInput
              type="date"
              label={t('orders.fields.orderedOn')}
              description={t('orders.new.orderedOnHint')}
              value={orderedOn}
              max={today}
              onChange={(event) => {
                const value = event.currentTarget.value;
                cart.update((current) => ({ ...current, orderedOn: value === today ? '' : value }));
              }}
              error={orderedOnError}
              w={{ base: '100%', sm: 220 }}
            />
          )}
          {phone ? (
            <Stack gap={0} data-testid="confirm-items">
              {lines.map(({ item, product }) => {
                const initial = initialAmount(product, item.quantity);
                const monthly = monthlyAmount(product, item.quantity);
                return (
                  <Stack
                    key={item.key}
                    gap={2}
                    py="xs"
                    style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
                  >
                    <Text size="sm" fw={600}>
                      {product.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {product.code}
                    </Text>
                    <AttributeLines product={product} item={item} />
                    <Text size="sm">
                      {t('orders.fields.quantity')}: {item.quantity.toLocaleString('ja-JP')}
                    </Text>
                    <Text size="sm">
                      {t('orders.fields.initialFee')}: {initial === null ? '—' : formatYen(initial)} /{' '}
                      {t('orders.fields.monthlyFee')}: {monthly === null ? '—' : formatYen(monthly)}
                    </Text>
                  </Stack>
                );
              })}
              <Group justify="space-between" py="xs">
                <Text size="sm" fw={700}>
                  {t('orders.new.total')}
                </Text>
                <Stack gap={0} align="flex-end">
                  <Text size="sm" fw={700} data-testid="confirm-initial-total">
                    {t('orders.fields.initialFee')}: {formatYen(initialTotal)}
                  </Text>
                  <Text size="sm" fw={700} data-testid="confirm-monthly-total">
                    {t('orders.fields.monthlyFee')}:{' '}
                    {t('orders.terms.monthly', { fee: formatYen(monthlyTotal) })}
                  </Text>
                </Stack>
              </Group>
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" data-testid="confirm-items">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('orders.fields.product')}</Table.Th>
                    <Table.Th ta="right">{t('orders.fields.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('orders.fields.initialFee')}</Table.Th>
                    <Table.Th ta="right">{t('orders.fields.monthlyFee')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {lines.map(({ item, product }) => {
                    const initial = initialAmount(product, item.quantity);
                    const monthly = monthlyAmount(product, item.quantity);
                    return (
                      <Table.Tr key={item.key}>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {product.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {product.code}
                          </Text>
                          <AttributeLines product={product} item={item} />
                        </Table.Td>
                        <Table.Td ta="right">{item.quantity.toLocaleString('ja-JP')}</Table.Td>
                        <Table.Td ta="right">{initial === null ? '—' : formatYen(initial)}</Table.Td>
                        <Table.Td ta="right">{monthly === null ? '—' : formatYen(monthly)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th colSpan={2}>{t('orders.new.total')}</Table.Th>
                    <Table.Th ta="right" data-testid="confirm-initial-total">
                      {formatYen(initialTotal)}
                    </Table.Th>
                    <Table.Th ta="right" data-testid="confirm-monthly-total">
                      {t('orders.terms.monthly', { fee: formatYen(monthlyTotal) })}
                    </Table.Th>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="xs" c="dimmed">
            {t('orders.new.amountsNote')}
          </Text>
        </Stack>
      </Card>
      {missing && <Alert color="orange">{t('orders.new.someNotOrderable')}</Alert>}
      {place.isError && (
        <Alert color="red" title={t('common.errorTitle')} role="alert">
          <Stack gap={4}>
            <Text size="sm">{errorMessage(t, place.error)}</Text>
            {place.error instanceof ApiError &&
              place.error.errors.map((problem) => (
                <Text key={`${problem.path}:${problem.message}`} size="xs">
                  {problemSubject(problem.path)}
                  {problem.message}
                </Text>
              ))}
          </Stack>
        </Alert>
      )}
      <Card withBorder radius="md" padding="md">
        <Stack gap="md">
          <Checkbox
            label={t('orders.new.agree')}
            checked={agreed}
            onChange={(event) => setAgreed(event.currentTarget.checked)}
          />
          <Group justify="space-between" gap="sm">
            <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
              {t('orders.new.backToCart')}
            </Button>
            <Button
              onClick={() => place.mutate()}
              disabled={!agreed || !!orderedOnError}
              loading={place.isPending}
            >
              {t('orders.new.placeOrder')}
            </Button>
          </Group>
        </Stack>
      </Card>
    </Stack>
  );
}

/** The other information entered for a cart line (set values only). */
function AttributeLines({ product, item }: { product: OrderableProduct; item: CartItem }) {
  const { t } = useTranslation();
  const values = attributeRequestValues(product.attributeDefinitions, item.attributes);
  return (
    <>
      {byPosition(product.attributeDefinitions)
        .filter((definition) => values[definition.key] !== undefined)
        .map((definition) => (
          <Text key={definition.key} size="xs">
            {localLabel(definition)}: {formatAttributeValue(t, definition, values[definition.key])}
          </Text>
        ))}
    </>
  );
}
