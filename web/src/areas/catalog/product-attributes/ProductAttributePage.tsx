// A product attribute (商品カスタム属性): its definition, [編集] -> [確定する]
// (「更新処理が成功しました」), [削除] (「この商品カスタム属性定義を削除しますか?」 ->
// 「削除が成功しました」), [商品への紐づけ] (checkbox search list -> [確定する] ->
// 「商品への紐付けが成功しました」) and below, the linked products, each with [削除]
// (「(商品名)への紐づけを解除しますか」).
import { Badge, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconArrowLeft, IconLink, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { AttributeDefinition, ProductSummary } from '../../../api/types';
import { AuditTrail } from '../../../components/AuditTrail';
import { localLabel } from '../../../components/attribute-labels';
import { DetailList } from '../../../components/DetailList';
import { formatDateTime } from '../../../components/date-time';
import { AnchorLink } from '../../../components/links';
import { notifyError, notifySuccess } from '../../../components/notify';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { AttributeDefinitionForm, attributeTypeLabel } from '../../attributes/AttributeDefinitionForm';
import { attributeDefinitionQuery, linkedProductsQuery } from '../../attributes/attribute-queries';
import { can, meQuery } from '../../auth/session';
import { ProductPicker } from '../products/ProductPicker';
import { ProductStatusBadge } from '../products/product-labels';

const route = getRouteApi('/app/product-attributes/$id');

export function ProductAttributePage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const definition = useQuery(attributeDefinitionQuery(id));

  return (
    <Stack gap="md" maw={1000}>
      <AnchorLink to="/product-attributes" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('productAttributes.backToList')}
        </Group>
      </AnchorLink>
      {definition.isPending ? (
        <LoadingState />
      ) : definition.isError ? (
        <ErrorState error={definition.error} onRetry={() => void definition.refetch()} />
      ) : definition.data.entity !== 'product' ? (
        <EmptyState>{t('productAttributes.notProductAttribute')}</EmptyState>
      ) : (
        <DefinitionDetail definition={definition.data} />
      )}
    </Stack>
  );
}

