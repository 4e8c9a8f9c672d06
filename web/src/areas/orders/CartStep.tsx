// 新規注文: the cart. Each product put in, with its 数量 and その他必要情報 (the product's
// custom attributes, rendered from their definitions), the 契約名, and [レジへ進む].
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Divider,
  Group,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { AttributeFields } from '../../components/AttributeFields';
import { validateAttributeValues } from '../../components/attribute-values';
import { formatYen } from '../../components/money';
import { EmptyState } from '../../components/states';
import {
  type CartItem,
  initialAmount,
  isValidQuantity,
  MAX_QUANTITY,
  monthlyAmount,
  type UseCart,
} from './cart';
import type { OrderableProduct } from './ordering-types';

interface CartFormValues {
  contractName: string;
  items: CartItem[];
}

export const MAX_CONTRACT_NAME_LENGTH = 200;

export function CartStep({
  products,
  cart,
  onMore,
  onCheckout,
}: {
  products: OrderableProduct[];
  cart: UseCart;
  onMore: () => void;
  onCheckout: () => void;
}) {
  const { t } = useTranslation();
  const byId = useMemo(() => new Map(products.map((product) => [product.id, product])), [products]);

  const form = useForm<CartFormValues>({
    mode: 'controlled',
    initialValues: { contractName: cart.cart.contractName, items: cart.cart.items },
    onValuesChange: (values) =>
      cart.update((current) => ({ ...current, contractName: values.contractName, items: values.items })),
    validate: (values) => {
      const errors: Record<string, string> = {};
      if ([...values.contractName.trim()].length > MAX_CONTRACT_NAME_LENGTH) {
        errors.contractName = t('orders.validation.maxLength', { count: MAX_CONTRACT_NAME_LENGTH });
      }
      values.items.forEach((item, index) => {
        const product = byId.get(item.productId);
        if (!product) {
          errors[`items.${index}.productId`] = t('orders.new.productNotOrderable');
          return;
        }
        if (!isValidQuantity(item.quantity)) {
          errors[`items.${index}.quantity`] = t('orders.validation.quantity', {
            max: MAX_QUANTITY.toLocaleString('ja-JP'),
          });
        }
        Object.assign(
          errors,
          validateAttributeValues(
            t,
            product.attributeDefinitions,
            item.attributes,
            `items.${index}.attributes`,
          ),
        );
      });
      return errors;
    },
  });

  const items = form.values.items;
  if (items.length === 0) {
    return (
      <Stack gap="sm" align="center">
        <EmptyState>{t('orders.new.cartEmpty')}</EmptyState>
        <Button onClick={onMore}>{t('orders.new.backToProducts')}</Button>
      </Stack>
    );
  }

  return (
    <form onSubmit={form.onSubmit(() => onCheckout())} noValidate>
      <Stack gap="md" maw={960}>
        <Text size="sm">{t('orders.new.cartIntro')}</Text>
        {items.map((item, index) => {
          const product = byId.get(item.productId);
          const quantity = isValidQuantity(item.quantity) ? item.quantity : 0;
          return (
            <Card key={item.key} withBorder radius="md" padding="md" data-testid="cart-item">
              <Stack gap="sm">
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <Stack gap={0} miw={0}>
                    <Title order={3} size="h5">
                      {product?.name ?? t('orders.new.unknownProduct')}
                    </Title>
                    <Text size="xs" c="dimmed">
                      {product?.code}
                    </Text>
                  </Stack>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('orders.new.removeFromCart', { name: product?.name ?? '' })}
                    onClick={() => form.removeListItem('items', index)}
                  >
                    <IconTrash size={18} />
                  </ActionIcon>
                </Group>
                {!product ? (
                  <Alert color="orange">{t('orders.new.productNotOrderable')}</Alert>
                ) : (
                  <>
                    <Group gap="lg" align="flex-end" wrap="wrap">
                      <NumberInput
                        label={t('orders.fields.quantity')}
                        min={1}
                        max={MAX_QUANTITY}
                        clampBehavior="none"
                        allowDecimal={false}
                        allowNegative={false}
                        thousandSeparator=","
                        w={140}
                        required
                        {...form.getInputProps(`items.${index}.quantity`)}
                      />
                      <AmountText
                        label={t('orders.fields.initialFee')}
                        amount={initialAmount(product, quantity)}
                      />
                      <AmountText
                        label={t('orders.fields.monthlyFee')}
                        amount={monthlyAmount(product, quantity)}
                      />
                    </Group>
                    {product.attributeDefinitions.length > 0 && (
                      <>
                        <Divider label={t('orders.new.otherInfo')} labelPosition="left" />
                        <AttributeFields
                          form={form}
                          definitions={product.attributeDefinitions}
                          path={`items.${index}.attributes`}
                        />
                      </>
                    )}
                  </>
                )}
              </Stack>
            </Card>
          );
        })}
        <Card withBorder radius="md" padding="md">
          <TextInput
            label={t('orders.fields.contractName')}
            description={t('orders.new.contractNameHint')}
            maxLength={MAX_CONTRACT_NAME_LENGTH}
            {...form.getInputProps('contractName')}
          />
        </Card>
        <Group justify="space-between" gap="sm">
          <Button variant="default" leftSection={<IconPlus size={16} />} onClick={onMore}>
            {t('orders.new.addMore')}
          </Button>
          <Button type="submit">{t('orders.new.toCheckout')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function AmountText({ label, amount }: { label: string; amount: number | null }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {amount === null ? '—' : formatYen(amount)}
      </Text>
    </Stack>
  );
}
