// 契約詳細: the contract with its 明細欄 (each line item and the quantity in use, from its
// completed orders) and 注文履歴欄 (every order on it). 契約名 and 備考 are edited in place:
// [編集] -> [確定] -> 「処理が正常に終了しました」 [閉じる].
import { Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { AuditTrail } from '../../components/AuditTrail';
import { DetailList } from '../../components/DetailList';
import { formatDate, formatDateTime } from '../../components/date-time';
import { AnchorLink } from '../../components/links';
import { errorMessage, isConflict, notifyConflict, notifyError } from '../../components/notify';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { can, meQuery } from '../auth/session';
import { orderingAuditValue } from '../orders/audit-values';
import { LineItemStatusBadge, OrderKindBadge, OrderStatusBadge } from '../orders/ordering-labels';
import { contractQuery } from '../orders/ordering-queries';
import type { Contract } from '../orders/ordering-types';
import { InPlaceEdit } from './InPlaceEdit';

const route = getRouteApi('/app/contracts/$id');

export function ContractPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const contract = useQuery(contractQuery(id));
  return (
    <Stack gap="md" maw={1200}>
      <AnchorLink to="/contracts" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('contracts.backToList')}
        </Group>
      </AnchorLink>
      {contract.isPending ? (
        <LoadingState />
      ) : contract.isError ? (
        <ErrorState error={contract.error} onRetry={() => void contract.refetch()} />
      ) : (
        <ContractDetail contract={contract.data} />
      )}
    </Stack>
  );
}

type EditableField = 'name' | 'remarks';

