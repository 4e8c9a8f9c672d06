// A product (商品テンプレート): its terms, [公開] with 「このテンプレートを公開しますか?」 while
// 作成中, [編集] -> [確定する] in both states (「更新処理が成功しました」), the product
// attributes linked to it and the change history.
import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconArrowLeft, IconPencil, IconWorldUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { Product } from '../../../api/types';
import { AuditTrail } from '../../../components/AuditTrail';
import { localLabel } from '../../../components/attribute-labels';
import { formatDateTime } from '../../../components/date-time';
import { applyFieldErrors } from '../../../components/form-errors';
import { AnchorLink } from '../../../components/links';
import { formatYen } from '../../../components/money';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../../components/notify';
import { ErrorState, LoadingState } from '../../../components/states';
import { attributeDefinitionsQuery } from '../../attributes/attribute-queries';
import { can, canAny, meQuery } from '../../auth/session';
import { ProductFields } from './ProductFields';
import { ProductTerms } from './ProductTerms';
import { type ProductFormValues, productFormValues, productRequest, validateProduct } from './product-form';
import { freePeriodLabel, ProductStatusBadge } from './product-labels';
import { productQuery } from './product-queries';

const route = getRouteApi('/app/products/$id');

export function ProductPage() {
  const { t } = useTranslation();
  const { id } = route.useParams();
  const product = useQuery(productQuery(id));

  return (
    <Stack gap="md" maw={1000}>
      <AnchorLink to="/products" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('products.backToList')}
        </Group>
      </AnchorLink>
      {product.isPending ? (
        <LoadingState />
      ) : product.isError ? (
        <ErrorState error={product.error} onRetry={() => void product.refetch()} />
      ) : (
        <ProductDetail product={product.data} />
      )}
    </Stack>
  );
}

function ProductDetail({ product }: { product: Product }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const queryClient = useQueryClient();
  const manage = can(me, 'catalog.manage');
  const [editing, setEditing] = useState(false);

  const afterChange = async (saved: Product) => {
    queryClient.setQueryData(['products', 'detail', saved.id], saved);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['products', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'product', saved.id] }),
    ]);
  };
  const reload = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['products', 'detail', product.id] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'product', product.id] }),
    ]);

  const publish = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/v1/products/{id}/publish', { params: { path: { id: product.id } } })),
    onSuccess: async (saved) => {
      notifySuccess(t, t('products.published'));
      await afterChange(saved);
    },
    onError: async (error) => {
      notifyError(t, error);
      await reload();
    },
  });

  function confirmPublish() {
    modals.openConfirmModal({
      title: t('products.publish'),
      children: <Text size="sm">{t('products.publishConfirm')}</Text>,
      labels: { confirm: t('common.yes'), cancel: t('common.cancel') },
      onConfirm: () => publish.mutate(),
    });
  }

  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={2} size="h3">
              {product.name}
            </Title>
            <span data-testid="product-status">
              <ProductStatusBadge status={product.status} />
            </span>
            {product.agency && (
              <Badge color="grape" variant="light" tt="none">
                {t('products.agencyBadge')}
              </Badge>
            )}
          </Group>
          <Text c="dimmed" size="sm">
            {t('products.fields.code')}: {product.code}
          </Text>
        </Stack>
        {manage && !editing && (
          <Group gap="xs">
            {product.status === 'draft' && (
              <Button
                leftSection={<IconWorldUpload size={16} />}
                onClick={confirmPublish}
                loading={publish.isPending}
              >
                {t('products.publish')}
              </Button>
            )}
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
          </Group>
        )}
      </Group>

      {product.status === 'draft' && !editing && (
        <Alert color="yellow" variant="light">
          {t('products.draftHint')}
        </Alert>
      )}

      <Card withBorder radius="md" padding="lg">
        {editing ? (
          <ProductEditForm
            product={product}
            onDone={() => setEditing(false)}
            onSaved={afterChange}
            onConflict={reload}
          />
        ) : (
          <Stack gap="md">
            <ProductTerms product={product} />
            <Text size="xs" c="dimmed">
              {t('products.timestamps', {
                createdAt: formatDateTime(product.createdAt),
                updatedAt: formatDateTime(product.updatedAt),
                publishedAt: product.publishedAt ? formatDateTime(product.publishedAt) : '—',
              })}
            </Text>
          </Stack>
        )}
      </Card>

      <LinkedAttributes product={product} />

      {can(me, 'audit.read') && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="sm">
            <Title order={3} size="h4">
              {t('audit.title')}
            </Title>
            <AuditTrail
              entity="product"
              entityId={product.id}
              fieldLabel={(field) => productFieldLabel(t, field)}
              formatValue={(field, value) => formatProductValue(t, field, value)}
            />
          </Stack>
        </Card>
      )}
    </>
  );
}

