// 各種データ出力: CSV downloads of customers, contracts, line items and invoices, each with
// its encoding (UTF-8 with BOM, or Shift_JIS for older Excel) and header language. Only the
// exports the person may read are listed; the browser streams the file to disk.
import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CsvEncoding, CsvFormatFields, type CsvHeaders } from '../../components/CsvFormatFields';
import { startDownload } from '../../components/download';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState } from '../../components/states';
import { meQuery } from '../auth/session';
import { type DataExport, exportsFor, exportUrl } from './data-exports';

export function ExportsPage() {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const available = exportsFor(me);
  return (
    <Stack gap="md" maw={1200}>
      <PageHeader title={t('exports.title')} />
      <Text size="sm">{t('exports.intro')}</Text>
      {available.length === 0 ? (
        <EmptyState>{t('exports.none')}</EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {available.map((item) => (
            <ExportCard key={item.kind} item={item} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function ExportCard({ item }: { item: DataExport }) {
  const { t } = useTranslation();
  const titleId = useId();
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [headers, setHeaders] = useState<CsvHeaders>('ja');
  const title = t(`exports.kinds.${item.key}.title`);

  function download() {
    startDownload(exportUrl(item.kind, encoding, headers));
    notifySuccess(t, t('exports.started', { name: title }));
  }

  return (
    <Paper component="section" withBorder p="md" radius="md" aria-labelledby={titleId}>
      <Stack gap="sm" h="100%">
        <Title order={3} size="h5" id={titleId}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {t(`exports.kinds.${item.key}.description`)}
        </Text>
        <CsvFormatFields
          encoding={encoding}
          headers={headers}
          onEncodingChange={setEncoding}
          onHeadersChange={setHeaders}
        />
        <Group justify="flex-end" mt="auto">
          <Button leftSection={<IconDownload size={16} />} onClick={download}>
            {t('exports.download')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
