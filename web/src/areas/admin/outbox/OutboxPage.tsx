// 開発用メールボックス: mail the server would have sent, kept for development and tests
// (only when the server runs with its dev outbox on). Links in a body can be followed.
import { Box, Button, Center, Group, Modal, Paper, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client';
import type { OutboxMail } from '../../../api/types';
import { formatDateTime } from '../../../components/date-time';
import { PageHeader } from '../../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { linkify } from './linkified-text';

export function OutboxPage() {
  const { t } = useTranslation();
  const phone = useMediaQuery('(max-width: 48em)');
  const [reading, setReading] = useState<OutboxMail | null>(null);
  const mails = useInfiniteQuery({
    queryKey: ['dev-outbox'],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/dev-outbox', { params: { query: { limit: 50, cursor: pageParam } } })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = mails.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Stack gap="md" maw={1100}>
      <PageHeader title={t('outbox.title')}>
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={() => void mails.refetch()}
          loading={mails.isRefetching}
        >
          {t('common.refresh')}
        </Button>
      </PageHeader>
      <Text size="sm" c="dimmed">
        {t('outbox.intro')}
      </Text>

      {mails.isPending ? (
        <LoadingState />
      ) : mails.isError ? (
        <ErrorState error={mails.error} onRetry={() => void mails.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{t('outbox.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={560}>
            <Table highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="30%">{t('outbox.fields.to')}</Table.Th>
                  <Table.Th>{t('outbox.fields.subject')}</Table.Th>
                  <Table.Th w={170}>{t('outbox.fields.createdAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((mail) => (
                  <Table.Tr key={mail.id} onClick={() => setReading(mail)} style={{ cursor: 'pointer' }}>
                    <Table.Td>
                      <Text size="sm" style={{ wordBreak: 'break-all' }}>
                        {mail.to}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <UnstyledButton
                        onClick={(event) => {
                          event.stopPropagation();
                          setReading(mail);
                        }}
                        fz="sm"
                        fw={500}
                        c="indigo.7"
                      >
                        {mail.subject}
                      </UnstyledButton>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(mail.createdAt)}</Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {mails.hasNextPage && (
            <Center>
              <Button
                variant="default"
                onClick={() => void mails.fetchNextPage()}
                loading={mails.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}

      <Modal
        opened={reading !== null}
        onClose={() => setReading(null)}
        title={reading?.subject}
        size="xl"
        fullScreen={phone}
      >
        {reading && (
          <Stack gap="sm">
            <Group gap="lg">
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  {t('outbox.fields.to')}:{' '}
                </Text>
                {reading.to}
              </Text>
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  {t('outbox.fields.createdAt')}:{' '}
                </Text>
                {formatDateTime(reading.createdAt)}
              </Text>
            </Group>
            <Paper withBorder p="md" bg="gray.0">
              <Box
                component="pre"
                m={0}
                data-testid="mail-body"
                style={{
                  whiteSpace: 'pre-wrap',
                  wordBreak: 'break-word',
                  fontFamily: 'inherit',
                  fontSize: 14,
                }}
              >
                {linkify(reading.text)}
              </Box>
            </Paper>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
