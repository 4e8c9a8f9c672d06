// 変更履歴: the audit log of one record (who, when, what changed from what to what).
import { Button, Center, List, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { changedFields } from './audit-changes';
import { formatDateTime } from './date-time';
import { EmptyState, ErrorState, LoadingState } from './states';

export interface AuditTrailProps {
  entity: string;
  entityId: string;
  /** The label of a field of this entity; defaults to the field name. */
  fieldLabel?: (field: string) => string;
  /** How to show a value of a field; defaults to plain text. */
  formatValue?: (field: string, value: unknown) => string;
}

export function AuditTrail({ entity, entityId, fieldLabel, formatValue }: AuditTrailProps) {
  const { t } = useTranslation();
  const entries = useInfiniteQuery({
    queryKey: ['audit', entity, entityId],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/audit', {
          params: { query: { entity, id: entityId, limit: 20, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  const plain = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (Array.isArray(value)) return value.length ? value.map((item) => plain(item)).join(', ') : '—';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
  const show = (field: string, value: unknown) =>
    value === null || value === undefined ? '—' : (formatValue?.(field, value) ?? plain(value));

  if (entries.isPending) return <LoadingState />;
  if (entries.isError) return <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />;
  const rows = entries.data.pages.flatMap((page) => page.items);
  if (rows.length === 0) return <EmptyState>{t('audit.empty')}</EmptyState>;

  return (
    <Stack gap="sm">
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="xs" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={170}>{t('audit.at')}</Table.Th>
              <Table.Th w={140}>{t('audit.actor')}</Table.Th>
              <Table.Th w={120}>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => {
              const changes = changedFields(entry);
              return (
                <Table.Tr key={entry.id}>
                  <Table.Td>
                    <Text size="sm">{formatDateTime(entry.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{entry.actorName || t('audit.system')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {t(`audit.actions.${entry.action}` as 'audit.actions.create', {
                        defaultValue: entry.action,
                      })}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {changes.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        —
                      </Text>
                    ) : (
                      <List size="sm" spacing={2} listStyleType="none">
                        {changes.map((change) => (
                          <List.Item key={change.field}>
                            <Text span size="sm" fw={500}>
                              {fieldLabel?.(change.field) ?? change.field}
                            </Text>
                            {': '}
                            <Text span size="sm" c="dimmed">
                              {show(change.field, change.before)}
                            </Text>
                            {' → '}
                            <Text span size="sm">
                              {show(change.field, change.after)}
                            </Text>
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {entries.hasNextPage && (
        <Center>
          <Button
            variant="default"
            size="xs"
            onClick={() => void entries.fetchNextPage()}
            loading={entries.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Center>
      )}
    </Stack>
  );
}
