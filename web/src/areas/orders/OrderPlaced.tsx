// 新規注文, the end: 「ご注文を受け付けました」 with the order number and its status
// (注文処理中 until staff complete it), and where to go next.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/links';
import { OrderStatusBadge } from './ordering-labels';
import { orderQuery } from './ordering-queries';

export function OrderPlaced({ orderId, onOrderAgain }: { orderId: string; onOrderAgain: () => void }) {
  const { t } = useTranslation();
  const order = useQuery(orderQuery(orderId));
  return (
    <Stack gap="md" maw={760}>
      <Alert
        color="teal"
        variant="light"
        icon={<IconCircleCheck size={22} />}
        title={t('orders.new.placed')}
        role="status"
        data-testid="order-placed"
      >
        <Stack gap="xs">
          {order.data && (
            <Group gap="xs">
              <Text size="sm">{t('orders.new.placedNumber', { number: order.data.number })}</Text>
              <OrderStatusBadge status={order.data.status} />
            </Group>
          )}
          <Text size="sm">{t('orders.new.placedNext')}</Text>
        </Stack>
      </Alert>
      <Group gap="sm">
        <ButtonLink to="/orders/$id" params={{ id: orderId }}>
          {t('orders.new.viewOrder')}
        </ButtonLink>
        <ButtonLink to="/orders" variant="default">
          {t('orders.history')}
        </ButtonLink>
        <Button variant="subtle" onClick={onOrderAgain}>
          {t('orders.new.orderAgain')}
        </Button>
      </Group>
    </Stack>
  );
}