function ContractDetail({ contract }: { contract: Contract }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const queryClient = useQueryClient();
  const portal = me.kind === 'portal';
  const manage = can(me, 'contracts.manage');
  const [done, setDone] = useState(false);
  const [fieldError, setFieldError] = useState<{ field: EditableField; message: string } | null>(null);

  const save = useMutation({
    mutationFn: ({ field, value }: { field: EditableField; value: string | null }) =>
      unwrap(
        api.PATCH('/api/v1/contracts/{id}', {
          params: { path: { id: contract.id } },
          body: { version: contract.version, [field]: value },
        }),
      ),
    onSuccess: async (saved) => {
      queryClient.setQueryData(contractQuery(saved.id).queryKey, saved);
      setFieldError(null);
      setDone(true);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['contracts', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['audit', 'contract', saved.id] }),
      ]);
    },
  });

  async function saveField(field: EditableField, value: string | null): Promise<boolean> {
    try {
      await save.mutateAsync({ field, value });
      return true;
    } catch (error) {
      if (isConflict(error)) {
        notifyConflict(t);
        await queryClient.invalidateQueries({ queryKey: contractQuery(contract.id).queryKey });
        return false;
      }
      const message = errorMessage(t, error);
      setFieldError({ field, message });
      notifyError(t, error);
      return false;
    }
  }

  return (
    <>
      <Stack gap={2}>
        <Title order={2} size="h3">
          {t('contracts.detailTitle', { number: contract.number })}
        </Title>
        {contract.name && (
          <Text c="dimmed" size="sm">
            {contract.name}
          </Text>
        )}
      </Stack>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <DetailList
            columns={3}
            items={[
              { label: t('contracts.fields.number'), value: contract.number, testId: 'contract-number' },
              !portal && {
                label: t('contracts.fields.customer'),
                value: `${contract.customer.code} ${contract.customer.name}`,
              },
              {
                label: t('contracts.fields.lineItems'),
                value: t('contracts.lineItemCounts', {
                  active: contract.activeLineItemCount,
                  total: contract.lineItemCount,
                }),
              },
              { label: t('contracts.fields.createdAt'), value: formatDateTime(contract.createdAt) },
              { label: t('contracts.fields.updatedAt'), value: formatDateTime(contract.updatedAt) },
            ]}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
            <InPlaceEdit
              label={t('contracts.fields.name')}
              value={contract.name}
              canEdit={manage}
              maxLength={200}
              saving={save.isPending && save.variables?.field === 'name'}
              error={fieldError?.field === 'name' ? fieldError.message : null}
              onSave={(value) => saveField('name', value)}
              testId="contract-name"
            />
            <InPlaceEdit
              label={t('contracts.fields.remarks')}
              value={contract.remarks}
              canEdit={manage}
              multiline
              maxLength={2000}
              saving={save.isPending && save.variables?.field === 'remarks'}
              error={fieldError?.field === 'remarks' ? fieldError.message : null}
              onSave={(value) => saveField('remarks', value)}
              testId="contract-remarks"
            />
          </SimpleGrid>
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('contracts.lineItemsTitle')}
          </Title>
          <Text size="xs" c="dimmed">
            {t('contracts.lineItemsHint')}
          </Text>
          {contract.lineItems.length === 0 ? (
            <EmptyState>{t('contracts.noLineItems')}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={880}>
              <Table verticalSpacing="xs" data-testid="contract-line-items">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('lineItems.fields.number')}</Table.Th>
                    <Table.Th>{t('lineItems.fields.product')}</Table.Th>
                    <Table.Th ta="right">{t('lineItems.fields.quantity')}</Table.Th>
                    <Table.Th>{t('lineItems.fields.status')}</Table.Th>
                    <Table.Th>{t('lineItems.fields.completedOn')}</Table.Th>
                    <Table.Th>{t('lineItems.fields.chargeStartDate')}</Table.Th>
                    <Table.Th>{t('lineItems.fields.endDate')}</Table.Th>
                    <Table.Th>{t('lineItems.fields.serialNumber')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {contract.lineItems.map((lineItem) => (
                    <Table.Tr key={lineItem.id} data-testid="contract-line-item">
                      <Table.Td>
                        <AnchorLink
                          to="/line-items/$id"
                          params={{ id: lineItem.id }}
                          fw={500}
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {lineItem.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{lineItem.productName}</Text>
                        <Text size="xs" c="dimmed">
                          {lineItem.productCode}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" data-testid="line-item-quantity">
                        {lineItem.quantity.toLocaleString('ja-JP')}
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <LineItemStatusBadge status={lineItem.status} />
                          {lineItem.hasProcessingOrder && (
                            <Badge
                              color="orange"
                              variant="outline"
                              tt="none"
                              style={{ minWidth: 'max-content' }}
                            >
                              {t('lineItems.processingOrder')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(lineItem.completedOn)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        {formatDate(lineItem.chargeStartDate)}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(lineItem.endDate)}</Table.Td>
                      <Table.Td>{lineItem.serialNumber ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>

      <Card withBorder radius="md" padding="lg">
        <Stack gap="sm">
          <Title order={3} size="h4">
            {t('contracts.ordersTitle')}
          </Title>
          {contract.orders.length === 0 ? (
            <EmptyState>{t('contracts.noOrders')}</EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="xs" data-testid="contract-orders">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('orders.fields.number')}</Table.Th>
                    <Table.Th>{t('orders.fields.kind')}</Table.Th>
                    <Table.Th>{t('orders.fields.orderedOn')}</Table.Th>
                    <Table.Th>{t('orders.fields.products')}</Table.Th>
                    <Table.Th>{t('orders.fields.status')}</Table.Th>
                    <Table.Th>{t('orders.fields.completedOn')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {contract.orders.map((order) => (
                    <Table.Tr key={order.id}>
                      <Table.Td>
                        <AnchorLink
                          to="/orders/$id"
                          params={{ id: order.id }}
                          style={{ whiteSpace: 'nowrap' }}
                        >
                          {order.number}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>
                        <OrderKindBadge kind={order.kind} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(order.orderedOn)}</Table.Td>
                      <Table.Td>
                        {order.items.map((item) => (
                          <Text key={item.id} size="sm">
                            {t('orders.itemSummary', {
                              name: `${item.lineItemNumber} ${item.productName}`,
                              quantity: item.quantity.toLocaleString('ja-JP'),
                            })}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>
                        <OrderStatusBadge status={order.status} />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(order.completedOn)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Card>

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="contract"
              entityId={contract.id}
              fieldLabel={(field) =>
                t(`contracts.fields.${field}` as 'contracts.fields.name', { defaultValue: field })
              }
              formatValue={(field, value) => orderingAuditValue(t, 'contract', field, value)}
            />
          </Stack>
        </Card>
      )}

      <Modal
        opened={done}
        onClose={() => setDone(false)}
        title={t('contracts.savedTitle')}
        size="sm"
        centered
      >
        <Stack gap="md">
          <Group gap="xs" wrap="nowrap">
            <IconCircleCheck size={22} color="var(--mantine-color-teal-6)" aria-hidden />
            <Text size="sm">{t('common.success')}</Text>
          </Group>
          <Group justify="flex-end">
            <Button onClick={() => setDone(false)} data-autofocus>
              {t('common.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
