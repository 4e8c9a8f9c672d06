// 注文履歴 › 注文一括登録: new orders from a CSV (one row per line item; rows with one 契約キー
// make one order; a 完了日 completes the row at once). First a preview of what the rows make
// ([確認する], dryRun), then [取り込む] after a confirmation; all or nothing, with the server's
// message per bad row. The layout follows 入金CSV取込 (PaymentImportPage).
import { Alert, Button, Card, Code, FileInput, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import {
  IconAlertCircle,
  IconArrowLeft,
  IconCircleCheck,
  IconDownload,
  IconFileUpload,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { AnchorLink, ButtonLink } from '../../components/links';
import { errorMessage } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { OrderImportRowsTable } from './OrderImportRowsTable';
import { importOrders, type OrderImport } from './order-import';
import { firstOf, rowProblemOf } from './order-import-preview';
import { downloadOrderImportTemplate, ORDER_IMPORT_TEMPLATE_COLUMNS } from './order-import-template';
import { invalidateOrdering } from './ordering-queries';

const COLUMN_KEYS = [
  'customerCode',
  'productCode',
  'quantity',
  'contractName',
  'contractKey',
  'orderedOn',
  'completedOn',
  'chargeStartDate',
  'serialNumber',
] as const;

const SAMPLE = [
  ORDER_IMPORT_TEMPLATE_COLUMNS.join(','),
  'C000001,HIKARI-1G,1,本社回線,A,2026-04-01,2026-04-10,,P1234567890123',
  'C000001,FIXED-IP,1,本社回線,A,2026-04-01,,,',
].join('\n');

export function OrderImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<OrderImport | null>(null);
  const [result, setResult] = useState<OrderImport | null>(null);

  const check = useMutation({ mutationFn: (csv: File) => importOrders(csv, true), onSuccess: setPreview });
  const apply = useMutation({
    mutationFn: (csv: File) => importOrders(csv, false),
    onSuccess: async (imported) => {
      setResult(imported);
      setPreview(null);
      setFile(null);
      await invalidateOrdering(queryClient);
    },
  });
  const busy = check.isPending || apply.isPending;
  const failure = check.error ?? apply.error;
  const problems = failure instanceof ApiError ? firstOf(failure.errors) : null;

  function choose(next: File | null) {
    setFile(next);
    setPreview(null);
    setResult(null);
    check.reset();
    apply.reset();
  }

  function confirmApply(csv: File, counts: OrderImport) {
    modals.openConfirmModal({
      title: t('orders.import.confirmTitle'),
      children: (
        <Stack gap="xs">
          <Text size="sm">
            {t('orders.import.confirm', { orders: counts.orders, lineItems: counts.lineItems })}
          </Text>
          {counts.completedOrders > 0 && (
            <Text size="sm" c="dimmed">
              {t('orders.import.confirmCompleted', { count: counts.completedOrders })}
            </Text>
          )}
        </Stack>
      ),
      labels: { confirm: t('orders.import.apply'), cancel: t('common.cancel') },
      onConfirm: () => apply.mutate(csv),
    });
  }

  return (
    <Stack gap="md" maw={1280}>
      <AnchorLink to="/orders" size="sm" w="fit-content">
        <Group gap={4}>
          <IconArrowLeft size={14} aria-hidden />
          {t('orders.backToList')}
        </Group>
      </AnchorLink>
      <PageHeader title={t('orders.import.title')} />

      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Text size="sm">{t('orders.import.intro')}</Text>
          <Stack gap={6}>
            <Title order={3} size="h5">
              {t('orders.import.columnsTitle')}
            </Title>
            <List size="sm" spacing={4} data-testid="order-import-columns">
              {COLUMN_KEYS.map((key, index) => (
                <List.Item key={key}>
                  <Text span size="sm" fw={600}>
                    {ORDER_IMPORT_TEMPLATE_COLUMNS[index]}
                  </Text>{' '}
                  {t(`orders.import.columns.${key}`)}
                </List.Item>
              ))}
              <List.Item>
                <Text span size="sm" fw={600}>
                  {t('orders.import.attributeColumn')}
                </Text>{' '}
                {t('orders.import.columns.attributes')}
              </List.Item>
            </List>
            <Text size="xs" c="dimmed">
              {t('orders.import.format')}
            </Text>
            <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {SAMPLE}
            </Code>
          </Stack>
          <Group gap="sm">
            <Button
              variant="subtle"
              leftSection={<IconDownload size={16} />}
              onClick={downloadOrderImportTemplate}
              px={4}
            >
              {t('orders.import.template')}
            </Button>
          </Group>
          <Group align="flex-end" gap="sm">
            <FileInput
              label={t('orders.import.file')}
              placeholder={t('orders.import.choose')}
              accept=".csv,text/csv"
              value={file}
              onChange={choose}
              clearable
              disabled={busy}
              leftSection={<IconFileUpload size={16} />}
              w={{ base: '100%', sm: 360 }}
            />
            <Button
              variant="default"
              onClick={() => file && check.mutate(file)}
              disabled={!file || busy}
              loading={check.isPending}
            >
              {t('orders.import.check')}
            </Button>
          </Group>
        </Stack>
      </Card>

      {busy && (
        <Group gap="xs" role="status" aria-live="polite">
          <Loader size="sm" />
          <Text size="sm" c="dimmed">
            {check.isPending ? t('orders.import.checking') : t('orders.import.applying')}
          </Text>
        </Group>
      )}

      {failure && (
        <Alert
          color="red"
          icon={<IconAlertCircle size={18} />}
          title={t('orders.import.failed')}
          role="alert"
        >
          <Stack gap="xs">
            <Text size="sm">{errorMessage(t, failure)}</Text>
            {problems && problems.shown.length > 0 && (
              <List size="sm" spacing={2} data-testid="order-import-errors">
                {problems.shown.map((item) => {
                  const problem = rowProblemOf(item);
                  return (
                    <List.Item key={`${item.path}:${item.message}`} style={{ overflowWrap: 'anywhere' }}>
                      {problem.message}
                      {problem.column && (
                        <>
                          {' '}
                          <Code>{problem.column}</Code>
                        </>
                      )}
                    </List.Item>
                  );
                })}
              </List>
            )}
            {problems && problems.more > 0 && (
              <Text size="sm" fw={500}>
                {t('orders.import.moreErrors', { count: problems.more })}
              </Text>
            )}
          </Stack>
        </Alert>
      )}

      {preview && file && (
        <Card withBorder radius="md" padding="lg" data-testid="order-import-preview">
          <Stack gap="md">
            <Group justify="space-between" gap="xs">
              <Title order={3} size="h4">
                {t('orders.import.previewTitle')}
              </Title>
              <Text size="sm" fw={500} data-testid="order-import-summary">
                {t('orders.import.summary', {
                  orders: preview.orders,
                  lineItems: preview.lineItems,
                  completed: preview.completedOrders,
                })}
              </Text>
            </Group>
            <ImportedRows imported={preview} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => choose(null)} disabled={busy}>
                {t('common.cancel')}
              </Button>
              <Button onClick={() => confirmApply(file, preview)} disabled={busy} loading={apply.isPending}>
                {t('orders.import.apply')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}

      {result && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Alert
              color="teal"
              icon={<IconCircleCheck size={18} />}
              title={t('orders.import.applied', { count: result.orders })}
              role="status"
            >
              <Stack gap="xs" align="flex-start">
                <Text size="sm">
                  {t('orders.import.appliedDetail', {
                    lineItems: result.lineItems,
                    completed: result.completedOrders,
                  })}
                </Text>
                <ButtonLink to="/orders" variant="light" size="xs">
                  {t('orders.import.toHistory')}
                </ButtonLink>
              </Stack>
            </Alert>
            <ImportedRows imported={result} />
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

/** The first rows of an import, with a note of how many more it holds. */
function ImportedRows({ imported }: { imported: OrderImport }) {
  const { t } = useTranslation();
  const { shown, more } = firstOf(imported.rows);
  return (
    <Stack gap="xs">
      <OrderImportRowsTable rows={shown} applied={imported.applied} />
      {more > 0 && (
        <Text size="sm" c="dimmed" data-testid="order-import-more">
          {t('orders.import.moreRows', { shown: shown.length, count: more })}
        </Text>
      )}
    </Stack>
  );
}
