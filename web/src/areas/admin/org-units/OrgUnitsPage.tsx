// 組織: the org units as a tree; create, edit (rename, move, recode) and delete them.
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconCornerDownRight, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { OrgUnit, OrgUnitKind } from '../../../api/types';
import { applyFieldErrors } from '../../../components/form-errors';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../../components/notify';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { can, meQuery } from '../../auth/session';
import { type OrgUnitNode, orgUnitOptions, orgUnitsQuery, orgUnitTree } from './org-unit-queries';

const kinds: OrgUnitKind[] = ['head_office', 'branch', 'back_office', 'sales', 'other'];

const kindColors: Record<OrgUnitKind, string> = {
  head_office: 'indigo',
  branch: 'blue',
  back_office: 'grape',
  sales: 'teal',
  other: 'gray',
};

function kindLabel(t: TFunction, kind: string): string {
  return t(`orgUnits.kinds.${kind}` as 'orgUnits.kinds.other', { defaultValue: kind });
}

type Editing = { mode: 'create' } | { mode: 'edit'; unit: OrgUnit };

export function OrgUnitsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const units = useQuery(orgUnitsQuery);
  const tree = useMemo(() => orgUnitTree(units.data ?? []), [units.data]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const { data: me } = useSuspenseQuery(meQuery);
  const manage = can(me, 'org_units.manage');

  const remove = useMutation({
    mutationFn: (unit: OrgUnit) =>
      unwrap(api.DELETE('/api/v1/org-units/{id}', { params: { path: { id: unit.id } } })),
    onSuccess: async () => {
      notifySuccess(t);
      await queryClient.invalidateQueries({ queryKey: orgUnitsQuery.queryKey });
    },
    onError: (error) => notifyError(t, error),
  });

  function confirmDelete(unit: OrgUnit) {
    modals.openConfirmModal({
      title: t('orgUnits.deleteConfirm'),
      children: <Text size="sm">{unit.code ? `${unit.name} (${unit.code})` : unit.name}</Text>,
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(unit),
    });
  }

  return (
    <Stack gap="md" maw={1000}>
      <PageHeader title={t('orgUnits.title')}>
        {manage && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ mode: 'create' })}>
            {t('common.create')}
          </Button>
        )}
      </PageHeader>

      {units.isPending ? (
        <LoadingState />
      ) : units.isError ? (
        <ErrorState error={units.error} onRetry={() => void units.refetch()} />
      ) : tree.length === 0 ? (
        <EmptyState>{t('orgUnits.empty')}</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table highlightOnHover verticalSpacing="xs" aria-label={t('orgUnits.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orgUnits.fields.name')}</Table.Th>
                <Table.Th w={120}>{t('orgUnits.fields.code')}</Table.Th>
                <Table.Th w={130}>{t('orgUnits.fields.kind')}</Table.Th>
                {manage && (
                  <Table.Th w={96}>
                    <Text size="sm" fw={700} ta="right">
                      {t('common.actions')}
                    </Text>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {tree.map((node) => (
                <Table.Tr key={node.unit.id} data-testid="org-unit-row">
                  <Table.Td>
                    <Group gap={6} wrap="nowrap" pl={node.depth * 24}>
                      {node.depth > 0 && (
                        <IconCornerDownRight size={14} color="var(--mantine-color-gray-5)" aria-hidden />
                      )}
                      <Text size="sm" fw={node.depth === 0 ? 600 : 400}>
                        {node.unit.name}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" ff="monospace" c={node.unit.code ? undefined : 'dimmed'}>
                      {node.unit.code ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={kindColors[node.unit.kind] ?? 'gray'} tt="none">
                      {kindLabel(t, node.unit.kind)}
                    </Badge>
                  </Table.Td>
                  {manage && (
                    <Table.Td>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <Tooltip label={t('common.edit')}>
                          <ActionIcon
                            variant="subtle"
                            aria-label={`${t('common.edit')}: ${node.unit.name}`}
                            onClick={() => setEditing({ mode: 'edit', unit: node.unit })}
                          >
                            <IconPencil size={16} />
                          </ActionIcon>
                        </Tooltip>
                        <Tooltip label={t('common.delete')}>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`${t('common.delete')}: ${node.unit.name}`}
                            onClick={() => confirmDelete(node.unit)}
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Tooltip>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.mode === 'edit' ? t('orgUnits.editTitle') : t('orgUnits.createTitle')}
      >
        {editing && <OrgUnitForm editing={editing} tree={tree} onDone={() => setEditing(null)} />}
      </Modal>
    </Stack>
  );
}

interface OrgUnitFormValues {
  name: string;
  code: string;
  kind: OrgUnitKind;
  parentId: string | null;
}

function OrgUnitForm({
  editing,
  tree,
  onDone,
}: {
  editing: Editing;
  tree: OrgUnitNode[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const unit = editing.mode === 'edit' ? editing.unit : undefined;
  // A unit cannot move under itself or under one of its own descendants.
  const excluded = unit
    ? (tree.find((node) => node.unit.id === unit.id)?.subtree ?? new Set([unit.id]))
    : new Set<string>();

  const form = useForm<OrgUnitFormValues>({
    mode: 'uncontrolled',
    initialValues: {
      name: unit?.name ?? '',
      code: unit?.code ?? '',
      kind: unit?.kind ?? 'branch',
      parentId: unit?.parentId ?? null,
    },
    validate: {
      name: (value) => (value.trim() ? null : t('validation.required')),
    },
  });

  const save = useMutation({
    mutationFn: (values: OrgUnitFormValues) => {
      const body = {
        name: values.name.trim(),
        code: values.code.trim() || null,
        kind: values.kind,
        parentId: values.parentId ?? null,
      };
      return unit
        ? unwrap(
            api.PATCH('/api/v1/org-units/{id}', {
              params: { path: { id: unit.id } },
              body: { ...body, version: unit.version },
            }),
          )
        : unwrap(api.POST('/api/v1/org-units', { body }));
    },
    onSuccess: async () => {
      notifySuccess(t);
      await queryClient.invalidateQueries({ queryKey: orgUnitsQuery.queryKey });
      onDone();
    },
    onError: async (error) => {
      if (isConflict(error)) {
        notifyConflict(t);
        await queryClient.invalidateQueries({ queryKey: orgUnitsQuery.queryKey });
        onDone();
        return;
      }
      if (!applyFieldErrors(form, error, { org_unit_cycle: 'parentId', org_unit_not_found: 'parentId' })) {
        notifyError(t, error);
      }
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('orgUnits.fields.name')}
          required
          data-autofocus
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('orgUnits.fields.code')}
            autoCapitalize="none"
            key={form.key('code')}
            {...form.getInputProps('code')}
          />
          <Select
            label={t('orgUnits.fields.kind')}
            data={kinds.map((kind) => ({ value: kind, label: kindLabel(t, kind) }))}
            allowDeselect={false}
            key={form.key('kind')}
            {...form.getInputProps('kind')}
          />
        </SimpleGrid>
        <Select
          label={t('orgUnits.fields.parent')}
          placeholder={t('orgUnits.noParent')}
          data={orgUnitOptions(tree, excluded)}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          key={form.key('parentId')}
          {...form.getInputProps('parentId')}
        />
        <Box mt="xs">
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {unit ? t('common.save') : t('common.create')}
            </Button>
          </Group>
        </Box>
      </Stack>
    </form>
  );
}
