// 新規注文: the products of the customer's on-sale master agreements, each with [購入する].
import { Badge, Button, Card, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconShoppingCart } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/states';
import type { OrderableProduct } from './ordering-types';
import { freePeriodText, initialFeeText, monthlyFeeText } from './product-terms';
import { usePhone } from './use-phone';

export function ProductListStep({
  products,
  cartCount,
  onBuy,
  onCart,
}: {
  products: OrderableProduct[];
  cartCount: number;
  onBuy: (productId: string) => void;
  onCart: () => void;
}) {
  const { t } = useTranslation();
  const phone = usePhone();
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Text size="sm">{t('orders.new.productsIntro')}</Text>
        <Button
          variant={cartCount > 0 ? 'light' : 'default'}
          leftSection={<IconShoppingCart size={16} aria-hidden />}
          rightSection={
            <Badge size="sm" circle variant="filled" data-testid="cart-count">
              {cartCount}
            </Badge>
          }
          onClick={onCart}
          disabled={cartCount === 0}
        >
          {t('orders.new.viewCart')}
        </Button>
      </Group>
      {products.length === 0 ? (
        <EmptyState>{t('orders.new.noProducts')}</EmptyState>
      ) : phone ? (
        <Stack gap="sm">
          {products.map((product) => (
            <Card key={product.id} withBorder radius="md" padding="sm" data-testid="orderable-product">
              <Stack gap={6}>
                <Stack gap={0}>
                  <Text fw={600}>{product.name}</Text>
                  <Text size="xs" c="dimmed">
                    {product.code}
                    {product.fulfilment === 'carrier' ? ` · ${t('orders.terms.carrier')}` : ''}
                  </Text>
                </Stack>
                <Text size="sm">
                  {t('orders.fields.initialFee')}: {initialFeeText(t, product.pricing)} /{' '}
                  {t('orders.fields.monthlyFee')}: {monthlyFeeText(t, product.pricing)}
                </Text>
                <Text size="sm">
                  {t('orders.fields.freePeriod')}: {freePeriodText(t, product.pricing.freePeriod)}
                </Text>
                <Button onClick={() => onBuy(product.id)} fullWidth>
                  {t('orders.new.buy')}
                </Button>
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.fields.productCode')}</Table.Th>
                <Table.Th>{t('orders.fields.productName')}</Table.Th>
                <Table.Th ta="right">{t('orders.fields.initialFee')}</Table.Th>
                <Table.Th ta="right">{t('orders.fields.monthlyFee')}</Table.Th>
                <Table.Th>{t('orders.fields.freePeriod')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {products.map((product) => (
                <Table.Tr key={product.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{product.code}</Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {product.name}
                    </Text>
                    {product.fulfilment === 'carrier' && (
                      <Text size="xs" c="dimmed">
                        {t('orders.terms.carrier')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {initialFeeText(t, product.pricing)}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {monthlyFeeText(t, product.pricing)}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {freePeriodText(t, product.pricing.freePeriod)}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Button size="xs" onClick={() => onBuy(product.id)}>
                      {t('orders.new.buy')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
