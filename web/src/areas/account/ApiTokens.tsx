// API トークン: tokens for `Authorization: Bearer`, created by name and shown once.
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { IconAlertTriangle, IconCheck, IconCopy, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { formatDateTime } from '../../components/date-time';
import { applyFieldErrors } from '../../components/form-errors';
import { notifyError, notifySuccess } from '../../components/notify';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';

const tokensQueryKey = ['api-tokens'] as const;

export function ApiTokens() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const tokens = useQuery({
    queryKey: tokensQueryKey,
    queryFn: async () => (await unwrap(api.GET('/api/v1/api-tokens'))).items,
  });

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '' },
    validate: { name: (value) => (value.trim() ? null : t('validation.required')) },
  });

  const create = useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/v1/api-tokens', { body: { name } })),
    onSuccess: async (token) => {
      setCreated({ name: token.name, token: token.token });
      form.reset();
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) notifyError(t, error);
    },
  });

  const revoke = useMutation({
    mutationFn: (token: ApiToken) =>
      unwrap(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id: token.id } } })),
    onSuccess: async () => {
      notifySuccess(t, t('account.tokens.revoked'));
      await queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
    onError: (error) => notifyError(t, error),
  });

  function confirmRevoke(token: ApiToken) {
    modals.openConfirmModal({
      title: t('account.tokens.revoke'),
      children: <Text size="sm">{t('account.tokens.revokeConfirm', { name: token.name })}</Text>,
      labels: { confirm: t('account.tokens.revoke'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(token),
    });
  }

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('account.tokens.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('account.tokens.intro')}
        </Text>

        <form onSubmit={form.onSubmit((values) => create.mutate(values.name.trim()))} noValidate>
          <Group align="flex-end" gap="sm">
            <TextInput
              label={t('account.tokens.name')}
              placeholder={t('account.tokens.namePlaceholder')}
              required
              flex={1}
              miw={200}
              key={form.key('name')}
              {...form.getInputProps('name')}
            />
            <Button type="submit" loading={create.isPending}>
              {t('account.tokens.create')}
            </Button>
          </Group>
        </form>

        {created && (
          <Alert
            color="yellow"
            icon={<IconAlertTriangle size={18} />}
            title={t('account.tokens.createdTitle', { name: created.name })}
            withCloseButton
            closeButtonLabel={t('common.close')}
            onClose={() => setCreated(null)}
          >
            <Stack gap="xs">
              <Text size="sm" fw={500}>
                {t('account.tokens.shownOnce')}
              </Text>
              <Group gap="xs" wrap="nowrap" align="center">
                <Code
                  block
                  flex={1}
                  style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
                  data-testid="new-token"
                >
                  {created.token}
                </Code>
                <CopyButton value={created.token} timeout={2000}>
                  {({ copied, copy }) => (
                    <Tooltip label={copied ? t('common.copied') : t('common.copy')} withArrow>
                      <ActionIcon
                        color={copied ? 'teal' : 'gray'}
                        variant="light"
                        size="lg"
                        onClick={copy}
                        aria-label={t('common.copy')}
                      >
                        {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                      </ActionIcon>
                    </Tooltip>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Alert>
        )}

        {tokens.isPending ? (
          <LoadingState />
        ) : tokens.isError ? (
          <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
        ) : tokens.data.length === 0 ? (
          <EmptyState>{t('account.tokens.empty')}</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('account.tokens.name')}</Table.Th>
                  <Table.Th>{t('account.tokens.prefix')}</Table.Th>
                  <Table.Th>{t('account.tokens.createdAt')}</Table.Th>
                  <Table.Th>{t('account.tokens.lastUsedAt')}</Table.Th>
                  <Table.Th w={56} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.map((token) => (
                  <Table.Tr key={token.id}>
                    <Table.Td>{token.name}</Table.Td>
                    <Table.Td>
                      <Code>{token.prefix}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{formatDateTime(token.createdAt)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={token.lastUsedAt ? undefined : 'dimmed'}>
                        {token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('account.tokens.neverUsed')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t('account.tokens.revoke')}>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          onClick={() => confirmRevoke(token)}
                          aria-label={`${t('account.tokens.revoke')}: ${token.name}`}
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
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
