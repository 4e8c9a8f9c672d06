// 商品カスタム属性定義管理: the product attributes (asked when a product is ordered), searched
// by label or key; [新規作成] -> [保存する] -> 「作成処理が成功しました」 and on to the new
// definition, where it is linked to products (商品への紐づけ).
import { Button, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notifySuccess } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useSearchInput } from '../../../components/use-search-input';
import { AttributeDefinitionForm } from '../../attributes/AttributeDefinitionForm';
import { AttributeTable } from '../../attributes/AttributeTable';
import { attributeDefinitionsQuery } from '../../attributes/attribute-queries';
import { can, meQuery } from '../../auth/session';

const route = getRouteApi('/app/product-attributes');

export function ProductAttributesPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/product-attributes' });
  const queryClient = useQueryClient();
  const [input, setInput] = useSearchInput(
    search.q,
    (q) => void navigate({ search: (prev) => ({ ...prev, q }), replace: true }),
  );
  const [creating, setCreating] = useState(false);

  const q = search.q ?? '';
  const includeRetired = search.retired ?? false;
  const definitions = useQuery(attributeDefinitionsQuery('product', q, includeRetired));
  const rows = definitions.data ?? [];

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={t('productAttributes.title')}>
        {can(me, 'attributes.manage') && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('common.create')}
          </Button>
        )}
      </PageHeader>
      <Text size="sm" c="dimmed">
        {t('productAttributes.intro')}
      </Text>

      <Group gap="md" align="center">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('attributes.searchPlaceholder')}
          aria-label={t('common.search')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 360 }}
        />
        <Switch
          label={t('attributes.showRetired')}
          checked={includeRetired}
          onChange={(event) =>
            void navigate({
              search: (prev) => ({ ...prev, retired: event.currentTarget.checked || undefined }),
              replace: true,
            })
          }
        />
      </Group>

      {definitions.isPending ? (
        <LoadingState />
      ) : definitions.isError ? (
        <ErrorState error={definitions.error} onRetry={() => void definitions.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('attributes.noMatch', { q }) : t('productAttributes.empty')}</EmptyState>
      ) : (
        <AttributeTable rows={rows} linkTo="product" />
      )}

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('productAttributes.createTitle')}
        size="lg"
      >
        {creating && (
          <AttributeDefinitionForm
            entity="product"
            submitLabel={t('common.saveIt')}
            onCancel={() => setCreating(false)}
            onSaved={async (definition) => {
              notifySuccess(t, t('productAttributes.created'));
              queryClient.setQueryData(['attributeDefinitions', 'detail', definition.id], definition);
              await queryClient.invalidateQueries({ queryKey: ['attributeDefinitions', 'list'] });
              setCreating(false);
              await navigate({ to: '/product-attributes/$id', params: { id: definition.id } });
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}
