// 請求管理 › 入金CSV取込: a bank's or the collection agency's CSV of payments received
// (請求番号, 入金日, 金額, 支払方法, 参照), matched on invoice number. First a preview of every row,
// then [この内容で取り込む]; all or nothing, with the server's message per bad row.
import { Alert, Button, Card, Code, FileInput, Group, List, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconFileUpload } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { formatYen } from '../../components/money';
import { errorMessage, notifySuccess } from '../../components/notify';
import { BillingSection } from './BillingSection';
import { invalidateBilling } from './billing-queries';
import type { PaymentImport } from './billing-types';
import { ImportRowsTable } from './ImportRowsTable';
import { importPayments } from './payment-import';

const SAMPLE = '請求番号,入金日,金額,支払方法,参照\nINV-00000001,2026-12-25,15246,銀行振込,ｶ)ｻﾝﾌﾟﾙ';

export function PaymentImportPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<PaymentImport | null>(null);

  const check = useMutation({ mutationFn: (csv: File) => importPayments(csv, true), onSuccess: setPreview });
  const apply = useMutation({
    mutationFn: (csv: File) => importPayments(csv, false),
    onSuccess: async (result) => {
      notifySuccess(t, t('billing.import.applied', { count: result.rows.length }));
      setPreview(null);
      setFile(null);
      await invalidateBilling(queryClient);
    },
  });
  const failure = check.error ?? apply.error;

  function choose(next: File | null) {
    setFile(next);
    setPreview(null);
    check.reset();
    apply.reset();
  }

  return (
    <BillingSection>
      <Card withBorder radius="md" padding="lg">
        <Stack gap="md">
          <Text size="sm">{t('billing.import.intro')}</Text>
          <Stack gap={4}>
            <Text size="xs" c="dimmed">
              {t('billing.import.format')}
            </Text>
            <Code block>{SAMPLE}</Code>
          </Stack>
          <Group align="flex-end" gap="sm">
            <FileInput
              label={t('billing.import.file')}
              placeholder={t('billing.import.choose')}
              accept=".csv,text/csv"
              value={file}
              onChange={choose}
              clearable
              leftSection={<IconFileUpload size={16} />}
              w={{ base: '100%', sm: 360 }}
            />
            <Button
              variant="default"
              onClick={() => file && check.mutate(file)}
              disabled={!file}
              loading={check.isPending}
            >
              {t('billing.import.check')}
            </Button>
          </Group>
        </Stack>
      </Card>

      {failure && (
        <Alert
          color="red"
          icon={<IconAlertCircle size={18} />}
          title={t('billing.import.failed')}
          role="alert"
        >
          <Stack gap="xs">
            <Text size="sm">{errorMessage(t, failure)}</Text>
            {failure instanceof ApiError && failure.errors.length > 0 && (
              <List size="sm" spacing={2} data-testid="import-errors">
                {failure.errors.map((item) => (
                  <List.Item key={`${item.path}:${item.message}`}>{item.message}</List.Item>
                ))}
              </List>
            )}
          </Stack>
        </Alert>
      )}

      {preview && file && (
        <Card withBorder radius="md" padding="lg">
          <Stack gap="md">
            <Group justify="space-between">
              <Title order={3} size="h4">
                {t('billing.import.previewTitle')}
              </Title>
              <Text size="sm" fw={500}>
                {t('billing.import.summary', { count: preview.rows.length, total: formatYen(preview.total) })}
              </Text>
            </Group>
            <ImportRowsTable rows={preview.rows} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => choose(null)}>
                {t('common.cancel')}
              </Button>
              <Button onClick={() => apply.mutate(file)} loading={apply.isPending}>
                {t('billing.import.apply')}
              </Button>
            </Group>
          </Stack>
        </Card>
      )}
    </BillingSection>
  );
}
