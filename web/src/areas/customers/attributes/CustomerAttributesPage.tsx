// 顧客カスタム属性定義管理 (seed 000): the extra fields of the customer form. [新規作成] ->
// name -> [確定する] (「顧客カスタム属性定義の作成に成功しました」); [編集] at the right of a
// row -> [確定する] (「顧客カスタム属性定義の更新に成功しました」). Retiring hides one from forms.
import { Button, Group, Modal, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDefinition } from '../../../api/types';
import { localLabel } from '../../../components/attribute-labels';
import { notifySuccess } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { AttributeDefinitionForm } from '../../attributes/AttributeDefinitionForm';
import { AttributeTable } from '../../attributes/AttributeTable';
import { attributeDefinitionsQuery } from '../../attributes/attribute-queries';

type Editing = { mode: 'create' } | { mode: 'edit'; definition: AttributeDefinition };

export function CustomerAttributesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 300);
  const [includeRetired, setIncludeRetired] = useState(false);
  const [editing, setEditing] = useState<Editing | null>(null);
  const definitions = useQuery(attributeDefinitionsQuery('customer', q, includeRetired));
  const rows = definitions.data ?? [];

  async function saved(message: string, definition: AttributeDefinition) {
    notifySuccess(t, message);
    queryClient.setQueryData(['attributeDefinitions', 'detail', definition.id], definition);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['attributeDefinitions', 'list'] }),
      queryClient.invalidateQueries({ queryKey: ['audit', 'attribute_definition', definition.id] }),
    ]);
    setEditing(null);
  }

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={t('customerAttributes.title')}>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ mode: 'create' })}>
          {t('common.create')}
        </Button>
      </PageHeader>
      <Text size="sm" c="dimmed">
        {t('customerAttributes.intro')}
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
          onChange={(event) => setIncludeRetired(event.currentTarget.checked)}
        />
      </Group>

      {definitions.isPending ? (
        <LoadingState />
      ) : definitions.isError ? (
        <ErrorState error={definitions.error} onRetry={() => void definitions.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('attributes.noMatch', { q }) : t('customerAttributes.empty')}</EmptyState>
      ) : (
        <AttributeTable
          rows={rows}
          actions={(definition) => (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => setEditing({ mode: 'edit', definition })}
              aria-label={t('customerAttributes.editOne', { label: localLabel(definition) })}
            >
              {t('common.edit')}
            </Button>
          )}
        />
      )}

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={
          editing?.mode === 'edit' ? t('customerAttributes.editTitle') : t('customerAttributes.createTitle')
        }
        size="lg"
      >
        {editing?.mode === 'create' && (
          <AttributeDefinitionForm
            entity="customer"
            submitLabel={t('common.commit')}
            onCancel={() => setEditing(null)}
            onSaved={(definition) => saved(t('customerAttributes.created'), definition)}
          />
        )}
        {editing?.mode === 'edit' && (
          <AttributeDefinitionForm
            key={editing.definition.version}
            entity="customer"
            definition={editing.definition}
            submitLabel={t('common.commit')}
            onCancel={() => setEditing(null)}
            onConflict={async () => {
              await queryClient.invalidateQueries({ queryKey: ['attributeDefinitions'] });
              setEditing(null);
            }}
            onSaved={(definition) => saved(t('customerAttributes.updated'), definition)}
          />
        )}
      </Modal>
    </Stack>
  );
}
