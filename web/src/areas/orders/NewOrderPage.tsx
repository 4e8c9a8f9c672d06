// 新規注文 (seed 000 「新規注文する」): staff search the customer and click [手続きをする]; a
// portal user starts at their own customer. Then the products of the customer's on-sale
// master agreements -> [購入する] -> 数量 -> [カートに追加] -> その他必要情報 and 契約名 ->
// [レジへ進む] -> the confirmation with [上記の内容で注文します] -> [注文を確定する] ->
// 「ご注文を受け付けました」. The step lives in the URL, so the browser's back button works.
import { Anchor, Group, Stack, Stepper, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState, LoadingState } from '../../components/states';
import { meQuery } from '../auth/session';
import { CartStep } from './CartStep';
import { ConfirmStep } from './ConfirmStep';
import { CustomerSearchStep } from './CustomerSearchStep';
import { useCart } from './cart';
import { ItemStep } from './ItemStep';
import { OrderPlaced } from './OrderPlaced';
import { orderableProductsQuery, orderCustomerQuery } from './ordering-queries';
import { ProductListStep } from './ProductListStep';
import { usePhone } from './use-phone';

const route = getRouteApi('/app/orders/new');

export type CheckoutStep = 'products' | 'item' | 'cart' | 'confirm' | 'done';

export function NewOrderPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const portal = me.kind === 'portal';
  const customerId = portal ? (me.customerId ?? undefined) : search.customerId;
  const step: CheckoutStep = search.step ?? 'products';
  const phone = usePhone();

  const steps = [
    ...(portal ? [] : [t('orders.new.steps.customer')]),
    t('orders.new.steps.products'),
    t('orders.new.steps.cart'),
    t('orders.new.steps.confirm'),
    t('orders.new.steps.done'),
  ];
  const stepIndex = !customerId
    ? 0
    : { products: 0, item: 0, cart: 1, confirm: 2, done: 3 }[step] + (portal ? 0 : 1);

  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('orders.new.title')} />
      {phone ? (
        <Text size="sm" c="dimmed" aria-label={t('orders.new.stepsLabel')}>
          {t('orders.new.stepOf', {
            step: stepIndex + 1,
            total: steps.length,
            label: steps[stepIndex] ?? '',
          })}
        </Text>
      ) : (
        <Stepper
          active={stepIndex}
          size="xs"
          allowNextStepsSelect={false}
          aria-label={t('orders.new.stepsLabel')}
        >
          {steps.map((label) => (
            <Stepper.Step key={label} label={label} />
          ))}
        </Stepper>
      )}
      {!customerId ? (
        portal ? (
          <ErrorState error={new Error('no customer')} />
        ) : (
          <CustomerSearchStep />
        )
      ) : (
        <Checkout key={customerId} customerId={customerId} step={step} portal={portal} />
      )}
    </Stack>
  );
}

function Checkout({ customerId, step, portal }: { customerId: string; step: CheckoutStep; portal: boolean }) {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/orders/new' });
  const cart = useCart(customerId);
  const products = useQuery(orderableProductsQuery(customerId));
  // Staff see whom they order for; a portal user orders for themselves.
  const customer = useQuery({ ...orderCustomerQuery(customerId), enabled: !portal });

  const goTo = (next: CheckoutStep, extra: { productId?: string; orderId?: string } = {}) =>
    void navigate({
      search: (prev) => ({
        customerId: prev.customerId,
        step: next === 'products' ? undefined : next,
        productId: extra.productId,
        orderId: extra.orderId,
      }),
      replace: next === 'done',
    });

  return (
    <Stack gap="md">
      {!portal && (
        <Group gap="xs" justify="space-between" wrap="wrap" data-testid="order-customer">
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Text size="sm" c="dimmed">
              {t('orders.fields.customer')}
            </Text>
            <Text size="sm" fw={600} truncate>
              {customer.data ? `${customer.data.code} ${customer.data.name}` : '…'}
            </Text>
          </Group>
          {step !== 'done' && (
            <Anchor component="button" type="button" size="sm" onClick={() => void navigate({ search: {} })}>
              <Group gap={4}>
                <IconArrowLeft size={14} aria-hidden />
                {t('orders.new.changeCustomer')}
              </Group>
            </Anchor>
          )}
        </Group>
      )}
      {step === 'done' && search.orderId ? (
        <OrderPlaced orderId={search.orderId} onOrderAgain={() => goTo('products')} />
      ) : products.isPending ? (
        <LoadingState />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : step === 'item' && search.productId ? (
        <ItemStep
          product={products.data.find((product) => product.id === search.productId)}
          cart={cart}
          onAdded={() => goTo('cart')}
          onBack={() => goTo('products')}
        />
      ) : step === 'cart' ? (
        <CartStep
          products={products.data}
          cart={cart}
          onMore={() => goTo('products')}
          onCheckout={() => goTo('confirm')}
        />
      ) : step === 'confirm' ? (
        <ConfirmStep
          customerId={customerId}
          customerName={customer.data ? `${customer.data.code} ${customer.data.name}` : undefined}
          portal={portal}
          products={products.data}
          cart={cart}
          onBack={() => goTo('cart')}
          onPlaced={(orderId) => goTo('done', { orderId })}
        />
      ) : (
        <ProductListStep
          products={products.data}
          cartCount={cart.cart.items.length}
          onBuy={(productId) => goTo('item', { productId })}
          onCart={() => goTo('cart')}
        />
      )}
    </Stack>
  );
}