function productFieldLabel(t: TFunction, field: string): string {
  const known: Record<string, string> = {
    code: t('products.fields.code'),
    name: t('products.fields.name'),
    description: t('products.fields.description'),
    status: t('products.fields.status'),
    taxCategory: t('products.fields.taxCategory'),
    fulfilment: t('products.fields.fulfilment'),
    serialNumberPattern: t('products.fields.serialNumberPattern'),
    agency: t('products.fields.agency'),
    pricing: t('products.sections.pricing'),
    publishedAt: t('products.fields.publishedAt'),
  };
  return known[field] ?? field;
}

function formatProductValue(t: TFunction, field: string, value: unknown): string {
  if (field === 'status' && (value === 'draft' || value === 'published'))
    return t(`products.statuses.${value}`);
  if (field === 'taxCategory' && (value === 'standard' || value === 'reduced' || value === 'exempt')) {
    return t(`products.taxCategories.${value}`);
  }
  if (field === 'fulfilment' && (value === 'immediate' || value === 'carrier')) {
    return t(`products.fulfilments.${value}`);
  }
  if (field === 'agency' && typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (field === 'publishedAt' && typeof value === 'string') return formatDateTime(value);
  if (field === 'pricing' && value && typeof value === 'object') {
    const pricing = value as Product['pricing'];
    const parts = [t(`products.patterns.${pricing.pattern}`)];
    if (pricing.pattern !== 'monthly_only')
      parts.push(`${t('products.fields.initialFee')} ${formatYen(pricing.initialFee)}`);
    if (pricing.pattern !== 'initial_only')
      parts.push(`${t('products.fields.monthlyFee')} ${formatYen(pricing.monthlyFee)}`);
    if (pricing.freePeriod) parts.push(freePeriodLabel(t, pricing.freePeriod));
    return parts.join(' / ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function ProductEditForm({
  product,
  onDone,
  onSaved,
  onConflict,
}: {
  product: Product;
  onDone: () => void;
  onSaved: (saved: Product) => Promise<void>;
  onConflict: () => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const form = useForm<ProductFormValues>({
    mode: 'controlled',
    initialValues: productFormValues(product),
    validate: validateProduct(t),
  });

  // After a conflict the record is reloaded: the form starts again from it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the record's version on purpose
  useEffect(() => {
    form.setInitialValues(productFormValues(product));
    form.reset();
  }, [product.id, product.version]);

  const save = useMutation({
    mutationFn: (values: ProductFormValues) =>
      unwrap(
        api.PATCH('/api/v1/products/{id}', {
          params: { path: { id: product.id } },
          body: { version: product.version, ...productRequest(values) },
        }),
      ),
    onSuccess: async (saved) => {
      notifySuccess(t, t('common.updated'));
      await onSaved(saved);
      onDone();
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await onConflict();
        return;
      }
      if (!applyFieldErrors(form, error, { product_code_taken: 'code' })) notifyError(t, error);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="lg">
        {product.status === 'published' && (
          <Alert color="blue" variant="light">
            {t('products.editPublishedHint')}
          </Alert>
        )}
        <ProductFields form={form} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('common.commit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The product attributes (商品カスタム属性) asked when this product is ordered. */
function LinkedAttributes({ product }: { product: Product }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const definitions = useQuery(attributeDefinitionsQuery('product', '', true));
  const canOpen = canAny(me, 'attributes.manage', 'catalog.manage');
  const linked = (definitions.data ?? []).filter((definition) =>
    product.attributeDefinitionIds.includes(definition.id),
  );

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('products.linkedAttributes')}
        </Title>
        {definitions.isPending ? (
          <LoadingState />
        ) : definitions.isError ? (
          <ErrorState error={definitions.error} onRetry={() => void definitions.refetch()} />
        ) : linked.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('products.noLinkedAttributes')}
          </Text>
        ) : (
          <Group gap="xs">
            {linked.map((definition) => (
              <Badge
                key={definition.id}
                variant="outline"
                tt="none"
                color={definition.retired ? 'gray' : 'indigo'}
              >
                {canOpen ? (
                  <AnchorLink to="/product-attributes/$id" params={{ id: definition.id }} inherit>
                    {localLabel(definition)}
                  </AnchorLink>
                ) : (
                  localLabel(definition)
                )}
                {definition.required ? ' *' : ''}
              </Badge>
            ))}
          </Group>
        )}
      </Stack>
    </Card>
  );
}
