// 新規注文: the アイテム欄 of one product: its terms, the 数量 to buy and [カートに追加].
import { Alert, Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowLeft, IconShoppingCartPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { attributeFormValues } from '../../components/attribute-values';
import { DetailList } from '../../components/DetailList';
import { isValidQuantity, MAX_QUANTITY, randomKey, type UseCart } from './cart';
import type { OrderableProduct } from './ordering-types';
import { freePeriodText, initialFeeText, monthlyFeeText } from './product-terms';

export function ItemStep({
  product,
  cart,
  onAdded,
  onBack,
}: {
  product: OrderableProduct | undefined;
  cart: UseCart;
  onAdded: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const form = useForm<{ quantity: number | string }>({
    mode: 'uncontrolled',
    initialValues: { quantity: 1 },
    validate: {
      quantity: (value) =>
        isValidQuantity(value)
          ? null
          : t('orders.validation.quantity', { max: MAX_QUANTITY.toLocaleString('ja-JP') }),
    },
  });

  const back = (
    <Button variant="subtle" leftSection={<IconArrowLeft size={16} />} onClick={onBack} w="fit-content">
      {t('orders.new.backToProducts')}
    </Button>
  );

  if (!product) {
    return (
      <Stack gap="sm">
        <Alert color="orange">{t('orders.new.productNotOrderable')}</Alert>
        {back}
      </Stack>
    );
  }

  function add(values: { quantity: number | string }) {
    if (!product) return;
    const item = {
      key: randomKey(),
      productId: product.id,
      quantity: Number(values.quantity),
      attributes: attributeFormValues(product.attributeDefinitions),
    };
    cart.update((current) => ({ ...current, items: [...current.items, item] }));
    onAdded();
  }

  return (
    <Stack gap="md" maw={760}>
      {back}
      <Card withBorder radius="md" padding="lg">
        <form onSubmit={form.onSubmit(add)} noValidate>
          <Stack gap="md">
            <Stack gap={2}>
              <Text size="xs" c="dimmed">
                {t('orders.new.item')}
              </Text>
              <Title order={3} size="h4">
                {product.name}
              </Title>
              <Text size="sm" c="dimmed">
                {product.code}
              </Text>
            </Stack>
            <DetailList
              items={[
                { label: t('orders.fields.initialFee'), value: initialFeeText(t, product.pricing) },
                { label: t('orders.fields.monthlyFee'), value: monthlyFeeText(t, product.pricing) },
                {
                  label: t('orders.fields.freePeriod'),
                  value: freePeriodText(t, product.pricing.freePeriod),
                },
                {
                  label: t('orders.fields.fulfilment'),
                  value:
                    product.fulfilment === 'carrier'
                      ? t('orders.terms.carrier')
                      : t('orders.terms.immediate'),
                },
              ]}
            />
            <Group align="flex-end" gap="sm">
              <NumberInput
                label={t('orders.fields.quantity')}
                min={1}
                max={MAX_QUANTITY}
                clampBehavior="none"
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator=","
                w={160}
                required
                data-autofocus
                autoFocus
                key={form.key('quantity')}
                {...form.getInputProps('quantity')}
              />
              <Button type="submit" leftSection={<IconShoppingCartPlus size={16} aria-hidden />}>
                {t('orders.new.addToCart')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </Stack>
  );
}