function DefinitionDetail({ definition }: { definition: AttributeDefinition }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const manageAttributes = can(me, 'attributes.manage');
  const manageCatalog = can(me, 'catalog.manage');
  const [editing, setEditing] = useState(false);
  const [linking, setLinking] = useState(false);
  const linkedProducts = useQuery(linkedProductsQuery(definition.id));
  const productCodes = new Map((linkedProducts.data ?? []).map((product) => [product.id, product.code]));

  const reload = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['attributeDefinitions'] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'attribute_definition', definition.id] }),
    ]);

  const remove = useMutation({
    mutationFn: () =>
      unwrap(api.DELETE('/api/v1/attribute-definitions/{id}', { params: { path: { id: definition.id } } })),
    onSuccess: async () => {
      notifySuccess(t, t('common.deleted'));
      queryClient.removeQueries({ queryKey: ['attributeDefinitions', 'detail', definition.id] });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['attributeDefinitions', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['products'] }),
      ]);
      await navigate({ to: '/product-attributes' });
    },
    onError: (error) => notifyError(t, error),
  });

  function confirmDelete() {
    modals.openConfirmModal({
      title: t('common.delete'),
      children: (
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            {localLabel(definition)}
          </Text>
          <Text size="sm">{t('productAttributes.deleteConfirm')}</Text>
        </Stack>
      ),
      labels: { confirm: t('common.yes'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });
  }

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {localLabel(definition)}
            </Title>
            <Badge variant="light" tt="none">
              {attributeTypeLabel(t, definition.type)}
            </Badge>
            {definition.required && (
              <Badge color="red" variant="light" tt="none">
                {t('attributes.requiredYes')}
              </Badge>
            )}
            {definition.retired && (
              <Badge color="gray" variant="light" tt="none">
                {t('attributes.retired')}
              </Badge>
            )}
          </Group>
          <Text c="dimmed" size="sm" ff="monospace">
            {definition.key}
          </Text>
        </Stack>
        {!editing && (
          <Group gap="xs">
            {manageCatalog && (
              <Button leftSection={<IconLink size={16} />} onClick={() => setLinking(true)}>
                {t('productAttributes.link')}
              </Button>
            )}
            {manageAttributes && (
              <Button
                variant="default"
                leftSection={<IconPencil size={16} />}
                onClick={() => setEditing(true)}
              >
                {t('common.edit')}
              </Button>
            )}
            {manageAttributes && (
              <Button
                variant="light"
                color="red"
                leftSection={<IconTrash size={16} />}
                onClick={confirmDelete}
                loading={remove.isPending}
              >
                {t('common.delete')}
              </Button>
            )}
          </Group>
        )}
      </Group>

      <Card withBorder radius="md" padding="lg">
        {editing ? (
          <AttributeDefinitionForm
            key={definition.version}
            entity="product"
            definition={definition}
            submitLabel={t('common.commit')}
            onCancel={() => setEditing(false)}
            onConflict={reload}
            onSaved={async (saved) => {
              notifySuccess(t, t('common.updated'));
              queryClient.setQueryData(['attributeDefinitions', 'detail', saved.id], saved);
              await reload();
              setEditing(false);
            }}
          />
        ) : (
          <Stack gap="md">
            <DefinitionSummary definition={definition} />
            <Text size="xs" c="dimmed">
              {t('common.timestamps', {
                createdAt: formatDateTime(definition.createdAt),
                updatedAt: formatDateTime(definition.updatedAt),
              })}
            </Text>
          </Stack>
        )}
      </Card>

      <LinkedProducts definition={definition} manage={manageCatalog} />

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="attribute_definition"
              entityId={definition.id}
              fieldLabel={(field) =>
                field === 'productIds'
                  ? t('attributes.fields.products')
                  : t(`attributes.fields.${field}` as 'attributes.fields.key', { defaultValue: field })
              }
              formatValue={(field, value) => {
                if (field === 'productIds' && Array.isArray(value)) {
                  return value.map((id) => productCodes.get(String(id)) ?? String(id).slice(-8)).join(', ');
                }
                if (field === 'type' && typeof value === 'string') {
                  return t(`attributes.types.${value}` as 'attributes.types.text', { defaultValue: value });
                }
                if (field === 'options' && Array.isArray(value)) {
                  return value.length
                    ? value.map((option) => localLabel(option as { labelJa: string })).join('、')
                    : '—';
                }
                if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
                return typeof value === 'object' ? JSON.stringify(value) : String(value);
              }}
            />
          </Stack>
        </Card>
      )}

      <Modal
        opened={linking}
        onClose={() => setLinking(false)}
        title={t('productAttributes.linkTitle', { label: localLabel(definition) })}
        size="xl"
      >
        {linking && <LinkProductsForm definition={definition} onDone={() => setLinking(false)} />}
      </Modal>
    </>
  );
}

export function DefinitionSummary({ definition }: { definition: AttributeDefinition }) {
  const { t } = useTranslation();
  return (
    <DetailList
      items={[
        { label: t('attributes.fields.labelJa'), value: definition.labelJa },
        { label: t('attributes.fields.labelEn'), value: definition.labelEn },
        { label: t('attributes.fields.key'), value: definition.key },
        { label: t('attributes.fields.type'), value: attributeTypeLabel(t, definition.type) },
        {
          label: t('attributes.fields.required'),
          value: definition.required ? t('common.yes') : t('common.no'),
        },
        { label: t('attributes.fields.position'), value: String(definition.position) },
        (definition.type === 'select' || definition.type === 'multi_select') && {
          label: t('attributes.fields.options'),
          wide: true,
          value: definition.options.map((option) => `${localLabel(option)} (${option.value})`).join('、'),
        },
        {
          label: t('attributes.fields.retired'),
          value: definition.retired
            ? `${t('attributes.retired')} (${formatDateTime(definition.retiredAt)})`
            : t('attributes.active'),
        },
      ]}
    />
  );
}

function LinkedProducts({ definition, manage }: { definition: AttributeDefinition; manage: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const products = useQuery(linkedProductsQuery(definition.id));

  const unlink = useMutation({
    mutationFn: (product: ProductSummary) =>
      unwrap(
        api.DELETE('/api/v1/attribute-definitions/{id}/products/{productId}', {
          params: { path: { id: definition.id, productId: product.id } },
        }),
      ),
    onSuccess: async (_, product) => {
      notifySuccess(t, t('common.deleted'));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['attributeDefinitions', 'products', definition.id] }),
        queryClient.invalidateQueries({ queryKey: ['products', 'detail', product.id] }),
        queryClient.invalidateQueries({ queryKey: ['audit', 'attribute_definition', definition.id] }),
      ]);
    },
    onError: (error) => notifyError(t, error),
  });

  function confirmUnlink(product: ProductSummary) {
    modals.openConfirmModal({
      title: t('productAttributes.unlink'),
      children: <Text size="sm">{t('productAttributes.unlinkConfirm', { name: product.name })}</Text>,
      labels: { confirm: t('common.yes'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => unlink.mutate(product),
    });
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('productAttributes.linkedProducts')}
        </Title>
        {products.isPending ? (
          <LoadingState />
        ) : products.isError ? (
          <ErrorState error={products.error} onRetry={() => void products.refetch()} />
        ) : products.data.length === 0 ? (
          <EmptyState>{t('productAttributes.noLinkedProducts')}</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table striped verticalSpacing="xs" data-testid="linked-products">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('products.fields.code')}</Table.Th>
                  <Table.Th>{t('products.fields.name')}</Table.Th>
                  <Table.Th>{t('products.fields.status')}</Table.Th>
                  {manage && <Table.Th w={1} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {products.data.map((product) => (
                  <Table.Tr key={product.id}>
                    <Table.Td>
                      <AnchorLink to="/products/$id" params={{ id: product.id }}>
                        {product.code}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{product.name}</Table.Td>
                    <Table.Td>
                      <ProductStatusBadge status={product.status} />
                    </Table.Td>
                    {manage && (
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          onClick={() => confirmUnlink(product)}
                          aria-label={t('productAttributes.unlinkOne', { name: product.name })}
                        >
                          {t('common.delete')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Card>
  );
}

function LinkProductsForm({ definition, onDone }: { definition: AttributeDefinition; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const linked = useQuery(linkedProductsQuery(definition.id));
  const [selected, setSelected] = useState<Map<string, ProductSummary>>(new Map());
  const locked = new Set((linked.data ?? []).map((product) => product.id));

  const link = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/attribute-definitions/{id}/products', {
          params: { path: { id: definition.id } },
          body: { productIds: [...selected.keys()] },
        }),
      ),
    onSuccess: async (result) => {
      notifySuccess(t, t('productAttributes.linked'));
      queryClient.setQueryData(['attributeDefinitions', 'products', definition.id], result.items);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['products', 'detail'] }),
        queryClient.invalidateQueries({ queryKey: ['audit', 'attribute_definition', definition.id] }),
      ]);
      onDone();
    },
    onError: (error) => notifyError(t, error),
  });

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('productAttributes.linkIntro')}
      </Text>
      <ProductPicker
        selected={selected}
        onChange={setSelected}
        locked={locked}
        lockedLabel={t('productAttributes.alreadyLinked')}
      />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onDone} disabled={link.isPending}>
          {t('common.cancel')}
        </Button>
        <Button onClick={() => link.mutate()} loading={link.isPending} disabled={selected.size === 0}>
          {t('common.commit')}
        </Button>
      </Group>
    </Stack>
  );
}
